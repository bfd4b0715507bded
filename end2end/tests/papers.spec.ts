import { test, expect } from './helpers';
import { login, open, unique, SECRETARIAT, DELEGATE } from './helpers';

const CONFERENCE = 1;

test('the secretariat publishes a paper in two languages; an approved delegate reads it; the public cannot', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  const title = `Mixed migration trends ${id}`;
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/papers`);
  await page.getByRole('link', { name: 'New paper' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New paper' })).toBeVisible();
  // Errors first.
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await page.getByLabel('Language of this paper').selectOption('en');
  await page.getByLabel('Who may read it').selectOption('delegates');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Text').fill('## Findings\n\n- Flows rose\n- Returns fell\n\n<img src=x onerror=alert(1)>');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Findings' })).toBeVisible();
  const enPath = new URL(page.url()).pathname;

  await page.getByRole('link', { name: 'Add a translation' }).click();
  await page.getByLabel('Language of this paper').selectOption('fr');
  await page.getByLabel('Who may read it').selectOption('delegates');
  await page.getByLabel('Title').fill(`Tendances des migrations mixtes ${id}`);
  await page.getByLabel('Text').fill('## Constats\n\nLes flux ont augmenté.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Tendances des migrations mixtes ${id}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'English' })).toBeVisible();

  // An approved delegate reads both languages.
  const ctx = await browser.newContext(testInfo.project.use);
  const delegate = await ctx.newPage();
  await login(delegate, testInfo, DELEGATE);
  await open(delegate, testInfo, `/meetings/${CONFERENCE}/papers`);
  await delegate.getByRole('link', { name: title }).click();
  await expect(delegate.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await delegate.getByRole('link', { name: 'Français' }).click();
  await expect(delegate.getByRole('heading', { level: 2, name: 'Constats' })).toBeVisible();
  await ctx.close();

  // The public gets a 404 and never sees the title.
  const anon = await browser.newContext(testInfo.project.use);
  const visitor = await anon.newPage();
  const res = await visitor.goto(enPath);
  expect(res!.status()).toBe(404);
  await expect(visitor.getByText(title)).toHaveCount(0);
  await visitor.goto(`/meetings/${CONFERENCE}/papers`);
  await expect(visitor.getByText(title)).toHaveCount(0);
  await anon.close();
});
