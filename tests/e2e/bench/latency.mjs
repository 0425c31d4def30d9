// Answer-change latency for `cargo xtask bench` (not part of the e2e suite, whose testDir is
// ./specs). Usage: node latency.mjs BASE_URL COUNT — opens the served release build in Debian's
// Chromium and changes "Who shares the platform with this workload?" COUNT times, alternating
// single-team and anonymous (which move the compute level, so the stack diagram changes every
// time). Each change is timed with performance.now() from dispatching the `change` event to the
// last mutation inside [data-testid=stack-diagram]; "settled" times to the first task after that
// (all synchronous and microtask work of the update done). Prints JSON with both lists in ms.
import { chromium } from 'playwright-core';

const [baseUrl, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 100);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(baseUrl);
  await page.waitForSelector('[data-testid=stack-diagram]');
  await page.waitForSelector('#q-tenants');
  const result = await page.evaluate(async (count) => {
    const diagram = '[data-testid=stack-diagram]';
    const select = document.querySelector('#q-tenants');
    const values = ['single-team', 'anonymous'];
    const nextTask = () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
      });
    let lastMutation = 0;
    let mutated = false;
    const inDiagram = (node) => {
      const element = node.nodeType === 1 ? node : node.parentElement;
      return Boolean(element && (element.closest(diagram) || element.querySelector?.(diagram)));
    };
    const observer = new MutationObserver((records) => {
      if (records.some((r) => inDiagram(r.target) || [...r.addedNodes].some(inDiagram))) {
        lastMutation = performance.now();
        mutated = true;
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const latency = [];
    const settled = [];
    for (let i = 0; i < count; i++) {
      const before = document.querySelector(diagram).outerHTML;
      select.value = values[(i + 1) % 2];
      mutated = false;
      const start = performance.now();
      select.dispatchEvent(new Event('change', { bubbles: true }));
      // Wait for the update even if the app schedules it as a task, then one task more.
      while (!mutated && performance.now() - start < 2000) await nextTask();
      await nextTask();
      const end = performance.now();
      if (!mutated || document.querySelector(diagram).outerHTML === before) {
        throw new Error(`change ${i} to ${select.value} did not update the stack diagram`);
      }
      latency.push(lastMutation - start);
      settled.push(end - start);
      // Let the page paint between changes, as between two real clicks.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    observer.disconnect();
    return { latency, settled };
  }, count);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
