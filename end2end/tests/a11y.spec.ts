import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { login, open, SECRETARIAT, FOCAL_TZ } from './helpers';

async function noViolations(page: import('@playwright/test').Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `accessibility violations on ${what}`).toEqual([]);
}

test('public pages have no WCAG 2.2 AA violations (axe)', async ({ page }, testInfo) => {
  for (const path of ['/meetings', '/meetings/1', '/meetings/1/agenda', '/meetings/1/agenda/revisions', '/login', '/meetings/9999', '/meetings/1/register', '/meetings/1/participants', '/meetings/1/papers', '/meetings/1/minutes', '/search?q=migration', '/meetings/2/plan', '/meetings/2/plan/dashboard', '/meetings/2/plan/countries/TZ']) {
    await open(page, testInfo, path);
    await noViolations(page, path);
  }
});

test('secretariat pages have no WCAG 2.2 AA violations (axe)', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT);
  for (const path of ['/meetings/new', '/meetings/1/edit', '/meetings/1/agenda/edit', '/admin/users', '/admin/audit', '/meetings/1/registrations', '/meetings/1/delegation', '/meetings/1/badges', '/meetings/1/checkin?q=Moyo', '/me', '/papers/new?meeting=1', '/meetings/2/minutes', '/search?q=labour', '/meetings/2/plan', '/meetings/2/plan/dashboard', '/cycles/2', '/cycles/2/consolidated']) {
    await open(page, testInfo, path);
    await noViolations(page, path);
  }
});

test('focal point pages have no WCAG 2.2 AA violations (axe)', async ({ page }, testInfo) => {
  await login(page, testInfo, FOCAL_TZ);
  await open(page, testInfo, '/cycles/2');
  const report = await page.getByRole('link', { name: /^Open R2\.1/ }).getAttribute('href');
  for (const path of ['/cycles/2', report!]) {
    await open(page, testInfo, path);
    await noViolations(page, path);
  }
});
