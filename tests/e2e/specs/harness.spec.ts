// The harness itself: prove that the guard sees what it is there to catch, so a green run means
// something. Each test provokes one problem, checks the guard recorded it, then clears it.
import { test, expect, open } from '../support/fixtures';

test('an inline script is blocked by the CSP and recorded', async ({ page, guard }) => {
  await open(page);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
  });
  await expect
    .poll(() => page.evaluate(() => (window as any).__cspViolations.length))
    .toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as any).__inlineRan)).toBeUndefined();
  await page.evaluate(() => ((window as any).__cspViolations = []));
  guard.problems.length = 0;
});

test('a request to another origin is blocked and recorded', async ({ page, guard }) => {
  await open(page);
  await page.evaluate(() => fetch('http://127.0.0.2:9/ping').catch(() => undefined));
  await expect
    .poll(() => page.evaluate(() => (window as any).__cspViolations.join(' ')))
    .toContain('connect-src');
  await page.evaluate(() => ((window as any).__cspViolations = []));
  guard.problems.length = 0;
});

test('a console error is recorded', async ({ page, guard }) => {
  await open(page);
  await page.evaluate(() => console.error('provoked by the harness test'));
  await expect.poll(() => guard.problems.join(' ')).toContain('provoked by the harness test');
  guard.problems.length = 0;
});

// The two branches below must fail the test they happen in: each test provokes one and leaves it
// recorded, and is marked as expected to fail. Should the guard stop catching it, the test passes,
// which Playwright reports as an unexpected pass and the suite fails.
test('a request outside the origin fails the test', async ({ page }) => {
  test.fail();
  await open(page);
  // Navigation is not governed by connect-src, so the request really goes out.
  await page.goto('http://127.0.0.2:9/').catch(() => undefined);
});

test('an uncaught page error fails the test', async ({ page }) => {
  test.fail();
  await open(page);
  const thrown = page.waitForEvent('pageerror', { timeout: 10_000 }).catch(() => undefined);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('provoked by the harness test');
    });
  });
  await thrown;
});
