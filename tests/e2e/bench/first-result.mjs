// Time to first result on a throttled connection, for `cargo xtask bench` (not part of the e2e
// suite, whose testDir is ./specs). Usage: node first-result.mjs BASE_URL RUNS — opens the served
// release build in Debian's Chromium with an empty cache under Chromium DevTools' "Slow 4G"
// preset (devtools-frontend, front_end/core/sdk/NetworkManager.ts, `Slow4GConditions`: 562.5 ms
// latency, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up) and measures, from the start of navigation,
// the first result: the recommendation's stack diagram on screen. (The worker's own fetches are a
// separate DevTools target that the page's emulation does not throttle, so the first placement is
// not timed here.) Prints JSON: the list in ms.
import { chromium } from 'playwright-core';

const [baseUrl, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9,
  uploadThroughput: (750 * 1000) / 8 * 0.9,
  connectionType: 'cellular4g',
};
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage'],
});
const firstResult = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await page.goto(baseUrl, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForSelector('[data-testid=stack-diagram]', { timeout: 120_000 });
    const shown = await page.evaluate(() => performance.now());
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    firstResult.push(shown);
    await context.close();
  }
  console.log(JSON.stringify({ firstResult }));
} finally {
  await browser.close();
}
