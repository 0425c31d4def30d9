// Every preset shows the levels the core computes for it (checked against the CLI), and the two
// presets from the original argument land where the argument says.
import { test, expect, open } from '../support/fixtures';
import { presetIds, recommendPreset } from '../support/cli';

const axes = [
  ['compute', 'level-compute'],
  ['residency', 'level-residency'],
  ['failure_domain', 'level-failure-domain'],
  ['control_plane', 'level-control-plane'],
] as const;

test('all nine presets are offered', async ({ page }) => {
  await open(page);
  const ids = presetIds();
  expect(ids).toHaveLength(9);
  const offered = await page.getByTestId('preset-select').locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''),
  );
  expect(offered).toEqual(ids);
});

for (const id of presetIds()) {
  test(`preset ${id} shows the core's levels`, async ({ page }) => {
    const expected = recommendPreset(id);
    await open(page);
    await page.getByTestId('preset-select').selectOption(id);
    for (const [axis, testid] of axes) {
      await expect(page.getByTestId(testid)).toHaveAttribute('data-level', expected.axes[axis].level);
    }
    await expect(page.getByTestId('pattern')).toHaveAttribute('data-pattern', expected.pattern);
    await expect(page).toHaveURL(new RegExp(`[?&]preset=${id}(&|$)`));
  });
}

test('the original argument: research groups get containers, the public cloud gets VMs', async ({ page }) => {
  await open(page, '?preset=university-research');
  // Containers, hardened because the pipelines pull images from public registries.
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'hardened-container');
  await open(page, '?preset=public-cloud');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', /^(microvm|vm)$/);
});
