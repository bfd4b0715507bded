import { Page, TestInfo } from '@playwright/test';
import { test, expect } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { login, open, SECRETARIAT, FOCAL_TZ } from './helpers';

async function noViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `accessibility violations on ${what}`).toEqual([]);
}

async function useLanguage(page: Page, testInfo: TestInfo, lang: string) {
  await page.context().addCookies([{ name: 'midsa_lang', value: lang, url: String(testInfo.project.use.baseURL) }]);
}

async function audit(page: Page, testInfo: TestInfo, lang: string, paths: string[]) {
  // About two seconds a page (axe itself takes most of it): the time allowed grows with the list.
  test.setTimeout(30_000 + paths.length * 5_000);
  await useLanguage(page, testInfo, lang);
  for (const path of paths) {
    await open(page, testInfo, path);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await noViolations(page, `${path} (${lang})`);
  }
}

const PUBLIC = ['/meetings', '/meetings/1', '/meetings/1/agenda', '/meetings/1/agenda?tz=Europe/Lisbon', '/meetings/1/agenda/revisions', '/login', '/meetings/9999', '/meetings/1/register', '/meetings/1/participants', '/meetings/1/papers', '/meetings/1/minutes', '/search?q=migration', '/meetings/2/plan', '/meetings/2/plan/dashboard', '/meetings/2/plan/countries/TZ', '/password/forgot', '/password/reset', '/invite', '/profiles', '/profiles/regional', '/profiles/TZ', '/profiles/TZ/2024'];
const SECRETARIAT_PAGES = ['/meetings/new', '/meetings/1/edit', '/meetings/1/agenda/edit', '/admin/users', '/admin/audit', '/meetings/1/registrations', '/meetings/1/delegation', '/meetings/1/badges', '/meetings/1/checkin?q=Moyo', '/meetings/1/messages?status=approved', '/meetings/1/messages/1', '/work', '/meetings/1/live', '/meetings/1/speakers', '/me', '/papers/new?meeting=1', '/meetings/2/minutes', '/search?q=labour', '/meetings/2/plan', '/meetings/2/plan/dashboard', '/cycles/2', '/cycles/2/consolidated', '/meetings/1/translations', '/meetings/1/translations/fr', '/admin/users?state=active', '/admin/users/1', '/me/password', '/profiles/indicators', '/profiles/TZ/2026', '/profiles/regional/compile'];

// Every main page in English; in French and Portuguese a sample with each kind of page (lists,
// a long form, a table of registrations, the plan's matrix and charts, an account, the
// translation workbench and a focal point's report): the language changes the text (and its
// length), never the structure, so a missing label or a wrong lang attribute shows in the sample.
const SAMPLE_PUBLIC = ['/meetings', '/meetings/1/agenda', '/meetings/1/register', '/meetings/2/plan/dashboard', '/password/forgot', '/profiles/regional', '/profiles/MZ/2024'];
const SAMPLE_SECRETARIAT = ['/meetings/1/edit', '/meetings/1/registrations', '/meetings/1/checkin?q=Moyo', '/cycles/2/consolidated', '/meetings/1/translations/fr', '/admin/users/1'];

for (const lang of ['en', 'fr', 'pt']) {
  const every = lang === 'en';
  const which = every ? 'every page' : 'a sample';
  test(`public pages have no WCAG 2.2 AA violations (axe, ${lang}, ${which})`, async ({ page }, testInfo) => {
    await audit(page, testInfo, lang, every ? PUBLIC : SAMPLE_PUBLIC);
  });

  test(`secretariat pages have no WCAG 2.2 AA violations (axe, ${lang}, ${which})`, async ({ page }, testInfo) => {
    await login(page, testInfo, SECRETARIAT);
    await audit(page, testInfo, lang, every ? SECRETARIAT_PAGES : SAMPLE_SECRETARIAT);
  });

  test(`focal point pages have no WCAG 2.2 AA violations (axe, ${lang}, ${which})`, async ({ page }, testInfo) => {
    await login(page, testInfo, FOCAL_TZ);
    await open(page, testInfo, '/cycles/2');
    const report = await page.getByRole('link', { name: /^Open R2\.1/ }).getAttribute('href');
    await audit(page, testInfo, lang, every ? ['/cycles/2', report!, '/me/tokens', '/profiles/TZ', '/profiles/TZ/2026'] : [report!, '/profiles/TZ/2026']);
  });
}
