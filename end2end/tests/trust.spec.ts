import { test, expect, hydrated, linkIn, login, open, unique, waitForMail, DELEGATE, SECRETARIAT } from './helpers';
import { Page, TestInfo } from '@playwright/test';

const CONFERENCE = 1;
const NEW_PASSWORD = 'a brand new password 2026';

/** The secretariat invites a delegate account; returns its email. */
async function invite(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@gov.mw.example`;
  await login(page, testInfo, SECRETARIAT, { fresh: true });
  await open(page, testInfo, '/admin/users');
  const form = page.locator('section[aria-labelledby="invite-h"]');
  await form.getByLabel('Full name').fill(name);
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Role').selectOption('delegate');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  // The link goes to the invitee only: the page never shows it.
  await expect(page.getByRole('status').filter({ hasText: 'The invitation was emailed to the person invited' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('/invite/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  return email;
}

test('an invited person sets a password, registers without confirming their email, and changes and cancels the registration', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const email = await invite(page, testInfo, `Chikondi Banda ${id}`);
  const path = linkIn(await waitForMail(email, '/invite/'), '/invite/');
  await page.goto(path);
  // The token is swapped for a cookie: the address bar (and history) no longer holds it.
  await expect(page).toHaveURL(/\/invite$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();

  // Registering themselves: the form starts from the account, and no confirmation email is needed.
  await open(page, testInfo, `/meetings/${CONFERENCE}/register`);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
  await page.getByLabel('Category').selectOption('observer');
  await page.getByLabel('Organisation', { exact: true }).fill('Malawi Red Cross');
  await page.getByLabel('Position', { exact: true }).fill('Programme officer');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My registrations' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: 'Ministerial Conference' });
  await expect(card.getByText('Awaiting approval')).toBeVisible();

  // Changed until the deadline...
  await card.getByRole('link', { name: /^Change/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Your registration/ })).toBeVisible();
  await page.getByLabel('Position', { exact: true }).fill('Head of programmes');
  await page.getByRole('button', { name: 'Save the changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your registration was updated.' })).toBeVisible();
  // ...and cancelled.
  await page.getByRole('listitem').filter({ hasText: 'Ministerial Conference' }).getByRole('button', { name: /^Cancel my registration/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your registration was cancelled.' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Ministerial Conference' }).getByText('Withdrawn')).toBeVisible();

  // A new password, the current one required.
  await page.getByRole('link', { name: 'Change your password' }).click();
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('another new password 2026');
  await page.getByLabel('Repeat the password').fill('another new password 2026');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByText('The current password is not correct.')).toBeVisible();
  await page.getByLabel('Current password').fill(NEW_PASSWORD);
  await page.getByLabel('New password').fill('another new password 2026');
  await page.getByLabel('Repeat the password').fill('another new password 2026');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed.' })).toBeVisible();
});

test('a forgotten password is reset through a one-time emailed link', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const email = await invite(page, testInfo, `Tiyamike Phiri ${id}`);
  await open(page, testInfo, '/login');
  await page.getByRole('link', { name: /Forgot your password/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set or reset your password' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account exists for this address' })).toBeVisible();
  const path = linkIn(await waitForMail(email, '/password/reset/'), '/password/reset/');
  await page.goto(path);
  await expect(page).toHaveURL(/\/password\/reset$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose your password' })).toBeVisible();
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save the password and sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My registrations' })).toBeVisible();
  await expect(page.getByText('Signed in as')).toBeVisible();
  // The link worked once.
  await page.goto(path);
  await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
});

test('the secretariat filters accounts, changes a role and deactivates an account', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const name = `Kondwani Mbewe ${id}`;
  await invite(page, testInfo, name);
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/admin/users');
  const filter = page.locator('form.filter-form');
  await filter.getByLabel('State', { exact: true }).selectOption('pending');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/state=pending/);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByLabel('Role', { exact: true }).selectOption('focal_point');
  await page.getByLabel('Member state', { exact: true }).selectOption('MW');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('dl.facts')).toContainText('Focal point');
  await expect(page.locator('dl.facts')).toContainText('Malawi');
  await page.getByRole('button', { name: 'Deactivate the account' }).click();
  await expect(page.locator('dl.facts')).toContainText('Deactivated');
  await page.getByRole('button', { name: 'Reactivate the account' }).click();
  await expect(page.getByRole('button', { name: 'Deactivate the account' })).toBeVisible();
});

test('signing out forgets the offline copies the browser kept', async ({ page, context }, testInfo) => {
  test.skip(!hydrated(testInfo), 'offline copies need a service worker, hence JavaScript');
  await login(page, testInfo, DELEGATE, { fresh: true });
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await page.getByRole('button', { name: 'Save for offline reading' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: this meeting’s page' })).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  // The copies (and the worker that served them) are gone.
  await expect.poll(async () => page.evaluate(async () => (await caches.keys()).length)).toBe(0);
  await context.setOffline(true);
  try {
    const failed = await page.goto(`/meetings/${CONFERENCE}/papers`).then(() => false).catch(() => true);
    if (!failed) {
      await expect(page.getByRole('heading', { name: 'Papers' })).toHaveCount(0);
    }
  } finally {
    await context.setOffline(false);
  }
});
