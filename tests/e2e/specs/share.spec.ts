// The URL is the state: a share link restores exactly what was on the screen, and the embed card
// fits the documented iframe.
import { test, expect, open } from '../support/fixtures';

const hooks = ['level-compute', 'level-residency', 'level-failure-domain', 'level-control-plane'];

async function levels(page: import('@playwright/test').Page): Promise<string[]> {
  return Promise.all(hooks.map((id) => page.getByTestId(id).getAttribute('data-level').then((v) => v ?? '')));
}

test('a share link opened in a new page restores the same state', async ({ page, context }) => {
  await open(page, '?preset=saas-notebooks');
  await page.getByLabel('What must it survive?').selectOption('region');
  await page.getByLabel('PCI DSS: cardholder data environment').check();
  // The share link is in the panels, which take the first view's state a task later.
  await expect(page.getByTestId('share-link')).toHaveValue(/pci-cde/);
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('preset=saas-notebooks');
  expect(link).toContain('survive=region');
  const before = await levels(page);
  const ruler = await page.getByTestId('scale-ruler').locator('title').textContent();

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('level-compute')).toBeVisible();
  expect(await levels(other)).toEqual(before);
  await expect(other.getByTestId('scale-ruler').locator('title')).toHaveText(ruler!);
  await expect(other.getByLabel('What must it survive?')).toHaveValue('region');
  await expect(other.getByLabel('PCI DSS: cardholder data environment')).toBeChecked();
  // The second page is guarded like the first (the fixture watches every page of the context).
});

test('answering changes the ruler and the stack diagram', async ({ page }) => {
  await open(page, '?tenants=single-team&survive=none');
  const ruler = page.getByTestId('scale-ruler').locator('title');
  await expect(ruler).toContainText('isolation processes');
  await page.getByLabel('Who shares the platform with this workload?').selectOption('anonymous');
  await expect(ruler).toContainText('isolation virtual machines');
  await page.getByLabel('What must it survive?').selectOption('datacenter');
  await expect(ruler).toContainText('availability separate data centers');
  await expect(page.getByTestId('stack-diagram').locator('desc')).toContainText('tenant boundary');
});

test('embed mode shows the compact card within 640×420', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 420 });
  await page.goto('/?preset=public-cloud&embed=1');
  await expect(page.getByTestId('embed-card')).toBeVisible();
  await expect(page.getByTestId('scale-ruler')).toBeVisible();
  await expect(page.getByTestId('stack-diagram')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in full' })).toHaveAttribute('href', /preset=public-cloud/);
  await expect(page.locator('form')).toHaveCount(0);
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(size.width).toBeLessThanOrEqual(640);
  expect(size.height).toBeLessThanOrEqual(420);
});
