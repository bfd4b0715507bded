import { Page, TestInfo } from '@playwright/test';
import { test, expect } from './helpers';
import { hydrated, login, open, SECRETARIAT } from './helpers';

// The demo conference: English original, French title, description and part of the agenda,
// Portuguese title only.
const CONFERENCE = 1;

async function useLanguage(page: Page, testInfo: TestInfo, lang: string) {
  await page.context().addCookies([{ name: 'midsa_lang', value: lang, url: String(testInfo.project.use.baseURL) }]);
}

test('readers see the meeting in their language, or the original with a note', async ({ page }, testInfo) => {
  await useLanguage(page, testInfo, 'fr');
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Conférence ministérielle du MIDSA sur les migrations mixtes' })).toBeVisible();
  await expect(page.getByText('flux migratoires mixtes')).toBeVisible();
  await expect(page.getByRole('note')).toHaveCount(0);

  await open(page, testInfo, `/meetings/${CONFERENCE}/agenda`);
  await expect(page.getByText('Mot de bienvenue du pays hôte')).toBeVisible();
  // Not yet translated: shown in English, marked as such, with the language for screen readers.
  await expect(page.getByRole('note').filter({ hasText: 'Pas encore disponible dans votre langue\u00a0: affiché dans l’original (English).' })).toBeVisible();
  const side = page.locator('span[lang="en"]', { hasText: 'Side event: migration and health' });
  await expect(side).toBeVisible();
  await expect(page.getByText('Original : English').first()).toBeVisible();

  await useLanguage(page, testInfo, 'pt');
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Conferência Ministerial do MIDSA sobre Migração Mista' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'Ainda não disponível na sua língua: mostrado no original (English).' })).toBeVisible();
  await open(page, testInfo, '/meetings');
  await expect(page.getByRole('link', { name: 'Conferência Ministerial do MIDSA sobre Migração Mista' })).toBeVisible();
});

test('the secretariat sees what is missing per language and fills it in', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await page.getByRole('link', { name: 'Translations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Translations' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Français' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Meeting title MIDSA Ministerial Conference on Mixed Migration Original Translated Translated/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Meeting description .* Original Translated Missing/ })).toBeVisible();

  await page.getByRole('link', { name: 'Translate into Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Translate into Français' })).toBeVisible();
  const entry = page.locator('.tr-entry').filter({ has: page.locator('blockquote', { hasText: /^Original: Session 2: Country presentations$/ }) });
  await entry.getByRole('textbox').fill('Séance 2 : présentations nationales');
  // A title that is too long is refused on its field, and nothing is saved.
  const wrap = page.locator('.tr-entry').filter({ has: page.locator('blockquote', { hasText: /^Original: Lunch$/ }) }).first();
  await wrap.getByRole('textbox').fill('x'.repeat(301));
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expect(wrap.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
  await wrap.getByRole('textbox').fill('Déjeuner');
  await entry.getByRole('textbox').fill('Séance 2 : présentations nationales');
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Translations saved. (Français)' })).toBeVisible();

  await useLanguage(page, testInfo, 'fr');
  await open(page, testInfo, `/meetings/${CONFERENCE}/agenda`);
  await expect(page.getByRole('heading', { level: 3, name: /Séance 2 : présentations nationales/ })).toBeVisible();
});

test('agenda times are also shown in the time zone the reader picks', async ({ page }, testInfo) => {
  await open(page, testInfo, `/meetings/${CONFERENCE}/agenda`);
  await page.getByLabel('Also show the times in this time zone').fill('Europe/Lisbon');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/tz=Europe%2FLisbon/);
  await expect(page.getByText('Under each venue time: the time in Europe/Lisbon.')).toBeVisible();
  // Dar es Salaam is three hours ahead of Lisbon in December (and every month).
  const welcome = page.locator('li.agenda-item', { hasText: 'Welcome remarks by the host' });
  const venue = await welcome.locator('.item-time').first().innerText();
  const [h, m] = venue.split('–')[0].trim().split(':').map(Number);
  const expected = `${String((h + 21) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  await expect(welcome.getByText(new RegExp(`^Your time: ${expected}–`))).toBeVisible();
});

test.describe('in a browser set to London time', () => {
  test.use({ timezoneId: 'Europe/London' });
  test('the agenda detects the reader’s zone once the page is interactive', async ({ page }, testInfo) => {
    test.skip(!hydrated(testInfo), 'detection needs JavaScript; without it the zone is picked in the form');
    await open(page, testInfo, `/meetings/${CONFERENCE}/agenda`);
    // Offered in the form at once, without drawing the agenda again …
    await expect(page.getByLabel('Also show the times in this time zone')).toHaveValue('Europe/London');
    await expect(page.getByText('Under each venue time: the time in Europe/London.')).toHaveCount(0);
    // … and remembered: the next page is rendered with it on the server.
    const html = await (await page.request.get(`/meetings/${CONFERENCE}/agenda`)).text();
    expect(html).toContain('Under each venue time: the time in Europe/London.');
    await page.reload();
    await expect(page.getByText('Under each venue time: the time in Europe/London.')).toBeVisible();
  });
});

test('site files have content-hashed names, are cached immutably and sent compressed', async ({ page, request }, testInfo) => {
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  const html = await (await request.get(`/meetings/${CONFERENCE}`)).text();
  const css = html.match(/href="(\/pkg\/midsa\.[A-Za-z0-9_-]+\.css)"/);
  const js = html.match(/(\/pkg\/midsa\.[A-Za-z0-9_-]+\.js)/);
  const wasm = html.match(/(\/pkg\/midsa[._][A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*\.wasm)/);
  expect(css, 'hashed stylesheet').not.toBeNull();
  expect(js, 'hashed script').not.toBeNull();
  expect(wasm, 'hashed wasm').not.toBeNull();
  for (const url of [css![1], js![1], wasm![1]]) {
    const res = await request.get(url, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.status(), url).toBe(200);
    expect(res.headers()['cache-control'], url).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['content-encoding'], url).toBe('br');
  }
  // Pages themselves are compressed too.
  const page1 = await request.get(`/meetings/${CONFERENCE}/agenda`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(page1.headers()['content-encoding']).toBe('gzip');
});

test('a delegate saves the meeting pack and opens it offline', async ({ page, context }, testInfo) => {
  test.skip(!hydrated(testInfo), 'offline reading needs a service worker, hence JavaScript');
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await page.getByRole('button', { name: 'Save for offline reading' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: this meeting’s page, agenda and papers now open on this device without a connection.' })).toBeVisible({ timeout: 30_000 });
  await context.setOffline(true);
  try {
    await page.goto(`/meetings/${CONFERENCE}/agenda`);
    await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
    await expect(page.getByText('Welcome remarks by the host')).toBeVisible();
    await page.goto(`/meetings/${CONFERENCE}/papers`);
    const href = await page.locator('main a[href^="/papers/"]').first().getAttribute('href');
    await page.goto(href!);
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'You are offline' })).toHaveCount(0);
    // A page that is not in the pack says so.
    await page.goto('/meetings/2/plan');
    await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test('light pages download nothing but the page, and everything still works', async ({ page }, testInfo) => {
  await open(page, testInfo, `/meetings/${CONFERENCE}`);
  await page.getByRole('button', { name: 'Light pages for slow connections (no scripts)' }).click();
  await expect(page.getByText('Light pages: nothing but the page is downloaded, and every form works.')).toBeVisible();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`/meetings/${CONFERENCE}/agenda`);
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  expect(requests.filter((p) => p.endsWith('.wasm') || p.startsWith('/pkg/') && p.endsWith('.js'))).toEqual([]);
  // A form still works: the time zone picker.
  await page.getByLabel('Also show the times in this time zone').fill('Europe/Paris');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByText('Under each venue time: the time in Europe/Paris.')).toBeVisible();
  await page.getByRole('button', { name: 'Use the interactive pages' }).click();
  await expect(page.getByRole('button', { name: 'Light pages for slow connections (no scripts)' })).toBeVisible();
});

test('two translators on one language never overwrite each other unknowingly', async ({ page, browser }, testInfo) => {
  // A second secretariat user in their own browser, with the same JavaScript setting.
  const otherContext = await browser.newContext({ javaScriptEnabled: hydrated(testInfo), locale: 'en-GB', baseURL: String(testInfo.project.use.baseURL) });
  const other = await otherContext.newPage();
  const workbench = `/meetings/${CONFERENCE}/translations/fr`;
  // Each project works on its own two coffee breaks (the conference has four), so the two
  // runs never meet.
  const pick = (p: Page, second = false) => {
    const all = p.locator('.tr-entry').filter({ has: p.locator('blockquote', { hasText: /^Original: Coffee break$/ }) });
    return all.nth((hydrated(testInfo) ? 0 : 2) + (second ? 1 : 0));
  };
  const name = testInfo.project.name;
  await login(page, testInfo, SECRETARIAT);
  await login(other, testInfo, SECRETARIAT);
  await open(page, testInfo, workbench);
  await open(other, testInfo, workbench);

  // The other translator saves first, two texts.
  await pick(other).getByRole('textbox').fill(`Pause (${testInfo.project.name})`);
  await pick(other, true).getByRole('textbox').fill(`Pause de l’après-midi (${name})`);
  await other.getByRole('button', { name: 'Save the translations' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Translations saved. (Français)' })).toBeVisible();

  // This one, on the page opened before, changes the same text: refused, with what it now says.
  await pick(page).getByRole('textbox').fill(`Pause café (${testInfo.project.name})`);
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await expect(page.getByText(`Someone else changed this text after you opened the page; it now reads “Pause (${testInfo.project.name})”. Save again to replace it with yours.`)).toBeVisible();
  await expect(pick(page).getByRole('textbox')).toHaveValue(`Pause café (${testInfo.project.name})`);
  await expect(pick(page).getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
  // Saving again replaces it knowingly.
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Translations saved. (Français)' })).toBeVisible();
  await open(page, testInfo, workbench);
  await expect(pick(page).getByRole('textbox')).toHaveValue(`Pause café (${testInfo.project.name})`);
  // The other text this page never touched is still the other translator's, after the refusal
  // and the second save alike.
  await expect(pick(page, true).getByRole('textbox')).toHaveValue(`Pause de l’après-midi (${name})`);
  await otherContext.close();
});

test('on a 390 px phone the public pages, the registration form and the Plan of Action never scroll sideways', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [`/meetings/${CONFERENCE}`, `/meetings/${CONFERENCE}/agenda`, `/meetings/${CONFERENCE}/register`, `/meetings/${CONFERENCE}/papers`, `/meetings/2/plan`, `/meetings/2/plan/dashboard`]) {
    await open(page, testInfo, path);
    const wide = await page.evaluate(() => {
      const doc = document.documentElement;
      // What sticks out past the right edge, for the message.
      const over = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest('.table-scroll, .chart-scroll'))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}`);
      return { scroll: doc.scrollWidth, width: doc.clientWidth, over };
    });
    expect(wide.scroll, `${path}: ${wide.over.join(', ')}`).toBeLessThanOrEqual(wide.width);
  }
});
