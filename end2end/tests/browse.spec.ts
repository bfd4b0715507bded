import { test, expect } from './helpers';
import { hydrated, open } from './helpers';

test('the public browses meetings and reads the agenda', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  const upcoming = page.getByRole('region', { name: 'Upcoming meetings' });
  await expect(upcoming.getByRole('link', { name: 'MIDSA Ministerial Conference on Mixed Migration' })).toBeVisible();
  const past = page.getByRole('region', { name: 'Past meetings' });
  await expect(past.getByRole('link', { name: 'MIDSA Technical Working Group on Migration Data' })).toBeVisible();
  // The draft workshop is for the secretariat only.
  await expect(page.getByText('Workshop on labour migration statistics')).toHaveCount(0);

  await upcoming.getByRole('link', { name: 'MIDSA Ministerial Conference on Mixed Migration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'MIDSA Ministerial Conference on Mixed Migration' })).toBeVisible();
  await expect(page.getByText('Africa/Dar_es_Salaam (EAT, UTC+03:00)')).toBeVisible();
  await expect(page.getByText('mixed migration flows', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await expect(page.getByText('Revision 2', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Session 4: Protection-sensitive border management/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 4, name: 'Regional overview of mixed migration flows' })).toBeVisible();
  await expect(page.getByText(/Speakers: Regional Data Hub \(IOM\)/)).toBeVisible();
  // Three days, each a level-2 heading.
  await expect(page.locator('.agenda-day > h2')).toHaveCount(3);

  // The changelog of revision 2 and the readable revision 1.
  await page.getByText('Changes in this revision').click();
  await expect(page.getByText(/Side event: migration and health/).first()).toBeVisible();
  await page.getByRole('link', { name: 'All revisions' }).click();
  await page.getByRole('link', { name: 'Revision 1' }).click();
  await expect(page.getByText('You are reading an earlier revision.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Side event/ })).toHaveCount(0);
});

test('a missing or draft meeting is a 404', async ({ page }) => {
  const missing = await page.goto('/meetings/9999');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const draft = await page.goto('/meetings/3');
  expect(draft?.status()).toBe(404);
});

test('the language can be changed and is remembered', async ({ page }, testInfo) => {
  await open(page, testInfo, '/meetings');
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Réunions' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await open(page, testInfo, '/meetings/1/agenda');
  await expect(page.getByRole('heading', { level: 1, name: 'Ordre du jour' })).toBeVisible();
  await expect(page.locator('.agenda-day > h2').first()).toHaveText(/^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) /);
  await page.getByLabel('Langue').selectOption('pt');
  await page.getByRole('button', { name: 'Changer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Reuniões' })).toBeVisible();
});

test('the meeting calendar downloads as iCalendar', async ({ page, request }, testInfo) => {
  await open(page, testInfo, '/meetings/1');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('midsa-meeting-1.ics');
  const res = await request.get('/meetings/1/calendar.ics');
  expect(res.headers()['content-type']).toContain('text/calendar');
  const body = await res.text();
  expect(body.startsWith('BEGIN:VCALENDAR')).toBeTruthy();
  expect(body).toContain('UID:meeting-1@127.0.0.1');
  expect((body.match(/BEGIN:VEVENT/g) || []).length).toBeGreaterThan(60);
});

test('only islands run in the browser: the agenda keeps the server\'s HTML, a page without an island loads no wasm', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'JavaScript only');
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked|hydrat|unreachable|RuntimeError|no wasm function/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  // The server's nodes are marked before the wasm runs (it starts once the page has loaded and
  // the browser is idle): nodes still there afterwards keep the mark.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      document.querySelectorAll('.agenda-item, table.matrix').forEach((el) => el.setAttribute('data-from-server', ''));
    });
  });
  // The agenda has an island (the reader's time zone): the wasm is loaded and the island
  // hydrated, every item stays as the server sent it.
  await open(page, testInfo, '/meetings/1/agenda');
  await expect(page.locator('leptos-island')).toHaveCount(1);
  const items = await page.locator('.agenda-item').count();
  expect(items).toBeGreaterThan(10);
  await expect(page.locator('.agenda-item[data-from-server]')).toHaveCount(items);
  expect(wasm.length).toBe(1);
  // Its links are ordinary page loads, rendered by the server.
  await page.getByRole('link', { name: 'All revisions' }).click();
  await expect(page).toHaveURL(/\/agenda\/revisions$/);
  await page.getByRole('link', { name: 'Revision 2' }).click();
  await expect(page).toHaveURL(/\/agenda\?rev=2$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await expect(page.locator('.agenda-item')).toHaveCount(items);
  await expect(page.getByRole('heading', { level: 4, name: 'Regional overview of mixed migration flows' })).toBeVisible();

  // The dashboard has no island: nothing but the page, its stylesheet and offline.js.
  wasm.length = 0;
  await open(page, testInfo, '/meetings/2/plan/dashboard');
  await expect(page.locator('leptos-island')).toHaveCount(0);
  await expect(page.locator('table.matrix[data-from-server]')).toHaveCount(1);
  await expect(page.locator('.charts svg').first()).toBeVisible();
  expect(wasm).toEqual([]);
  expect(errors).toEqual([]);
});
