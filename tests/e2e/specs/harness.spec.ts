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
