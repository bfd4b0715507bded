import { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './helpers';
import * as fs from 'fs';
import * as path from 'path';
import { hydrated, login, open, unique, SECRETARIAT, DELEGATE } from './helpers';

const CONFERENCE = 1;
const HEAD = 'juma.mwakyusa@gov.tz.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** Calls a server function as the page's signed-in user (set-up only; the UI is tested separately). */
async function api(page: Page, endpoint: string, fields: Record<string, string>, wrapped = true) {
  const base = new URL(page.url()).origin;
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) form[wrapped ? `form[${k}]` : k] = v;
  const res = await (page.request as APIRequestContext).post(`/api/${endpoint}`, {
    form,
    headers: { Origin: base, Accept: 'application/json' },
  });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBe(200);
  return res.json();
}

function day(offset: number): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A new meeting open for registration (no approval step), with `heads` as approved heads of delegation. */
async function meetingWithHeads(page: Page, title: string, description: string, heads: string[]): Promise<number> {
  const start = day(40);
  const m: number = await api(page, 'meetings/save', {
    id: '', kind: 'technical_working_group', title, description, venue: 'Avani', city: 'Maseru',
    host_country: 'LS', timezone: 'Africa/Maseru', start_date: start, end_date: start, lang_en: 'on',
  });
  await api(page, 'meetings/status', { id: String(m), version: '1', to: 'announced' });
  await api(page, 'meetings/status', { id: String(m), version: '2', to: 'registration_open' });
  await api(page, 'registration/settings', {
    meeting_id: String(m), opens_at: `${day(-1)}T08:00`, closes_at: `${day(30)}T17:00`, capacity: '40', quota: '5',
    cat_head_of_delegation: 'on', cat_delegate: 'on',
  });
  for (const email of heads) {
    await api(page, 'registration/register', {
      meeting_id: String(m), category: 'head_of_delegation', country: 'TZ', given_name: 'Juma', family_name: 'Mwakyusa',
      position: 'Minister', email,
    });
  }
  return m;
}

test('a paper with a file: sizes before download, the delegate downloads file and pack, the public cannot', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  const title = `Labour migration annex ${id}`;
  await login(page, testInfo, SECRETARIAT);
  const pid: number = await api(page, 'papers/save', {
    id: '', meeting_id: String(CONFERENCE), lang: 'en', access: 'delegates', title, body: '## Annex\n\nSee the attached figures.',
  });
  await open(page, testInfo, `/papers/${pid}`);
  // A file whose content is not what its name says is refused on the field.
  await page.getByLabel('File to attach').setInputFiles({ name: 'figures.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>no</html>') });
  await page.getByRole('button', { name: 'Attach the file' }).click();
  await expect(page.getByText('whose content matches its name')).toBeVisible();
  await page.getByLabel('File to attach').setInputFiles({ name: 'figures <2026>.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Attach the file' }).click();
  await expect(page.getByRole('link', { name: 'figures 2026.pdf' })).toBeVisible();
  await expect(page.getByText(`(PDF, ${PDF.length} B)`)).toBeVisible();

  const ctx = await browser.newContext({ ...testInfo.project.use, acceptDownloads: true });
  const delegate = await ctx.newPage();
  await login(delegate, testInfo, DELEGATE);
  await open(delegate, testInfo, `/meetings/${CONFERENCE}/papers`);
  await expect(delegate.getByRole('link', { name: title })).toBeVisible();
  await expect(delegate.getByText(`(PDF, ${PDF.length} B)`).first()).toBeVisible();
  const packLink = delegate.getByRole('link', { name: /Download the meeting pack for offline reading \(ZIP, at most .+\)/ });
  await expect(packLink).toBeVisible();
  const [pack] = await Promise.all([delegate.waitForEvent('download'), packLink.click()]);
  expect(pack.suggestedFilename()).toBe(`midsa-meeting-${CONFERENCE}-pack.zip`);
  const packBytes = fs.readFileSync((await pack.path())!);
  expect(packBytes.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
  await open(delegate, testInfo, `/papers/${pid}`);
  const [file] = await Promise.all([delegate.waitForEvent('download'), delegate.getByRole('link', { name: 'figures 2026.pdf' }).click()]);
  expect(file.suggestedFilename()).toBe('figures 2026.pdf');
  expect(fs.readFileSync((await file.path())!).equals(PDF)).toBe(true);
  const fileUrl = await delegate.getByRole('link', { name: 'figures 2026.pdf' }).getAttribute('href');
  await ctx.close();

  // Anonymous: neither the paper nor its file.
  const anon = await browser.newContext(testInfo.project.use);
  const visitor = await anon.newPage();
  expect((await visitor.goto(`/papers/${pid}`))!.status()).toBe(404);
  expect((await visitor.request.get(fileUrl!)).status()).toBe(404);
  await visitor.goto(`/meetings/${CONFERENCE}/papers`);
  await expect(visitor.getByText(title)).toHaveCount(0);
  // Told that there are papers for delegates (not "none"), with the way to sign in.
  await expect(visitor.getByText(/Papers for the meeting[’']s delegates only: \d+\./)).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Delegates: sign in' })).toHaveAttribute('href', `/login?next=/meetings/${CONFERENCE}/papers`);
  await anon.close();
});

test('minutes: draft, comments by a head of delegation, adoption and lock, decisions become recommendation drafts; search sees only what it may', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  // A word nothing else contains (the meeting's title holds the id, so not the id itself).
  const word = `zq${id.split('-').pop()!}`;
  await login(page, testInfo, SECRETARIAT);
  const m = await meetingWithHeads(page, `Minutes meeting ${id}`, 'Technical working group.', [HEAD]);

  await open(page, testInfo, `/meetings/${m}/minutes`);
  await expect(page.getByText('There are no minutes to show yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Start the minutes' }).click();
  await page.getByText('Add a section').click();
  await page.getByLabel('Section title').fill(`Border management ${word}`);
  await page.getByLabel('Text of the section').fill(
    `The meeting reviewed one-stop border posts.\n\n[decision] The meeting endorsed the ${word} border data standard.\n\n[recommendation] Member states should share ${word} border statistics quarterly.`,
  );
  await page.locator('details', { hasText: 'Add a section' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Border management ${word}` })).toBeVisible();
  await expect(page.locator('.passage.decision')).toContainText(`endorsed the ${word} border data standard`);
  await expect(page.locator('.passage-label').first()).toHaveText('Decision');

  // A draft is invisible to the head of delegation and to search.
  const hctx = await browser.newContext(testInfo.project.use);
  const head = await hctx.newPage();
  await login(head, testInfo, HEAD);
  await open(head, testInfo, `/meetings/${m}/minutes`);
  await expect(head.getByText(`Border management ${word}`)).toHaveCount(0);
  await open(head, testInfo, `/search?q=${word}`);
  await expect(head.getByText('Nothing found that you may read.')).toBeVisible();

  // Circulate for comments until a week from now.
  await page.getByLabel('Comments close on (YYYY-MM-DD)').fill(day(7));
  await page.getByRole('button', { name: 'Circulate to heads of delegation' }).click();
  await expect(page.getByText('Circulated for comments').first()).toBeVisible();

  // The public is told who reads the circulated draft, and offered to sign in.
  const pctx = await browser.newContext(testInfo.project.use);
  const reader = await pctx.newPage();
  await reader.goto(`/meetings/${m}/minutes`);
  await expect(reader.getByText('The draft minutes are with the heads of delegation for their comments.')).toBeVisible();
  await pctx.close();

  // The head of delegation reads, comments and finds it by search.
  await open(head, testInfo, `/meetings/${m}/minutes`);
  await expect(head.getByRole('heading', { level: 2, name: `Border management ${word}` })).toBeVisible();
  await head.getByLabel('Your comment on this section').fill(`Tanzania supports the ${word} standard.`);
  await head.getByRole('button', { name: 'Send the comment' }).click();
  await expect(head.getByText(`Tanzania supports the ${word} standard.`)).toBeVisible();
  // The comment box is empty again: a second click cannot send the same comment twice.
  await expect(head.getByLabel('Your comment on this section')).toHaveValue('');
  await open(head, testInfo, `/search?q=${word}`);
  await expect(head.getByRole('link', { name: `Border management ${word}` })).toBeVisible();

  // An ordinary approved delegate of another meeting and the public find nothing.
  const anon = await browser.newContext(testInfo.project.use);
  const visitor = await anon.newPage();
  await open(visitor, testInfo, `/search?q=${word}`);
  await expect(visitor.getByText('Nothing found that you may read.')).toBeVisible();

  // The secretariat sees the comment and adopts.
  await open(page, testInfo, `/meetings/${m}/minutes`);
  await expect(page.getByText(`Tanzania supports the ${word} standard.`)).toBeVisible();
  // Adoption asks first: the summary opens the button that adopts.
  await expect(page.getByRole('button', { name: 'Adopt and lock the minutes for good' })).toBeHidden();
  await page.getByText('Adopt the minutes', { exact: true }).click();
  await page.getByRole('button', { name: 'Adopt and lock the minutes for good' }).click();
  await expect(page.getByText('These minutes are adopted and locked')).toBeVisible();
  await expect(page.getByText(/Adopted on .+ by Thandiwe Moyo/)).toBeVisible();
  await expect(page.getByText('Edit this section')).toHaveCount(0);
  const drafts = page.locator('.recommendation-draft');
  await expect(drafts).toHaveCount(2);
  await expect(drafts.nth(0)).toContainText(`endorsed the ${word} border data standard`);
  await expect(drafts.nth(1)).toContainText(`share ${word} border statistics quarterly`);
  await expect(drafts.nth(1).getByRole('link', { name: `Border management ${word}` })).toHaveAttribute('href', /#passage-\d+-2$/);

  // A correction is a corrigendum; the print view has the text without forms.
  await page.getByLabel('Text of the corrigendum').fill(`In the decision, read *${word} regional* standard.`);
  await page.getByRole('button', { name: 'Issue a corrigendum' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Corrigendum 1/ })).toBeVisible();
  await open(page, testInfo, `/meetings/${m}/minutes/print`);
  await expect(page.getByText(`endorsed the ${word} border data standard`)).toBeVisible();
  await expect(page.locator('article.print-document form, article.print-document button')).toHaveCount(0);

  // Adopted minutes are for the meeting's delegates: still nothing for the public.
  await open(visitor, testInfo, `/search?q=${word}`);
  await expect(visitor.getByText('Nothing found that you may read.')).toBeVisible();
  await anon.close();
  await hctx.close();
});

test('XSS payloads in every Markdown field and a file name run no script; legitimate Markdown survives', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const payloads = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'xss-payloads.txt'), 'utf8').split('\n').filter((l) => l.trim());
  expect(payloads.length).toBeGreaterThanOrEqual(50);
  const legit = '## Regional overview\n\n| Country | Returns |\n|---|---|\n| Malawi | 1 200 |\n\n- first point\n- second point\n\nSee [IOM](https://www.iom.int).';
  const body = `${legit}\n\n${payloads.join('\n\n')}`;
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await login(page, testInfo, SECRETARIAT);
  const m = await meetingWithHeads(page, `XSS meeting ${id}`, body, []);
  const s: number = await api(page, 'agenda/sessions/save', { meeting_id: String(m), day: day(40), title: 'Session' });
  await api(page, 'agenda/items/save', { meeting_id: String(m), session_id: String(s), start: '09:00', end: '10:00', title: 'Item', description: body });
  await api(page, 'agenda/publish', { meeting_id: String(m), note: 'v1' });
  const pid: number = await api(page, 'papers/save', { id: '', meeting_id: String(m), lang: 'en', access: 'public', title: payloads[0], body });
  await api(page, 'minutes/create', { meeting_id: String(m) }, false);
  await api(page, 'minutes/section', { id: '', meeting_id: String(m), title: payloads[3], body });
  await api(page, 'minutes/step', { meeting_id: String(m), version: '2', step: 'circulate', closes_on: day(5) });
  const sectionId = await (async () => {
    await open(page, testInfo, `/meetings/${m}/minutes`);
    const sid = await page.locator('section.minutes-section').first().getAttribute('id');
    return sid!.replace('section-', '');
  })();
  await api(page, 'minutes/comment', { section_id: sectionId, body });
  await api(page, 'minutes/step', { meeting_id: String(m), version: '3', step: 'adopt' });
  await api(page, 'minutes/corrigendum', { meeting_id: String(m), body });
  // A file whose name is a payload.
  await open(page, testInfo, `/papers/${pid}`);
  await page.getByLabel('File to attach').setInputFiles({ name: '<img src=x onerror=alert(1)>.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Attach the file' }).click();
  await expect(page.getByRole('link', { name: 'img src=x onerror=alert(1).pdf' })).toBeVisible();

  for (const p of [`/meetings/${m}`, `/meetings/${m}/agenda`, `/papers/${pid}`, `/meetings/${m}/minutes`, `/meetings/${m}/minutes/print`]) {
    await open(page, testInfo, p);
    const md = page.locator('.markdown');
    await expect(md.filter({ hasText: 'Malawi' }).first()).toBeVisible();
    // Legitimate Markdown is all there.
    await expect(page.getByRole('heading', { name: 'Regional overview' }).first()).toBeVisible();
    await expect(md.locator('table td', { hasText: 'Malawi' }).first()).toBeVisible();
    await expect(md.locator('li', { hasText: 'second point' }).first()).toBeVisible();
    await expect(md.locator('a[href="https://www.iom.int"]').first()).toBeVisible();
    // Nothing executable is in the content.
    expect(await md.locator('script, iframe, object, embed, svg, style, form, base, meta, link').count(), p).toBe(0);
    expect(await md.locator('[onerror], [onload], [onclick], [onmouseover], [onfocus], [ontoggle], [onbegin], [style], [srcdoc]').count(), p).toBe(0);
    expect(await md.locator('a[href^="javascript" i], a[href^="data" i], a[href^="vbscript" i], img[src^="javascript" i]').count(), p).toBe(0);
    if (hydrated(testInfo)) {
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), p).toBeUndefined();
    }
  }
  // Titles and text areas hold raw text: a payload there is shown as typed, never run.
  await open(page, testInfo, `/papers/${pid}/edit`);
  await expect(page.getByLabel('Text')).toHaveValue(body);
  await expect(page.getByLabel('Title')).toHaveValue(payloads[0]);
  await open(page, testInfo, `/papers/${pid}`);
  expect(await page.title()).toContain(payloads[0]);
  expect(dialogs).toBe(0);
});
