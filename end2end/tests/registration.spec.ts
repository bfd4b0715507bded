import { Page } from '@playwright/test';
import { test, expect } from './helpers';
import * as fs from 'fs';
import { login, open, unique, waitForMail, FOCAL_TZ, SECRETARIAT } from './helpers';

// The demo conference (seeded first) is open for registration.
const CONFERENCE = 1;
async function fillPerson(page: Page, given: string, family: string, email: string) {
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Family name').fill(family);
  await page.getByLabel('Position', { exact: true }).fill('Director of Immigration');
  await page.getByLabel('Email', { exact: true }).fill(email);
}

test('a delegate registers, confirms their email and is counted', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const email = `self-${id}@gov.zm.example`;
  await open(page, testInfo, `/meetings/${CONFERENCE}/register`);
  await expect(page.getByRole('heading', { level: 1, name: 'Register for this meeting' })).toBeVisible();
  // Bad input first (that the browser lets through): errors next to the fields, nothing saved.
  await page.getByLabel('Category').selectOption('delegate');
  await fillPerson(page, 'Mwila', `Phiri ${id}`, 'mwila@localhost');
  await page.getByLabel('Phone').fill('call me');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a phone number with 6 to 20 digits')).toBeVisible();
  await expect(page.getByText('Member state (delegation)').locator('..').getByText('This field is required.')).toBeVisible();

  await page.getByLabel('Category').selectOption('delegate');
  await page.getByLabel('Member state (delegation)').selectOption('ZM');
  await fillPerson(page, 'Mwila', `Phiri ${id}`, email);
  await page.getByLabel('Phone').fill('+260 211 123 456');
  await page.getByLabel('Show my name, position and country on the public participant list').check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();

  const mail = await waitForMail(email, '/registrations/confirm/');
  const link = mail.match(/https?:\/\/[^\s"<]+\/registrations\/confirm\/[A-Za-z0-9_-]+/);
  expect(link).not.toBeNull();
  await open(page, testInfo, new URL(link![0]).pathname);
  await page.getByRole('button', { name: 'Confirm my registration' }).click();
  await expect(page.getByText('Awaiting approval')).toBeVisible();
  await waitForMail(email, 'Registration received');
});

test('a focal point nominates a delegate for their country and withdraws them', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const name = `Baraka Nominee-${id}`;
  await login(page, testInfo, FOCAL_TZ);
  await open(page, testInfo, `/meetings/${CONFERENCE}/delegation`);
  await expect(page.getByRole('heading', { level: 1, name: /Delegation of/ })).toBeVisible();
  await page.getByRole('link', { name: 'Nominate a delegate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nominate a delegate' })).toBeVisible();
  // The country is fixed to the focal point's own.
  await expect(page.getByLabel('Member state (delegation)')).toHaveCount(0);
  await page.getByLabel('Category').selectOption('adviser');
  await fillPerson(page, 'Baraka', `Nominee-${id}`, `nominee-${id}@gov.tz.example`);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Delegation of/ })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: name });
  await expect(card.getByText('Awaiting approval')).toBeVisible();
  await card.getByRole('button', { name: /^Withdraw/ }).click();
  await expect(page.getByRole('listitem').filter({ hasText: name }).getByText('Withdrawn')).toBeVisible();
});

test('the secretariat approves registrations in bulk and exports the list', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  // One who registered themselves and has not confirmed their email yet: it cannot be approved.
  await open(page, testInfo, `/meetings/${CONFERENCE}/register`);
  await page.getByLabel('Category').selectOption('observer');
  await page.getByLabel('Organisation', { exact: true }).fill('UNHCR');
  await fillPerson(page, 'Unconfirmed', id, `unconfirmed-${id}@unhcr.example`);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  const late = `Unconfirmed ${id}`;
  await login(page, testInfo, SECRETARIAT);
  const names: string[] = [];
  for (const n of [1, 2]) {
    await open(page, testInfo, `/meetings/${CONFERENCE}/register`);
    await page.getByLabel('Category').selectOption('observer');
    await page.getByLabel('Organisation', { exact: true }).fill('UNHCR');
    await fillPerson(page, `Observer${n}`, id, `observer${n}-${id}@unhcr.example`);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Registrations' })).toBeVisible();
    names.push(`Observer${n} ${id}`);
  }
  for (const name of names) {
    await expect(page.getByRole('row').filter({ hasText: name }).getByText('Awaiting approval')).toBeVisible();
    await page.getByLabel(`Select: ${name}`).check();
  }
  await page.getByLabel(`Select: ${late}`).check();
  await page.getByLabel('Status', { exact: true }).selectOption('approve');
  await page.getByRole('button', { name: 'Save' }).last().click();
  // The row that cannot be approved is named with why, and nothing was approved yet.
  const refused = page.getByRole('alert').filter({ hasText: 'Nothing was changed.' });
  await expect(refused.getByRole('listitem')).toHaveText([`${late}: email address not confirmed yet`]);
  for (const name of names) {
    await expect(page.getByRole('row').filter({ hasText: name }).getByText('Awaiting approval')).toBeVisible();
  }
  await refused.getByRole('button', { name: 'Apply it to the other 2 and leave these unchanged' }).click();
  await expect(page.getByText('Nothing was changed.')).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: late }).getByText('Approved', { exact: true })).toHaveCount(0);
  for (const name of names) {
    await expect(page.getByRole('row').filter({ hasText: name }).getByText('Approved', { exact: true })).toBeVisible();
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  for (const n of [1, 2]) expect(csv).toContain(`observer${n}-${id}@unhcr.example`);
  expect(csv.split('\n')[0]).toContain('passport_number');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download Excel (XLSX)' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/registrations\.xlsx$/);
  const bytes = fs.readFileSync((await xlsx.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});

test('the public participant list shows only those who consented', async ({ page }, testInfo) => {
  await open(page, testInfo, `/meetings/${CONFERENCE}/participants`);
  await expect(page.getByRole('heading', { level: 1, name: 'Participants' })).toBeVisible();
  // Seeded: approved delegates, every fourth without consent (e.g. Inês Machava).
  await expect(page.getByRole('cell', { name: 'Hon. Juma Mwakyusa' })).toBeVisible();
  await expect(page.getByText('Machava')).toHaveCount(0);
  await expect(page.getByText('@')).toHaveCount(0);
});

test('the secretariat prints badges and checks participants in by name or badge code', async ({ page }, testInfo) => {
  // Each project checks in different seeded (approved) participants: the server is shared.
  const [byName, byCode] = testInfo.project.name === 'hydrated' ? ['Mwakyusa', 'Macuácua'] : ['Nkosi', 'Baptista'];
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/badges`);
  await expect(page.getByRole('heading', { level: 1, name: 'Badges' })).toBeVisible();
  const badge = page.getByRole('listitem').filter({ hasText: byCode });
  await expect(badge.locator('svg')).toHaveCount(1);
  await expect(badge.getByRole('img', { name: 'Badge code (scan or type)' })).toBeVisible();
  const code = (await badge.locator('.badge-code').innerText()).trim();

  await open(page, testInfo, `/meetings/${CONFERENCE}/checkin`);
  await page.getByLabel('Or find a participant by name').fill(byName);
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.getByRole('listitem').filter({ hasText: byName });
  await card.getByRole('button', { name: /^Check in/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked in:' })).toContainText(byName);

  await page.getByLabel('Badge code (scan or type)').fill(code);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked in:' })).toContainText(byCode);
  // A wrong code is refused with a clear message.
  await page.getByLabel('Badge code (scan or type)').fill('no-such-badge');
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByText('No participant of this meeting has this badge code.')).toBeVisible();
});

test('a delegate sees their registrations and makes, uses and revokes a private calendar link', async ({ page }, testInfo) => {
  await login(page, testInfo, 'delegate@midsa.example');
  await page.getByRole('link', { name: 'My registrations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My registrations' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: 'MIDSA Ministerial Conference on Mixed Migration' });
  await expect(card.getByText('Approved', { exact: true })).toBeVisible();
  await expect(card.getByRole('link', { name: 'Agenda' })).toBeVisible();

  await page.getByRole('button', { name: /Create a private link|Replace the link/ }).click();
  const link = (await page.locator('code.feed-link').innerText()).trim();
  expect(link).toMatch(/\/feeds\/[A-Za-z0-9_-]+\.ics$/);
  // Shown once, never in the address (with and without JavaScript): a reload shows it no more.
  const secret = link.split('/feeds/')[1].replace(/\.ics$/, '');
  expect(page.url()).not.toContain(secret);
  const feed = await page.request.get(link);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('SUMMARY:MIDSA Ministerial Conference on Mixed Migration');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Revoke the link' })).toBeVisible();
  await expect(page.locator('code.feed-link')).toHaveCount(0);

  await page.getByRole('button', { name: 'Revoke the link' }).click();
  await expect(page.getByText('You have no private calendar link.')).toBeVisible();
  expect((await page.request.get(link)).status()).toBe(404);
});

test('a withdrawal frees a place and the waiting list moves up', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  const title = `Waiting list workshop ${id}`;
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/meetings/new');
  await page.getByLabel('Kind of meeting').selectOption('workshop');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Venue').fill('Hotel Avani');
  await page.getByLabel('City').fill('Maseru');
  await page.getByLabel('Host country').selectOption('LS');
  await page.getByLabel('Time zone').fill('Africa/Maseru');
  await page.getByLabel('First day').fill('2027-05-04');
  await page.getByLabel('Last day').fill('2027-05-05');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  for (const to of ['announced', 'registration_open']) {
    const status = page.getByRole('region', { name: 'Change status' });
    await status.getByLabel('Move to').selectOption(to);
    await status.getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('.page-head .badge')).toHaveText(to === 'announced' ? 'Announced' : 'Registration open');
  }
  const meetingPath = new URL(page.url()).pathname;

  // One place, no approval step.
  await open(page, testInfo, `${meetingPath}/registrations`);
  const settings = page.getByRole('region', { name: 'Registration settings' });
  const today = new Date();
  const later = new Date(today.getTime() + 30 * 86400_000);
  const local = (d: Date) => d.toISOString().slice(0, 10);
  await settings.getByLabel('Opens (venue time)').fill(`${local(new Date(today.getTime() - 86400_000))}T08:00`);
  await settings.getByLabel('Closes (venue time)').fill(`${local(later)}T17:00`);
  await settings.getByLabel('Capacity (places)').fill('1');
  await settings.getByLabel('Places per member-state delegation').fill('5');
  await settings.getByLabel('The secretariat approves each registration').uncheck();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('0 / 1')).toBeVisible();

  for (const n of ['First', 'Second']) {
    await open(page, testInfo, `${meetingPath}/register`);
    await page.getByLabel('Category').selectOption('delegate');
    await page.getByLabel('Member state (delegation)').selectOption('LS');
    await fillPerson(page, n, `Mokhele ${id}`, `${n.toLowerCase()}-${id}@gov.ls.example`);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Registrations' })).toBeVisible();
  }
  const first = page.getByRole('row').filter({ hasText: `First Mokhele ${id}` });
  const second = page.getByRole('row').filter({ hasText: `Second Mokhele ${id}` });
  await expect(first.getByText('Approved', { exact: true })).toBeVisible();
  await expect(second.getByText('Waiting list')).toBeVisible();
  await first.getByRole('button', { name: /^Withdraw/ }).click();
  await expect(page.getByRole('row').filter({ hasText: `First Mokhele ${id}` }).getByText('Withdrawn')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `Second Mokhele ${id}` }).getByText('Approved', { exact: true })).toBeVisible();
});

test('the secretariat sees every delegation with its head', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/delegation?country=TZ`);
  const all = page.getByRole('region', { name: 'All delegations' });
  await expect(all.getByRole('row').filter({ hasText: 'United Republic of Tanzania' })).toContainText('Hon. Juma Mwakyusa');
  await all.getByRole('link', { name: 'Mozambique' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Delegation of Mozambique' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Head of delegation' }).getByRole('strong')).toHaveText('S. Exa. Ana Macuácua');
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('notes verbales: a focal point attaches theirs, the secretariat sees all sixteen and attaches one on a delegation\'s behalf', async ({ page, browser }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, FOCAL_TZ);
  await open(page, testInfo, `/meetings/${CONFERENCE}/delegation`);
  const section = page.getByRole('region', { name: 'Note verbale' });
  // Seeded: Tanzania's focal point sent one.
  await expect(section.getByText(/^Received \d{4}-\d\d-\d\d/)).toBeVisible();
  // Checked by content: a text file named .pdf is refused on the field, nothing is attached.
  await section.locator('#nv-file').setInputFiles({ name: `fake-${id}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await section.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('#nv-file')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('link', { name: `fake-${id}.pdf` })).toHaveCount(0);
  await page.locator('#nv-file').setInputFiles({ name: `nv-${id}.pdf`, mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('region', { name: 'Note verbale' }).getByRole('button', { name: 'Upload' }).click();
  const link = page.getByRole('region', { name: 'Note verbale' }).getByRole('link', { name: `nv-${id}.pdf` });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  const file = await page.request.get(href);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  // Nobody else may read it, or learn that it exists.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(new URL(href, page.url()).toString())).status()).toBe(404);
  await anonymous.close();

  await page.context().clearCookies();
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/delegation?country=NA`);
  const namibia = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Namibia' }) });
  await expect(namibia).toBeVisible();
  const tanzania = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'United Republic of Tanzania' }) });
  await expect(tanzania.getByRole('link', { name: /^Received/ })).toBeVisible();
  await page.locator('#nv-file').setInputFiles({ name: `scan-${id}.pdf`, mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('region', { name: 'Note verbale' }).getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('region', { name: 'Note verbale' }).getByText('(attached by the secretariat)')).toBeVisible();
  await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Namibia' }) }).getByRole('link', { name: /^Received/ })).toBeVisible();
});

test('invitation letters: the secretariat sets the letterhead and downloads them, a delegate downloads their own from their page', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/registrations`);
  const letters = page.getByRole('region', { name: 'Invitation letters and certificates' });
  // A file that is not an image is refused, and said so.
  await letters.getByLabel('Letterhead (PNG or JPEG, printed across the top)').setInputFiles({ name: 'head.png', mimeType: 'image/png', buffer: PDF });
  await letters.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('region', { name: 'Invitation letters and certificates' }).getByRole('alert')).toBeVisible();
  await page.getByLabel('Signatory’s title').fill('Programme Manager, MIDSA Secretariat');
  await page.getByRole('region', { name: 'Invitation letters and certificates' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Signatory’s title')).toHaveValue('Programme Manager, MIDSA Secretariat');
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'All invitation letters (ZIP)' }).click()]);
  expect(zip.suggestedFilename()).toBe(`invitations-${CONFERENCE}.zip`);
  expect(fs.readFileSync((await zip.path())!).subarray(0, 2).toString()).toBe('PK');

  await page.context().clearCookies();
  await login(page, testInfo, 'delegate@midsa.example');
  await open(page, testInfo, '/me');
  const card = page.getByRole('listitem').filter({ hasText: 'MIDSA Ministerial Conference on Mixed Migration' });
  const [pdf] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Invitation letter (PDF)' }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/^invitation-\d+-\d{5}\.pdf$/);
  expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  // Not yet: the certificate comes after the meeting.
  await expect(card.getByRole('link', { name: 'Certificate of attendance (PDF)' })).toHaveCount(0);
});

test('messages: the secretariat chooses who, writes in the meeting\'s languages and sends; a delegate reads it on their page', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/${CONFERENCE}/registrations`);
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Messages to participants' })).toBeVisible();
  // Who: the approved observers (the demo delegate among them), each with their language.
  await page.getByLabel('Status', { exact: true }).selectOption('approved');
  await page.getByLabel('Category', { exact: true }).selectOption('observer');
  await page.getByRole('button', { name: 'Show who receives it' }).click();
  await expect(page).toHaveURL(/status=approved/);
  await expect(page.getByText(/people receive this message, each in their language/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Demo Delegate' })).toBeVisible();
  // A language begun but not finished is refused on its field, and nothing is sent.
  const english = page.getByRole('group', { name: /^English/ });
  await english.getByLabel('Subject').fill(`Shuttle ${id}`);
  await english.getByLabel('Message').fill(`The shuttle leaves at **07:30** (${id}).`);
  await page.getByRole('group', { name: /^French/ }).getByLabel('Subject').fill(`Navette ${id}`);
  await page.getByRole('button', { name: 'Send to these participants' }).click();
  await expect(page.getByRole('group', { name: /^French/ }).getByLabel('Message')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('link', { name: `Shuttle ${id}` })).toHaveCount(0);
  await page.getByRole('group', { name: /^French/ }).getByLabel('Message').fill(`La navette part à **7 h 30** (${id}).`);
  await page.getByRole('button', { name: 'Send to these participants' }).click();
  await expect(page.getByRole('link', { name: `Shuttle ${id}` })).toBeVisible();
  await page.getByRole('link', { name: `Shuttle ${id}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Shuttle ${id}` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'delegate@midsa.example' })).toBeVisible();

  await page.context().clearCookies();
  await login(page, testInfo, 'delegate@midsa.example');
  await open(page, testInfo, '/me');
  const messages = page.getByRole('region', { name: 'Messages from the secretariat' });
  await expect(messages.getByRole('heading', { name: `Shuttle ${id}` })).toBeVisible();
  await expect(messages.getByText(`(${id})`)).toBeVisible();
});
