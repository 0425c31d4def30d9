// The harness every journey uses: it fails a test whose page requested anything outside its own
// origin, logged a console error, threw, or broke the Content-Security-Policy.
import { test as base, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Guard = { problems: string[] };

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const guard: Guard = { problems: [] };
      await page.addInitScript(() => {
        (window as any).__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as any).__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
        });
      });
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
      await use(guard);
      const violations: string[] = await page
        .evaluate(() => (window as any).__cspViolations ?? [])
        .catch(() => []);
      guard.problems.push(...violations.map((v) => `CSP violation: ${v}`));
      expect(guard.problems, 'no outside requests, console errors or CSP violations').toEqual([]);
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
