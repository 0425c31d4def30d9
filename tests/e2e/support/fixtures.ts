// The harness every journey uses: it fails a test whose page requested anything outside its own
// origin, logged a console error, threw, or broke the Content-Security-Policy.
import { test as base, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Guard = { problems: string[] };

/** Records the problems the harness fails a test on, for one page. */
function watch(page: Page, origin: string, guard: Guard): void {
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      guard.problems.push(`request outside the origin: ${url}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') guard.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => guard.problems.push(`page error: ${error.message}`));
  // The app's worker logs into its own console.
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error') guard.problems.push(`worker console error: ${message.text()}`);
    }),
  );
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page, context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const guard: Guard = { problems: [] };
      // Every page of the test's context is guarded: `page`, and any page the test opens itself.
      await context.addInitScript(() => {
        (window as any).__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as any).__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
        });
      });
      watch(page, origin, guard);
      context.on('page', (other) => watch(other, origin, guard));
      await use(guard);
      for (const open of context.pages()) {
        const violations: string[] = await open
          .evaluate(() => (window as any).__cspViolations ?? [])
          .catch(() => []);
        guard.problems.push(...violations.map((v) => `CSP violation: ${v}`));
      }
      expect(guard.problems, 'no outside requests, console errors, page errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens a page of the app and waits until the app has mounted. */
export async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('level-compute')).toBeVisible();
}

/** Opens the topology picker: the button under "Where the copies go". */
export async function openTopologyPicker(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use your own topology (kubectl, Ceph, …)' }).click();
  await expect(page.getByLabel('Topology text')).toBeVisible();
}

const shotsDir = path.resolve(__dirname, '../../../target/e2e-shots');

/** Saves full-page screenshots at 1280 px and 360 px, light and dark, under target/e2e-shots/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.screenshot({ path: path.join(shotsDir, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
}
