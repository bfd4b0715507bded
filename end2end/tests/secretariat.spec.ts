import { test, expect } from './helpers';
import { hydrated, login, open, unique, SECRETARIAT } from './helpers';

test('the secretariat creates a meeting, builds its agenda and publishes a revision', async ({ page }, testInfo) => {
  const title = `Senior officials meeting ${unique(testInfo)}`;
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/meetings');
  await page.getByRole('link', { name: 'New meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New meeting' })).toBeVisible();

  // Bad input: clear errors on the fields, nothing saved, typed values kept.
  await page.getByLabel('Kind of meeting').selectOption('senior_officials');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Venue').fill('Hotel Polana');
  await page.getByLabel('City').fill('Maputo');
  await page.getByLabel('Host country').selectOption('MZ');
  await page.getByLabel('Time zone').fill('Africa/Atlantis');
  await page.getByLabel('First day').fill('2027-03-10');
  await page.getByLabel('Last day').fill('2027-03-09');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expect(page.getByText('Choose a valid time zone, e.g. Africa/Dar_es_Salaam.')).toBeVisible();
  await expect(page.getByText('The end must be after the start.')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await expect(page.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Time zone').fill('Africa/Maputo');
  await page.getByLabel('Last day').fill('2027-03-11');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Venue').fill('Hotel Polana');
  await page.getByLabel('City').fill('Maputo');
  await page.getByLabel('Host country').selectOption('MZ');
  await page.getByLabel('Kind of meeting').selectOption('senior_officials');
  await page.getByLabel('First day').fill('2027-03-10');
  await page.getByLabel('Description').fill('Preparing the **ministerial** segment.');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();

  // Agenda: a session, an item, an overlap refused, then publish.
  await page.getByRole('link', { name: 'Edit agenda' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda editor' })).toBeVisible();
  const addSession = page.getByRole('region', { name: 'Add a session' });
  await addSession.getByLabel('Day').selectOption('2027-03-10');
  await addSession.getByLabel('Session title').fill('Opening session');
  await addSession.getByLabel('Room').fill('Sala Maputo');
  await addSession.getByRole('button', { name: 'Add a session' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Opening session' })).toBeVisible();
  // The form is empty again: a second click cannot add the same session twice.
  await expect(addSession.getByLabel('Session title')).toHaveValue('');

  const addItem = page.getByRole('region', { name: 'Add an item' });
  await addItem.getByLabel('Item title').fill('Welcome remarks');
  await addItem.getByLabel('Starts').fill('09:00');
  await addItem.getByLabel('Ends').fill('09:30');
  await addItem.getByLabel('Speakers').fill('Hon. Minister; Minister of the Interior; Mozambique');
  await addItem.getByRole('button', { name: 'Add an item' }).click();
  await expect(page.getByRole('heading', { level: 4, name: 'Welcome remarks' })).toBeVisible();
  await expect(addItem.getByLabel('Item title')).toHaveValue('');
  await expect(addItem.getByLabel('Speakers')).toHaveValue('');

  await addItem.getByLabel('Item title').fill('Overlapping item');
  await addItem.getByLabel('Starts').fill('09:15');
  await addItem.getByLabel('Ends').fill('09:45');
  await addItem.getByRole('button', { name: 'Add an item' }).click();
  await expect(page.getByText('Overlaps with “Welcome remarks” in the same session.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 4, name: 'Overlapping item' })).toHaveCount(0);

  const publish = page.getByRole('region', { name: 'Publish a new revision' });
  await expect(publish.getByText('Unpublished changes since the last revision')).toBeVisible();
  await publish.getByLabel('What changed').fill('First draft agenda');
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  await expect(page.getByText('Revision 1', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 4, name: 'Welcome remarks' })).toBeVisible();
  await expect(page.getByText('Speakers: Hon. Minister (Minister of the Interior, Mozambique)')).toBeVisible();
});

test('the secretariat moves a meeting through its status life cycle', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/meetings/3');
  await expect(page.getByText('Draft', { exact: true }).first()).toBeVisible();
  const status = page.getByRole('region', { name: 'Change status' });
  await status.getByLabel('Move to').selectOption('announced');
  await status.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.page-head .badge')).toHaveText('Announced');
  await page.getByRole('region', { name: 'Change status' }).getByLabel('Move to').selectOption('draft');
  await page.getByRole('region', { name: 'Change status' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.page-head .badge')).toHaveText('Draft');
});

test('each role starts where its work is: the secretariat lands on what waits for it, each item a link to where it is done', async ({ page }, testInfo) => {
  await login(page, testInfo, SECRETARIAT, { fresh: true });
  await expect(page).toHaveURL(/\/work$/);
  await expect(page.getByRole('heading', { level: 1, name: 'What waits for you' })).toBeVisible();
  // The demo conference has registrations awaiting a decision and delegations without a note verbale.
  await expect(page.getByRole('link', { name: /delegation\(s\) without a note verbale/ }).first()).toBeVisible();
  await page.getByRole('link', { name: /registration\(s\) to approve or reject/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registrations' })).toBeVisible();
  await page.getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What waits for you' })).toBeVisible();
});

test('live agenda: the secretariat marks the item under way and announces a delay from a phone; everyone sees now and next', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/meetings/1/live');
  await expect(page.getByRole('heading', { level: 1, name: 'Now and next' })).toBeVisible();
  const controls = page.getByRole('region', { name: 'Announce (secretariat)' });
  await controls.getByRole('button', { name: 'Mark as under way' }).click();
  await expect(page.getByRole('region', { name: 'Now' }).locator('strong')).not.toHaveText('');
  await page.getByRole('region', { name: 'Announce (secretariat)' }).locator('#notef-note').fill(`Lunch on the terrace ${id}`);
  await page.getByRole('button', { name: 'Announce', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Announcements' }).getByText(`Lunch on the terrace ${id}`)).toBeVisible();
  // Everyone (signed out too) sees it, on the live view and on the agenda.
  await page.context().clearCookies();
  await open(page, testInfo, '/meetings/1/live');
  await expect(page.getByText(`Lunch on the terrace ${id}`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Announce (secretariat)' })).toHaveCount(0);
  await open(page, testInfo, '/meetings/1/agenda');
  await expect(page.getByText(`Lunch on the terrace ${id}`)).toBeVisible();
});

test('speakers list: a head of delegation asks for the floor, the chair gives it and stops the clock', async ({ browser, page }, testInfo) => {
  // Each project uses its own item of the demo conference (the server is shared).
  const pick = testInfo.project.name === 'hydrated' ? 1 : 2;
  await login(page, testInfo, 'juma.mwakyusa@gov.tz.example');
  await open(page, testInfo, '/meetings/1/speakers');
  const itemValue = await page.getByLabel('Agenda item').locator('option').nth(pick).getAttribute('value');
  await open(page, testInfo, `/meetings/1/speakers?item=${itemValue}`);
  await page.getByRole('button', { name: 'Ask for the floor for the delegation' }).click();
  const tanzania = page.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' });
  await expect(tanzania).toContainText('waiting');
  await expect(page.getByRole('button', { name: 'Give the floor' })).toHaveCount(0);

  // The delegate keeps the list open in a browser of their own: with JavaScript it reads itself
  // again every 5 seconds (the page is not loaded anew).
  const watcher = await (await browser.newContext(testInfo.project.use)).newPage();
  await login(watcher, testInfo, 'juma.mwakyusa@gov.tz.example');
  await open(watcher, testInfo, `/meetings/1/speakers?item=${itemValue}`);
  await watcher.evaluate(() => ((window as unknown as { stayed: number }).stayed = 1));

  await page.context().clearCookies();
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, `/meetings/1/speakers?item=${itemValue}`);
  await page.getByLabel('Speaking time per delegation (minutes, 0: none)').fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' });
  await expect(row).toContainText('/ 3:00');
  await row.getByRole('button', { name: 'Give the floor' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' })).toContainText('speaking');
  if (hydrated(testInfo)) {
    await expect(watcher.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' })).toContainText('speaking', { timeout: 15_000 });
    expect(await watcher.evaluate(() => (window as unknown as { stayed?: number }).stayed)).toBe(1);
    // It can be paused (the toggle shows it).
    await watcher.getByRole('button', { name: 'Pause automatic updates' }).click();
    await expect(watcher.getByRole('button', { name: 'Pause automatic updates' })).toHaveAttribute('aria-pressed', 'true');
  } else {
    await expect(watcher.getByRole('button', { name: 'Pause automatic updates' })).toHaveCount(0);
  }
  await watcher.context().close();
  await page.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' }).getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'United Republic of Tanzania' })).toContainText('has spoken');
});
