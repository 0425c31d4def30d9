// The scope keeps replicas as close as the survival goal allows: the default page and every preset
// except survive-anything place nothing on the Moon (Shackleton crater, hosts `shk1-…`), and the
// scope picker widens or narrows the placement.
import { test, expect, open } from '../support/fixtures';
import { presetIds } from '../support/cli';

/** The hosts the placement uses, read from the estate figure's description. */
async function placedHosts(page: import('@playwright/test').Page): Promise<string[]> {
  // The worker answers after the page changes: wait until the placement shown is the newest.
  await expect(page.getByTestId('placement-result')).not.toHaveClass(/stale/);
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  const desc = await page.getByTestId('placement-diagram').locator('desc').textContent();
  return [...(desc ?? '').matchAll(/replica \d+ on ([\w-]+)/g)].map((m) => m[1]);
}

test('the default page places every replica on Earth, in one data center', async ({ page }) => {
  await open(page);
  const hosts = await placedHosts(page);
  expect(hosts.length).toBeGreaterThan(0);
  expect(hosts.filter((h) => h.startsWith('shk1-'))).toEqual([]);
  const sites = new Set(hosts.map((h) => h.split('-')[0]));
  expect(sites.size).toBe(1);
  await expect(page.getByTestId('request-scope')).toHaveValue('datacenter');
});

for (const id of presetIds()) {
  test(`preset ${id} ${id === 'survive-anything' ? 'reaches' : 'stays off'} the Moon`, async ({ page }) => {
    await open(page);
    await page.getByTestId('preset-select').selectOption(id);
    const hosts = await placedHosts(page);
    const lunar = hosts.filter((h) => h.startsWith('shk1-'));
    if (id === 'survive-anything') {
      expect(lunar.length).toBeGreaterThan(0);
    } else {
      expect(lunar, `${id} placed ${hosts.join(', ')}`).toEqual([]);
    }
  });
}

test('choosing "anywhere" as the scope goes into the share link', async ({ page }) => {
  await open(page, '?survive=host&replicas=3');
  await page.getByTestId('request-scope').selectOption('any');
  await expect(page.getByTestId('request-scope')).toHaveValue('any');
  // The worker takes the scope into the link (after any twin question it is answering).
  await expect(page.getByTestId('share-link')).toHaveValue(/scope=any/);
  const sites = new Set((await placedHosts(page)).map((h) => h.split('-')[0]));
  expect(sites.size).toBeGreaterThan(1);
});
