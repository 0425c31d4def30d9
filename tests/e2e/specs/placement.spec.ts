// The placement panel: the derived request placed on the default estate with its availability,
// an infeasible request explained, a pasted kubectl topology, and the exports.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, open, screenshots } from '../support/fixtures';

const kubectlFixture = path.resolve(__dirname, '../../../crates/tenancy-core/tests/fixtures/kubectl-nodes.json');

test('the derived request is placed on the default estate with its availability', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  const status = page.getByTestId('placement-status');
  await expect(status).toHaveAttribute('data-feasible', 'true');
  const p = Number(await page.getByTestId('p-quorum').getAttribute('data-value'));
  expect(p).toBeGreaterThan(0.99);
  expect(p).toBeLessThan(1);
  const diagram = page.getByTestId('placement-diagram');
  // Three replica hosts plus the legend's sample square.
  await expect(diagram.locator('rect.estate-replica')).toHaveCount(4);
  await expect(page.locator('table.failures tbody tr')).not.toHaveCount(0);
});

test('an infeasible request shows its minimal conflict in words', async ({ page }) => {
  await open(page, '?replicas=3&rules=planet:max_per_domain:1');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'false');
  await expect(page.getByTestId('conflict')).toHaveText('2 planets × at most 1 per planet = 2 < 3 replicas');
  await expect(page.locator('.conflict li')).toHaveCount(1);
});

test('editing the request by hand goes into the share link', async ({ page }) => {
  await open(page, '?survive=host');
  const editor = page.getByLabel(/Placement request/);
  await editor.fill(
    JSON.stringify({ replicas: 5, rules: [{ kind: 'region', max_per_domain: 1 }, { kind: 'host', max_per_domain: 1 }] }),
  );
  await editor.blur();
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'false');
  await expect(page.getByTestId('conflict')).toContainText('4 regions × at most 1 per region = 4 < 5 replicas');
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('rules=region:max_per_domain:1,host:max_per_domain:1');
  expect(link).toContain('replicas=5');
  await page.getByRole('button', { name: 'Derive from the answers again' }).click();
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
});

test('a bad request is refused inline, naming the problem', async ({ page }) => {
  await open(page);
  const editor = page.getByLabel(/Placement request/);
  await editor.fill('{"replicas": 3, "rules": [{"kind": "rak", "max_per_domain": 1}]}');
  await editor.blur();
  await expect(page.getByTestId('notice')).toContainText('rak');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
});

test('a pasted kubectl topology is imported and placed', async ({ page }) => {
  await open(page, '?survive=host&replicas=3');
  await page.getByText('use your own').click();
  await page.getByLabel('Topology JSON').fill(fs.readFileSync(kubectlFixture, 'utf8'));
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.locator('.estate-picker summary')).toContainText('kubectl');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await expect(page.getByTestId('placement-diagram').locator('title')).toContainText('kubectl');
  await expect(page.locator('.estate-warnings')).toContainText('cordoned');
  // The pasted topology is not in the link.
  expect(await page.getByTestId('share-link').inputValue()).not.toContain('kubectl');
});

test('a broken paste is refused inline and the default stays', async ({ page }) => {
  await open(page);
  await page.getByText('use your own').click();
  await page.getByLabel('Topology JSON').fill('{"version": 1, "kinds": [], "hosts": [{"name": "a"}, {"name": "a"}]}');
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('notice')).toContainText('duplicate host name `a` at hosts[1]');
  await expect(page.locator('.estate-picker summary')).toContainText('the default estate');
});

test('the exports show configuration and what each target cannot express', async ({ page }) => {
  await open(page, '?preset=public-cloud');
  const text = page.getByTestId('export-text');
  await expect(text).toContainText('kind: Deployment');
  await expect(text).toContainText('runtimeClassName');
  await page.getByRole('tab', { name: 'Ceph CRUSH' }).click();
  await expect(text).toContainText('step emit');
  await page.getByRole('tab', { name: 'Nomad' }).click();
  await expect(text).toContainText('distinct_hosts');
  await page.getByRole('tab', { name: 'OpenStack Nova' }).click();
  await expect(text).toContainText('server group create');
  await expect(page.locator('.lossy li')).not.toHaveCount(0);
  await screenshots(page, 'placement');
});
