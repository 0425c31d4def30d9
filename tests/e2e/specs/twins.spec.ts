// What you will get: the Kubernetes tab's kube-scheduler twin on our manifest and on a pasted
// one, the Ceph tab's pool simulation on a pasted CRUSH map; axe on these panels at both widths;
// screenshots of the export card at 1280 and 360 px, light and dark.
import * as fs from 'fs';
import * as path from 'path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, open, openTopologyPicker } from '../support/fixtures';

const fixtures = path.resolve(__dirname, '../../../crates/tenancy-core/tests/fixtures');
const nodes3Zones = fs.readFileSync(path.join(fixtures, 'k8s-nodes-3-zones.json'), 'utf8');
const deployment = fs.readFileSync(path.join(fixtures, 'k8s-deployment-spread.yaml'), 'utf8');
const crushMap = fs.readFileSync(path.join(fixtures, 'ceph/set-choose.txt'), 'utf8');
test.describe.configure({ timeout: 120_000 });

/** A Deployment with no scheduling terms at all: only the scheduler's default soft spreading. */
const bareDeployment = fs.readFileSync(path.resolve(__dirname, '../fixtures/k8s-deployment-bare.yaml'), 'utf8');
const shotsDir = path.resolve(__dirname, '../../../target/e2e-shots');

async function useTopology(page: Page, text: string, origin: string): Promise<void> {
  await openTopologyPicker(page);
  await page.getByLabel('Topology text').fill(text);
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('estate-origin')).toContainText(origin);
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
}

/** The findings once the worker has answered the newest question. */
async function findings(page: Page) {
  const box = page.getByTestId('twin-findings');
  await expect(box).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  return box;
}

async function axeOnExports(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      const results = await new AxeBuilder({ page }).include('.exports').analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad, `${colorScheme}, ${width} px`).toEqual([]);
    }
  }
}

async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.locator('.exports').screenshot({ path: path.join(shotsDir, `${name}-${width}-${colorScheme}.png`) });
    }
  }
}

test('the Kubernetes tab says what the scheduler may do with our manifest on the example estate', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  await expect(page.getByRole('tab', { name: 'Kubernetes' })).toHaveAttribute('aria-selected', 'true');
  const box = await findings(page);
  const section = box.getByTestId('twin-section');
  await expect(section).toHaveCount(1);
  await expect(section.locator('h4')).toHaveText('Deployment default/workload');
  await expect(section).toContainText("Twin's worst case");
  await expect(section).toContainText('2 of 3 replicas up');
  await expect(section).toContainText('Our optimum (same rules)');
  await expect(section).toContainText('in one rack');
  // The chart is one SVG with its title, and can be saved.
  const chart = page.getByTestId('twin-chart-0');
  await expect(chart.locator('title')).toHaveText('Seeded scheduler runs that keep quorum');
  await expect(chart.locator('rect').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download chart SVG' }).click();
  expect((await download).suggestedFilename()).toBe('tenancy-twin.svg');
  await axeOnExports(page);
  await shots(page, 'twin-k8s-ours');

  // A Deployment with no scheduling terms: the worst case falls short, and the fix is named.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByText('Audit your own manifest').click();
  await page.getByLabel('Manifest', { exact: true }).fill(bareDeployment);
  await page.getByRole('button', { name: 'Audit this manifest' }).click();
  await expect((await findings(page)).locator('h4')).toHaveText('Deployment default/api');
  await expect(page.getByTestId('twin-shortfall')).toContainText(
    'In the worst case the quorum does not survive the loss of one region or one hazard',
  );
  await expect(page.getByTestId('twin-fix')).toContainText('topology.kubernetes.io/region');
  await axeOnExports(page);
  await shots(page, 'twin-k8s-shortfall');
});

test('a pasted manifest is audited on a pasted node list, and a bad one is named', async ({ page }) => {
  await open(page, '?replicas=3');
  await useTopology(page, nodes3Zones, 'your kubectl get nodes -o json');
  await page.getByText('Audit your own manifest').click();
  await page.getByLabel('Manifest', { exact: true }).fill(deployment);
  await page.getByRole('button', { name: 'Audit this manifest' }).click();
  await expect(page.getByTestId('twin').locator('h3')).toHaveText('What your manifest gets on these nodes');
  const box = await findings(page);
  const section = box.getByTestId('twin-section');
  await expect(section.locator('h4')).toHaveText('Deployment shop/checkout');
  await expect(section).toContainText('host: max skew 1');
  await expect(section).toContainText('2 of 5 in one datacenter');
  await expect(section).toContainText('control-plane');
  await expect(page.getByTestId('twin-chart-0').locator('desc')).toContainText('one datacenter fails: 50/50 runs keep quorum');
  await axeOnExports(page);
  await shots(page, 'twin-k8s-pasted');

  await page.getByLabel('Manifest', { exact: true }).fill('kind: Service\nmetadata: {name: x}\n');
  await page.getByRole('button', { name: 'Audit this manifest' }).click();
  await expect(page.getByTestId('twin-error')).toContainText('The manifest was not read: ');
  await expect(page.getByTestId('twin-section')).toHaveCount(0);
  // Back to our own manifest on these nodes.
  await page.getByRole('button', { name: 'Back to our manifest' }).click();
  await expect((await findings(page)).locator('h4')).toHaveText('Deployment default/workload');
});

test('the Ceph tab says what to paste, then simulates our rule on a pasted CRUSH map', async ({ page }) => {
  await open(page, '?replicas=3');
  await page.getByRole('tab', { name: 'Ceph CRUSH' }).click();
  await expect((await findings(page)).getByTestId('twin-hint')).toContainText('crushtool -d');
  await expect(page.getByTestId('twin-hint')).toContainText('ceph osd crush dump -f json');

  await useTopology(page, crushMap, 'crushtool -d');
  const box = await findings(page);
  const section = box.getByTestId('twin-section');
  await expect(section).toContainText('size 3, 128 placement groups');
  const row = (label: string) => section.locator('.twin-rows div', { hasText: label }).locator('dd');
  await expect(row('Bad mappings')).toHaveText('0 of 128 (0.0 %)');
  await expect(row('PGs at our optimum')).toHaveText('128 of 128 as spread (100.0 %), 128 as available');
  await expect(row('Availability across PGs')).toContainText('worst ');
  await expect(page.getByTestId('twin-chart-0').locator('title')).toHaveText('Blast radius per placement group');
  await page.getByLabel('Placement groups (pg_num)').fill('64');
  await expect(section).toContainText('size 3, 64 placement groups');
  await page.getByLabel('Placement groups (pg_num)').fill('0');
  await expect(page.getByText('pg_num must be a whole number from 1 to 65536.')).toBeVisible();
  await page.getByLabel('Placement groups (pg_num)').fill('256');
  await expect((await findings(page)).getByTestId('twin-section')).toContainText('256 placement groups');
  await axeOnExports(page);
  await shots(page, 'twin-ceph');
});
