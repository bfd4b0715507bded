import { expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'midsa-demo-2026';
export const SECRETARIAT = 'secretariat@midsa.example';
export const FOCAL_TZ = 'focal.tz@midsa.example';
export const DELEGATE = 'delegate@midsa.example';

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'hydrated';
}

/** Opens a page and, in the hydrated project, waits until the wasm has taken over. */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  await page.goto(path);
  if (hydrated(testInfo)) {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  }
}

export async function login(page: Page, testInfo: TestInfo, email: string) {
  await open(page, testInfo, '/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
}

/** A suffix that keeps data created by the two projects apart on the shared server. */
export function unique(testInfo: TestInfo): string {
  return `${testInfo.project.name}-${Date.now().toString(36)}`;
}
