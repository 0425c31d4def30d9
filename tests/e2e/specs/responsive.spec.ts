// The page never blocks and keeps the answer in view: no main-thread task over 50 ms while a
// 1,000,000-host topology is read and placed (the worker does it), the verdict visible while
// answering at phone and desktop widths, every figure's labels inside the figure, uncut, and no
// page wider than a phone.
import * as fs from 'node:fs';
import { test, expect, open, openTopologyPicker, type Page } from '../support/fixtures';
import { presetIds } from '../support/cli';

/** Starts recording main-thread long tasks (over 50 ms) before the app loads. */
async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (window as any).__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
}

const longTasks = (page: Page): Promise<number[]> => page.evaluate(() => (window as any).__longTasks);
const clearLongTasks = (page: Page): Promise<void> => page.evaluate(() => void ((window as any).__longTasks = []));

/** A topology of `hosts` hosts, 40 to a rack, 10 data centers, in Tenancy Scale's JSON. */
function bigTopology(hosts: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < hosts; i++) {
    parts.push(`{"name":"h${i}","domains":{"datacenter":"d${i % 10}","rack":"r${Math.floor(i / 40)}"}}`);
  }
  return Buffer.from(`{"version":1,"name":"a million hosts","kinds":["datacenter","rack"],"hosts":[${parts.join(',')}]}`);
}

test('a 1,000,000-host topology is read and placed without a long task on the page', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await recordLongTasks(page);
  await open(page, '?survive=rack&replicas=3');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await openTopologyPicker(page);
  const file = testInfo.outputPath('million.json');
  const text = bigTopology(1_000_000);
  expect(text.length).toBeLessThan(64 * 1024 * 1024);
  fs.writeFileSync(file, text);
  // Loading the app may take long tasks; from here on, no interaction may.
  await clearLongTasks(page);
  await page.getByLabel('File').setInputFiles(file);
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('estate-origin')).toContainText('1000000 hosts', { timeout: 240_000 });
  await expect(page.getByTestId('placement-diagram').locator('title')).toHaveText('Placement on a million hosts', {
    timeout: 240_000,
  });
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  // An answer change on the big topology: the verdict changes at once, the placement follows.
  await page.getByLabel('What must it survive?').selectOption('datacenter');
  await expect(page.getByTestId('level-failure-domain')).toHaveAttribute('data-level', 'datacenter');
  await expect(page.getByTestId('placement-diagram').locator('desc')).toContainText('replica 2 on', { timeout: 240_000 });
  expect(await longTasks(page), 'main-thread tasks over 50 ms').toEqual([]);
});

test('long work can be cancelled, and the example estate comes back', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await open(page, '?survive=rack&replicas=3');
  await openTopologyPicker(page);
  const file = testInfo.outputPath('large.json');
  fs.writeFileSync(file, bigTopology(600_000));
  await page.getByLabel('File').setInputFiles(file);
  const progress = page.getByTestId('progress');
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Cancelled: the placement runs on the example estate again.');
  await expect(page.getByTestId('estate-origin')).toHaveText('Placed on the example estate.');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
});

test('a hundred answer changes take no long task', async ({ page }) => {
  await recordLongTasks(page);
  await open(page, '?survive=rack&replicas=3');
  await expect(page.getByTestId('placement-status')).toHaveAttribute('data-feasible', 'true');
  await clearLongTasks(page);
  const survive = page.getByLabel('What must it survive?');
  // The select is found once: finding it by its label walks the page on the main thread, which
  // is Playwright's work, not the app's.
  const select = await survive.elementHandle();
  if (!select) throw new Error('no survive question');
  const options = ['host', 'rack', 'datacenter', 'region'];
  for (let i = 0; i < 100; i++) {
    await select.selectOption(options[i % options.length]);
  }
  // The hundredth answer is the last option.
  await expect(survive).toHaveValue('region');
  await expect(page.getByTestId('level-failure-domain')).toHaveAttribute('data-level', 'region');
  await expect(page.getByTestId('placement-result')).not.toHaveClass(/stale/);
  expect(await longTasks(page), 'main-thread tasks over 50 ms').toEqual([]);
});

for (const width of [1280, 360]) {
  test(`the verdict stays in view while answering at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await open(page, '?tenants=single-team&survive=none');
    const bar = page.getByTestId('verdict-bar');
    // The last question is far down the page; answering it must not hide the verdict.
    const survive = page.getByLabel('What must it survive?');
    await survive.scrollIntoViewIfNeeded();
    await survive.selectOption('datacenter');
    await expect(bar).toBeInViewport();
    await expect(bar).toContainText('Spread across separate data centers');
    await expect(bar.locator('[aria-live="polite"]')).toHaveCount(1);
    // The skip link is the first stop for the keyboard and lands on the result.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the result' })).toBeFocused();
  });
}

test('every figure of every preset keeps its labels inside, uncut', async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  for (const id of presetIds()) {
    await open(page, `?preset=${id}`);
    await expect(page.getByTestId('placement-status')).not.toHaveText('Placing the replicas…');
    for (const figure of ['scale-ruler', 'stack-diagram', 'pattern-picture', 'placement-diagram']) {
      const svg = page.getByTestId(figure);
      if ((await svg.count()) === 0) continue;
      const found: string[] = await svg.evaluate((element) => {
        const box = (element as SVGSVGElement).viewBox.baseVal;
        const out: string[] = [];
        for (const text of Array.from(element.querySelectorAll('text'))) {
          const b = text.getBBox();
          const content = text.textContent ?? '';
          if (content.endsWith('…')) out.push(`cut: "${content}"`);
          if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5 || b.y + b.height > box.y + box.height + 0.5) {
            out.push(`outside: "${content}"`);
          }
        }
        return out;
      });
      problems.push(...found.map((f) => `${id} ${figure}: ${f}`));
    }
  }
  expect(problems).toEqual([]);
});

test('no preset makes the phone page scroll sideways once the details and panels are in', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 360, height: 780 });
  const wide: string[] = [];
  for (const id of presetIds()) {
    await open(page, `?preset=${id}`);
    await expect(page.getByTestId('reasons')).toBeVisible();
    await expect(page.getByTestId('placement-status')).not.toHaveText('Placing the replicas…');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${id}: ${width} px`);
  }
  expect(wide).toEqual([]);
});
