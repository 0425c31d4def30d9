// Keyboard-only use and axe-core: no serious or critical violations, light and dark.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, open, screenshots } from '../support/fixtures';

test('the questionnaire can be completed with the keyboard alone', async ({ page }) => {
  await open(page, '');
  const tenants = page.getByLabel('Who shares the platform with this workload?');
  await tenants.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(tenants).toHaveValue('partners');
  await expect(page.getByTestId('level-compute')).toHaveAttribute('data-level', 'hardened-container');
  // Tab walks every question in order and reaches the survive question.
  const survive = page.getByLabel('What must it survive?');
  for (let i = 0; i < 80; i++) {
    if (await survive.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(survive).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(survive).toHaveValue('rack');
  await expect(page.getByTestId('level-failure-domain')).toHaveAttribute('data-level', 'rack');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 360]) {
    test(`axe finds no serious or critical violation (${colorScheme}, ${width} px)`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.emulateMedia({ colorScheme });
      await open(page, '?preset=public-cloud');
      // The placement panel too: wait for the worker's answer.
      await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad).toEqual([]);
    });
  }
}

test('screenshots of the presets and the embed card', async ({ page }) => {
  await open(page, '?preset=public-cloud');
  await screenshots(page, 'public-cloud');
  await open(page, '?preset=university-research');
  await screenshots(page, 'university-research');
  await page.setViewportSize({ width: 640, height: 420 });
  await page.goto('/?preset=dod-il5&embed=1');
  await expect(page.getByTestId('embed-card')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: '../../target/e2e-shots/embed-640-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '../../target/e2e-shots/embed-640-dark.png' });
});
