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

// Each project has its own server (its own port, SQLite database and mail folder under
// target/e2e-data-<port>), so the projects never see each other's data and can run at the same
// time (scripts/e2e.sh does on machines with four cores or more: E2E_PROJECT picks one project
// and its server per process).
const ports: Record<string, number> = {
  hydrated: Number(process.env.E2E_PORT_HYDRATED || 3107),
  'no-js': Number(process.env.E2E_PORT_NOJS || 3108),
};
const only = process.env.E2E_PROJECT;
const base = (name: string) => `http://127.0.0.1:${ports[name]}`;

const projects = [
  { name: 'hydrated', use: { ...chromium, javaScriptEnabled: true, baseURL: base('hydrated') } },
  // axe runs inside the page, so the accessibility audit needs JavaScript; it checks the
  // hydrated DOM, which is the server-rendered markup the no-js project sees.
  { name: 'no-js', use: { ...chromium, javaScriptEnabled: false, baseURL: base('no-js') }, testIgnore: /a11y\.spec\.ts/ },
].filter((p) => !only || p.name === only);

export default defineConfig({
  testDir: './tests',
  // One folder per process (each run empties its own).
  outputDir: `test-results/${only || 'all'}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    locale: 'en-GB',
  },
  projects,
  webServer: projects.map((p) => ({
    command: `./start-server.sh ${ports[p.name]}`,
    url: `${base(p.name)}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
