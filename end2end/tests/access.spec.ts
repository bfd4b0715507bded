import { test, expect } from './helpers';
import { login, open, DELEGATE, PASSWORD } from './helpers';

test('a wrong password is refused with a clear message', async ({ page }, testInfo) => {
  await open(page, testInfo, '/login');
  await page.getByLabel('Email address').fill('nobody@midsa.example');
  await page.getByLabel('Password').fill(PASSWORD + 'x');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email address or password is not correct.');
  await expect(page.getByLabel('Email address')).toHaveValue('nobody@midsa.example');
});

test('anonymous visitors and delegates cannot reach secretariat pages', async ({ page }, testInfo) => {
  let res = await page.goto('/admin/users');
  expect(res?.status()).toBe(401);
  await expect(page.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  res = await page.goto('/meetings/new');
  expect(res?.status()).toBe(401);

  // Signs out at the end: a session of its own.
  await login(page, testInfo, DELEGATE, { fresh: true });
  res = await page.goto('/admin/audit');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  res = await page.goto('/meetings/1/agenda/edit');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('link', { name: 'Edit agenda' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});
