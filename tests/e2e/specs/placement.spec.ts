// The placement panel: the derived request placed on the default estate with its availability,
// an infeasible request explained, a pasted kubectl topology, and the exports.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, open, openTopologyPicker, screenshots } from '../support/fixtures';

const kubectlFixture = path.resolve(__dirname, '../../../crates/tenancy-core/tests/fixtures/kubectl-nodes.json');

test('the derived request is placed on the default estate with its availability', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  const status = page.getByTestId('placement-status');
  await expect(status).toHaveAttribute('data-feasible', 'true');
  const p = Number(await page.getByTestId('p-quorum').getAttribute('data-value'));
  expect(p).toBeGreaterThan(0.99);
  expect(p).toBeLessThan(1);
  // What is displayed is that probability, to two figures: in nines (with the range the rates'
  // bounds give) and as minutes a year without quorum.
  const twoFigures = (x: number) => {
    const rounded = Number(x.toPrecision(2));
    return rounded.toFixed(Math.max(0, 1 - Math.floor(Math.log10(Math.abs(rounded)))));
  };
  const nines = twoFigures(-Math.log10(1 - p));
  await expect(page.getByTestId('nines')).toHaveText(new RegExp(`^2 of 3 replicas up: ${nines} nines \\(range [0-9.–]+\\)$`));
  await expect(page.getByTestId('downtime')).toHaveText(
    new RegExp(`^on average ${twoFigures((1 - p) * 525960)} minutes a year without quorum \\(range `),
  );
  await expect(page.getByTestId('common-mode')).toContainText('common mode');
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
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  const editor = page.getByLabel(/Placement request/);
  // Applied as typed: no blur needed.
  await editor.fill(
    JSON.stringify({ replicas: 5, quorum: 2, rules: [{ kind: 'region', max_per_domain: 1 }, { kind: 'host', max_per_domain: 1 }] }),
  );
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'false');
  await expect(page.getByTestId('conflict')).toContainText('4 regions × at most 1 per region = 4 < 5 replicas');
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('rules=region:max_per_domain:1,host:max_per_domain:1');
  expect(link).toContain('replicas=5');
  expect(link).toContain('quorum=2');
  await expect(page.getByLabel('Quorum (replicas that must be up)')).toHaveValue('2');
  await page.getByRole('button', { name: 'Derive from the answers again' }).click();
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
});

test('a bad request is refused inline, naming the problem', async ({ page }) => {
  await open(page);
  // Typed once the derived request is shown, as a person would.
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  const editor = page.getByLabel(/Placement request/);
  await editor.fill('{"replicas": 3, "rules": [{"kind": "rak", "max_per_domain": 1}]}');
  await expect(page.getByTestId('notice')).toContainText('rak');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
});

test('a hand-edited request that cannot survive the answer is warned about', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await expect(page.getByTestId('survival-warning')).toHaveCount(0);
  await page.getByLabel(/Placement request/).fill(JSON.stringify({ replicas: 3, rules: [{ kind: 'host', max_per_domain: 1 }] }));
  await expect(page.getByTestId('survival-warning')).toContainText('rack');
});

test('a pasted kubectl topology is imported and placed', async ({ page }) => {
  await open(page, '?survive=host&replicas=3');
  await openTopologyPicker(page);
  await page.getByLabel('Topology text').fill(fs.readFileSync(kubectlFixture, 'utf8'));
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('estate-origin')).toContainText('your kubectl get nodes -o json (pasted,');
  await expect(page.getByTestId('example-note')).toHaveCount(0);
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await expect(page.getByTestId('placement-diagram').locator('title')).toContainText('kubectl');
  await expect(page.getByTestId('import-warnings')).toContainText('cordoned');
  // The pasted topology is not in the link.
  expect(await page.getByTestId('share-link').inputValue()).not.toContain('kubectl');
});

test('a broken paste is refused inline and the default stays', async ({ page }) => {
  await open(page);
  await openTopologyPicker(page);
  await page.getByLabel('Topology text').fill('{"version": 1, "kinds": [], "hosts": [{"name": "a"}, {"name": "a"}]}');
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('notice')).toContainText('It was read as Tenancy Scale topology JSON');
  await expect(page.getByTestId('notice')).toContainText('duplicate host name `a` at hosts[1]');
  await expect(page.getByTestId('estate-origin')).toHaveText('Placed on the example estate.');
});

test('the exports show configuration and what each target cannot express', async ({ page }) => {
  await open(page, '?preset=public-cloud');
  const text = page.getByTestId('export-text');
  // The example estate's exports say they are examples.
  await expect(page.getByTestId('example-note')).toContainText('Example');
  // The preset runs its own hypervisors on bare metal: Nomad's job comes first.
  await expect(page.getByRole('tab').first()).toHaveText('Nomad');
  await expect(text).toContainText('distinct_hosts');
  await page.getByRole('tab', { name: 'Kubernetes' }).click();
  await expect(text).toContainText('kind: Deployment');
  await expect(text).toContainText('runtimeClassName');
  await page.getByRole('tab', { name: 'Ceph CRUSH' }).click();
  await expect(text).toContainText('step emit');
  await page.getByRole('tab', { name: 'OpenStack Nova' }).click();
  await expect(text).toContainText('server group create');
  await expect(page.locator('.lossy li')).not.toHaveCount(0);
  // What a note quotes (a scope, a label) reads as code, never as raw backticks.
  await expect(page.locator('.lossy')).not.toContainText('`');
  await screenshots(page, 'placement');
});

test("the platform's own export target comes first", async ({ page }) => {
  await open(page, '?platform=vm-fleet');
  await expect(page.getByRole('tab').first()).toHaveText('OpenStack Nova');
  await expect(page.getByRole('tab', { name: 'OpenStack Nova' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('export-text')).toContainText('server group create');
});
