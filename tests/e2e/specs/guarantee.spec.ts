// What each configuration guarantees: every export tab but the report shows, once the worker has
// answered, the worst placement its configuration allows beside our optimum; an answer change
// shows the new export at once and the tab says it is computing until the guarantee follows.
import * as fs from 'fs';
import * as path from 'path';
import { test, expect, open, openTopologyPicker } from '../support/fixtures';
import type { Page } from '@playwright/test';

const fixtures = path.resolve(__dirname, '../../../crates/tenancy-core/tests/fixtures');
const crushMap = fs.readFileSync(path.join(fixtures, 'ceph/set-choose.txt'), 'utf8');
test.describe.configure({ timeout: 120_000 });

/** The guarantee panel once the worker has answered for `target` (no sleeps: waits for it). */
async function answered(page: Page, target: string) {
  const panel = page.getByTestId('guarantee');
  await expect(panel).toHaveAttribute('data-target', target, { timeout: 60_000 });
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('guarantee-computing')).toHaveCount(0);
  return panel;
}

test('every export tab but the report says what its configuration guarantees', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  for (const [tab, target] of [
    ['Kubernetes', 'k8s'],
    ['OpenStack Nova', 'nova'],
    ['Nomad', 'nomad'],
    ['Ceph CRUSH', 'crush'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByTestId('export-text')).toHaveAttribute('data-target', target);
    const panel = await answered(page, target);
    await expect(panel.getByTestId('guarantee-summary')).toContainText(/^guaranteed .* nines .*; optimum .* nines/);
    await expect(panel).toContainText('enforced: ');
    await expect(panel).toContainText('the worst placement it allows');
  }
  // The report lists every target's guarantee itself: no panel under it.
  await page.getByRole('tab', { name: 'Markdown report' }).click();
  await expect(page.getByTestId('export-text')).toHaveAttribute('data-target', 'markdown');
  await expect(page.getByTestId('guarantee')).toHaveCount(0);
});

test('a changed request gets its own guarantee once the worker has answered it', async ({ page }) => {
  await open(page, '?survive=rack&replicas=3');
  await page.getByRole('tab', { name: 'OpenStack Nova' }).click();
  const worst = (panel: ReturnType<Page['getByTestId']>) => panel.locator('li', { hasText: 'the worst placement it allows' });
  await expect(worst(await answered(page, 'nova'))).toHaveText(/: ([^,]+, ){2}[^,]+$/);
  await page.getByLabel(/Placement request/).fill(JSON.stringify({ replicas: 5, rules: [{ kind: 'host', max_per_domain: 1 }] }));
  await expect(page.getByTestId('share-link')).toHaveValue(/replicas=5/);
  // Five hosts in the worst placement: the answer to the new request, not the old one.
  await expect(worst(await answered(page, 'nova'))).toHaveText(/: ([^,]+, ){4}[^,]+$/, { timeout: 60_000 });
});

test('the Ceph tab on a pasted CRUSH map guarantees the rule added to that map', async ({ page }) => {
  await open(page, '?replicas=3');
  await openTopologyPicker(page);
  await page.getByLabel('Topology text').fill(crushMap);
  await page.getByRole('button', { name: 'Use this topology' }).click();
  await expect(page.getByTestId('estate-origin')).toContainText('CRUSH');
  await page.getByRole('tab', { name: 'Ceph CRUSH' }).click();
  const panel = await answered(page, 'crush');
  await expect(panel).toContainText('on your map, over 4096 placement groups');
});
