import { test as base, expect, Page, TestInfo } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Every test's page is watched for Content-Security-Policy violations (Chromium reports each
 * in the console): the policy is on, and nothing the app does may break it.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = 'midsa-demo-2026';
export const SECRETARIAT = 'secretariat@midsa.example';
export const FOCAL_TZ = 'focal.tz@midsa.example';
export const DELEGATE = 'delegate@midsa.example';

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'hydrated';
}

/** Opens a page and, with JavaScript, waits until the page's loader has run (its islands, if any, hydrated). */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  await page.goto(path);
  if (hydrated(testInfo)) {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  }
}

/** The folder of the current test's server: its database, emails and saved sessions. */
function dataDir(testInfo: TestInfo = base.info()): string {
  const port = new URL(String(testInfo.project.use.baseURL)).port;
  return path.join(__dirname, '..', '..', 'target', `e2e-data-${port}`);
}

/**
 * Signs in as `email`. Each account signs in through the form once per run; later calls reuse
 * the session cookie that sign-in gave (the server was started for this run, with its own
 * database). `fresh: true` always uses the form and keeps the session to this page: for tests
 * that sign out, which ends the session they sign out of.
 */
export async function login(page: Page, testInfo: TestInfo, email: string, opts: { fresh?: boolean } = {}) {
  const saved = path.join(dataDir(testInfo), 'sessions', `${email}.json`);
  if (!opts.fresh && fs.existsSync(saved)) {
    await page.context().addCookies(JSON.parse(fs.readFileSync(saved, 'utf8')));
    await open(page, testInfo, '/');
    await expect(page.getByText('Signed in as')).toBeVisible();
    return;
  }
  await open(page, testInfo, '/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
  if (!opts.fresh) {
    const session = (await page.context().cookies()).filter((c) => c.name === 'midsa_session');
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    fs.writeFileSync(saved, JSON.stringify(session));
  }
}

/** A suffix that keeps data created by the two projects apart on the shared server. */
export function unique(testInfo: TestInfo): string {
  return `${testInfo.project.name}-${Date.now().toString(36)}`;
}

/** Where the current test's server writes its emails. */
export function mailDir(): string {
  return path.join(dataDir(), 'mail');
}

/** Waits for the email to `to` that contains `marker`, and returns it (quoted-printable undone). */
export async function waitForMail(to: string, marker: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const dir = mailDir();
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, '');
        if (text.includes(`To: ${to}`) && text.includes(marker)) return text;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email to ${to} containing ${marker}`);
}

/** The path of the first link in `mail` whose path starts with `prefix`. */
export function linkIn(mail: string, prefix: string): string {
  const m = mail.match(new RegExp(`https?://[^\\s"<]+${prefix.replace(/\//g, '\\/')}[A-Za-z0-9_-]+`));
  expect(m, `a link ${prefix}… in the email`).not.toBeNull();
  return new URL(m![0]).pathname;
}
