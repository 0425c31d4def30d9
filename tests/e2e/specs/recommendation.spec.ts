// Journeys through the questionnaire: answers change the levels, and the URL is the state.
import { test, expect, open, screenshots } from '../support/fixtures';

test('opening the site shows a complete answer at once', async ({ page }) => {
  await open(page);
  // The defaults: one team, one host's failure to survive.
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'process');
  await expect(page.getByTestId('level-residency')).toHaveAttribute('data-level', 'shared-host');
  await expect(page.getByTestId('level-failure-domain')).toHaveAttribute('data-level', 'host');
  await expect(page.getByTestId('level-control-plane')).toHaveAttribute('data-level', 'shared-namespace');
});

test('answering who shares the platform changes the compute level and the URL', async ({ page }) => {
  await open(page, '?tenants=single-team');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'process');
  await page.getByLabel('Who shares the platform with this workload?').selectOption('unrelated-customers');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'microvm');
  await expect(page.getByTestId('level-control-plane')).toHaveAttribute('data-level', 'namespace-per-tenant');
  await expect(page).toHaveURL(/[?&]tenants=unrelated-customers(&|$)/);
  await expect(page.getByTestId('reasons')).toContainText('hypervisor');
});

test('a link with answers restores them', async ({ page }) => {
  await open(page, '?tenants=org-teams');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'container');
  await expect(page.getByLabel('Who shares the platform with this workload?')).toHaveValue('org-teams');
});

test('warnings say which answers they come from in words, never as keys', async ({ page }) => {
  await open(page, '?tenants=unrelated-customers&kvm=unknown');
  const warnings = page.getByTestId('warnings');
  await expect(warnings).toContainText(
    'Because you answered “Unknown” to “Is hardware virtualisation available to the nodes (bare metal or nested)?”, and we recommend a microVM',
  );
  await expect(warnings).not.toContainText('kvm=');
  await expect(warnings).not.toContainText('compute=');
});

test('a bad link shows a notice and falls back to the default', async ({ page }) => {
  await open(page, '?tenants=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  await expect(page.getByTestId('notice')).toContainText('tenants');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'process');
});

test('screenshots at 1280 and 360 px, light and dark', async ({ page }) => {
  await open(page, '?tenants=unrelated-customers');
  await screenshots(page, 'home');
});
