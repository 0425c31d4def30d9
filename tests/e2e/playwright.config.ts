// Playwright against the release build, in Debian's Chromium (never a downloaded browser).
// `cargo xtask test` serves dist/ with the strict CSP and passes BASE_URL; run through it.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.BASE_URL;
if (!baseURL) {
  throw new Error('BASE_URL is not set: run the end-to-end tests with `cargo xtask test`');
}

export default defineConfig({
  testDir: './specs',
  outputDir: '../../target/e2e-output',
  fullyParallel: true,
  workers: 2,
  // The long-task budget is wall-clock time on the page's main thread: a second browser busy on
  // the other core would measure the machine, not the app. The responsiveness specs run after the
  // rest, one at a time, with the machine to themselves.
  projects: [
    { name: 'app', testIgnore: /responsive\.spec\.ts$/ },
    { name: 'responsiveness', testMatch: /responsive\.spec\.ts$/, fullyParallel: false, dependencies: ['app'] },
  ],
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_RESULTS ?? '../../target/e2e-results.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
});
