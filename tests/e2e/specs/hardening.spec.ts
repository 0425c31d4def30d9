// Hostile input renders as inert text, and the input limits give a clear message quickly.
import * as fs from 'node:fs';
import { test, expect, open, openTopologyPicker } from '../support/fixtures';

const payload = `<img src=x onerror="window.__pwned=1">"><script>window.__pwned=2</script>`;

test('XSS payloads in query parameters render as inert text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await open(page, `?tenants=${encodeURIComponent(payload)}&preset=${encodeURIComponent(payload)}&rules=${encodeURIComponent(payload)}`);
  await expect(page.getByTestId('notice').first()).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test('XSS payloads in topology names and labels render as inert text', async ({ page }) => {
  await open(page, '?survive=rack&replicas=2');
  const topology = {
    version: 1,
    name: payload,
    kinds: ['datacenter', 'rack'],
    hosts: [
      { name: `${payload}-1`, labels: { pool: payload }, domains: { datacenter: payload, rack: `${payload}r1` } },
      { name: `${payload}-2`, labels: { pool: payload }, domains: { datacenter: payload, rack: `${payload}r2` } },
    ],
  };
  await openTopologyPicker(page);
  await page.getByLabel('Topology text').fill(JSON.stringify(topology));
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await expect(page.getByTestId('placement-diagram').locator('title')).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator('img, script:not([src])').count()).toBe(0);
  // The exports quote the names safely too.
  await page.getByRole('tab', { name: 'Markdown report' }).click();
  await expect(page.getByTestId('export-text')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
});

test('a topology over 64 MiB is refused at once with the limit named', async ({ page }, testInfo) => {
  await open(page);
  await openTopologyPicker(page);
  const big = testInfo.outputPath('huge.json');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 65 * 1024 * 1024);
  const started = Date.now();
  await page.getByLabel('File').setInputFiles(big);
  await expect(page.getByTestId('notice')).toContainText('more than the 64 MiB limit');
  expect(Date.now() - started).toBeLessThan(30_000);
  await expect(page.getByTestId('estate-origin')).toHaveText('Placed on the example estate.');
});

test('a topology over 1,000,000 hosts is refused with the limit named', async ({ page }) => {
  // Reading 17 MB in the worker takes seconds on a busy machine.
  test.setTimeout(240_000);
  await open(page);
  await openTopologyPicker(page);
  // 1,000,001 minimal hosts fit in about 17 MB.
  const hosts = Array.from({ length: 1_000_001 }, (_, i) => `{"name":"h${i}"}`).join(',');
  const text = `{"version":1,"kinds":[],"hosts":[${hosts}]}`;
  await page.getByLabel('File').setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('notice')).toContainText('more than the limit of 1,000,000', { timeout: 200_000 });
  await expect(page.getByTestId('estate-origin')).toHaveText('Placed on the example estate.');
});
