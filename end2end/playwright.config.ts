import { defineConfig } from '@playwright/test';

// Every spec (but the axe audit, see below) runs twice: once hydrated (JavaScript on, wasm loaded) and once with JavaScript
// disabled (plain SSR pages and form posts). Debian's Chromium is used; Playwright never
// downloads a browser here.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

const port = Number(process.env.E2E_PORT || 3107);

export default defineConfig({
  testDir: './tests',
  // One folder per server: scripts/e2e.sh runs the two projects at once, and each run empties its own.
  outputDir: `test-results/${port}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    locale: 'en-GB',
  },
  projects: [
    { name: 'hydrated', use: { ...chromium, javaScriptEnabled: true } },
    // axe runs inside the page, so the accessibility audit needs JavaScript; it checks the
    // hydrated DOM, which is the server-rendered markup the no-js project sees.
    { name: 'no-js', use: { ...chromium, javaScriptEnabled: false }, testIgnore: /a11y\.spec\.ts/ },
  ],
  webServer: {
    command: `./start-server.sh ${port}`,
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
