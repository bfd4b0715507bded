import { Locator, Page } from '@playwright/test';
import { test, expect } from './helpers';
import { login, open, unique, SECRETARIAT, FOCAL_TZ } from './helpers';
import { planWithCycle, signedIn } from './plan-helpers';

// Keyboard only: every control is reached with Tab (in document order, no mouse), lists are
// changed with the arrow keys, boxes ticked with Space and forms sent with Enter. Runs hydrated
// and with JavaScript off.

async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      // A visible focus indicator (WCAG 2.4.7): an outline or a box shadow.
      const style = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}`;
      });
      expect(style === 'none 0px none', `focus is visible on ${await target.evaluate((el) => el.outerHTML.slice(0, 80))}`).toBe(false);
      return;
    }
  }
  throw new Error(`not reachable with Tab: ${target}`);
}

async function type(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Moves a focused <select> with the arrow keys until it shows `value`. */
async function choose(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  for (let i = 0; i < 40 && (await select.inputValue()) !== value; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(select).toHaveValue(value);
}

test('a delegate registers with the keyboard alone', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await open(page, testInfo, '/meetings/1/register');
  // Skip link first.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await choose(page, page.getByLabel('Category'), 'delegate');
  await choose(page, page.getByLabel('Member state (delegation)'), 'ZM');
  await type(page, page.getByLabel('Given name'), 'Chanda');
  await type(page, page.getByLabel('Family name'), `Mulenga ${id}`);
  await type(page, page.getByLabel('Position', { exact: true }), 'Commissioner');
  await type(page, page.getByLabel('Email', { exact: true }), `kbd-${id}@gov.zm.example`);
  const consent = page.getByLabel('Show my name, position and country on the public participant list');
  await tabTo(page, consent);
  await page.keyboard.press('Space');
  await expect(consent).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Register' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
});

test('a focal point submits a progress report with the keyboard alone', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  const [, cycle] = await planWithCycle(page, `Keyboard ${id}`);
  const tz = await signedIn(browser, testInfo, FOCAL_TZ);
  await open(tz, testInfo, `/cycles/${cycle}`);
  const link = tz.getByRole('link', { name: 'Open R1.1 United Republic of Tanzania' });
  await tabTo(tz, link);
  await tz.keyboard.press('Enter');
  await expect(tz.getByRole('heading', { level: 1, name: 'R1.1 — United Republic of Tanzania' })).toBeVisible();
  if (testInfo.project.name === 'hydrated') await expect(tz.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  await choose(tz, tz.getByLabel('Status'), 'in_progress');
  await type(tz, tz.getByLabel('Percentage complete'), '40');
  await type(tz, tz.getByLabel('What has been done'), 'Draft policy sent to Cabinet.');
  const submit = tz.getByLabel(/Submit to the secretariat now/);
  await tabTo(tz, submit);
  await tz.keyboard.press('Space');
  await expect(submit).toBeChecked();
  await tabTo(tz, tz.getByRole('button', { name: 'Save' }));
  await tz.keyboard.press('Enter');
  await expect(tz.getByRole('heading', { level: 1, name: `Cycle of Keyboard ${id}` })).toBeVisible();
  await expect(tz.getByRole('row', { name: /R1\.1 United Republic of Tanzania Submitted In progress 40%/ })).toBeVisible();
});
