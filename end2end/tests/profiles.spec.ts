import { test, expect } from './helpers';
import { login, open, unique, FOCAL_TZ, SECRETARIAT } from './helpers';

const FOCAL_ZM = 'focal.zm@midsa.example';

test('a working group prepares its migration profile: member, chapter, indicator values (a bad one refused on its row), review, validation by the focal point, publication; the public reads it in the regional table', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  const word = `zq${id.split('-').pop()!}`;
  await login(page, testInfo, FOCAL_ZM);
  await open(page, testInfo, '/profiles');
  await page.getByRole('link', { name: 'My working group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zambia: migration profile' })).toBeVisible();

  // The focal point adds a member to the group.
  await page.locator('summary', { hasText: 'Add a member' }).click();
  await page.getByLabel('Name', { exact: true }).fill(`Mutale ${word}`);
  await page.getByLabel('Ministry or agency').fill('Ministry of Home Affairs');
  await page.getByRole('button', { name: 'Add a member' }).click();
  await expect(page.getByRole('rowheader', { name: new RegExp(`Mutale ${word}`) })).toBeVisible();

  // The next edition starts as a copy of the 2024 one (a retry finds it started already).
  const started = page.getByRole('link', { name: '2026 edition' });
  if ((await started.count()) === 0) {
    await page.getByLabel('Year of the edition').fill('2026');
    await page.getByRole('button', { name: 'Start the edition' }).click();
  } else {
    await started.click();
  }
  await expect(page.getByRole('heading', { level: 1, name: 'Zambia: migration profile 2026' })).toBeVisible();
  await expect(page.getByText('started from the 2024 edition')).toBeVisible();
  const context = page.locator('section#context');
  await expect(context).toContainText('a country of transit and destination');

  // A chapter rewritten in English.
  await context.getByText('Edit the text in English').click();
  await context.getByLabel('Text').fill(`Zambia is a country of transit and destination (${word}).`);
  await context.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('section#context > div > .markdown')).toContainText(`a country of transit and destination (${word}).`);

  // The indicator table: a value that is not a number is refused on its row, nothing saved.
  const table = page.locator('section#indicators');
  const stock = table.getByLabel('International migrant stock (persons) — Value');
  await stock.fill('lots');
  await table.getByRole('button', { name: 'Save' }).click();
  await expect(table.locator('tr.has-error')).toContainText('International migrant stock');
  await expect(page.getByText('Please correct the highlighted fields.').first()).toBeVisible();
  await table.getByLabel('International migrant stock (persons) — Value').fill('190 500');
  await table.getByLabel('International migrant stock (persons) — Reference year').fill('2025');
  await table.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('section#indicators tr.has-error')).toHaveCount(0);
  await expect(page.locator('section#indicators').getByLabel('International migrant stock (persons) — Value')).toHaveAttribute('value', '190500');

  // Review by the group (a comment on a chapter), validation, publication.
  await page.getByRole('button', { name: 'Send to the working group for review' }).click();
  await expect(page.locator('.badge-profile-review')).toBeVisible();
  await page.locator('section#context').getByLabel('Your comment').fill(`Cite the census (${word}).`);
  await page.locator('section#context').getByRole('button', { name: 'Send the comment' }).click();
  await expect(page.locator('section#context .comment')).toContainText(`Cite the census (${word}).`);
  await page.getByRole('button', { name: 'Validate (focal point)' }).click();
  await expect(page.locator('.badge-profile-validated')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('This edition is published and can no longer be changed.')).toBeVisible();
  await expect(page.getByText('Edit the text in English')).toHaveCount(0);

  // The public: the edition (without the group's comments) and the regional table.
  const anon = await browser.newContext(testInfo.project.use);
  const visitor = await anon.newPage();
  await open(visitor, testInfo, '/profiles/ZM/2026');
  await expect(visitor.locator('section#context > div > .markdown')).toContainText(`(${word})`);
  await expect(visitor.getByText(`Cite the census (${word}).`)).toHaveCount(0);
  await open(visitor, testInfo, '/profiles/regional');
  await visitor.getByLabel('Indicator').selectOption({ label: 'International migrant stock' });
  await visitor.getByRole('button', { name: 'Show' }).click();
  await expect(visitor.getByRole('heading', { level: 2, name: 'International migrant stock (persons)' })).toBeVisible();
  const zambia = visitor.getByRole('row', { name: /^Zambia/ });
  await expect(zambia).toContainText('190500');
  await expect(zambia).toContainText('2025');
  await expect(visitor.getByRole('row', { name: /^Angola/ })).toContainText('missing');
  await expect(visitor.locator('svg.chart')).toBeVisible();
  const csv = await visitor.request.get('/profiles/regional.csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('"ZM","Zambia","190500","2025",');
  await anon.close();
});

test('a state that keeps its profiles private: the public sees neither its editions nor its values; drafts are never public', async ({ browser, page }, testInfo) => {
  await login(page, testInfo, FOCAL_TZ);
  await open(page, testInfo, '/profiles/TZ');
  // The group's workspace: its focal point, and the plan's recommendations to follow up.
  await expect(page.getByText('Focal points: Baraka Mwakyusa (Tanzania focal point)')).toBeVisible();
  await expect(page.locator('a[href="/meetings/2/plan/countries/TZ"]')).toBeVisible();
  const settings = async (publicProfiles: boolean) => {
    await page.getByText('Ministries and publication').click();
    const box = page.getByLabel('Published profiles are public');
    if (publicProfiles) await box.check();
    else await box.uncheck();
    await page.locator('details', { hasText: 'Ministries and publication' }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(publicProfiles ? 'Published profiles are public.' : 'Published profiles are for the working group')).toBeVisible();
  };
  await settings(false);
  try {
    const anon = await browser.newContext(testInfo.project.use);
    const visitor = await anon.newPage();
    expect((await visitor.goto('/profiles/TZ/2024'))!.status()).toBe(404);
    expect((await visitor.goto('/profiles/TZ/2026'))!.status()).toBe(404);
    await open(visitor, testInfo, '/profiles/regional');
    await expect(visitor.getByRole('row', { name: /^United Republic of Tanzania/ })).toContainText('not public');
    const api = await visitor.request.get('/api/v1/profiles');
    expect((await api.json()).some((p: { country: string }) => p.country === 'TZ')).toBe(false);
    await anon.close();
    // The focal point still reads both, and the group's work in progress.
    await open(page, testInfo, '/profiles/TZ/2026');
    await expect(page.locator('.badge-profile-review')).toBeVisible();
    await expect(page.locator('section#immigration .comment')).toContainText('2022 census');
  } finally {
    await open(page, testInfo, '/profiles/TZ');
    await settings(true);
  }
});

test('the secretariat compiles a regional profile edition from the regional table and publishes it as a briefing paper', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  await open(page, testInfo, '/profiles/regional');
  await page.getByRole('link', { name: 'Compile a regional profile edition' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compile a regional profile edition' })).toBeVisible();
  const body = page.getByLabel('Text', { exact: true });
  await expect(body).toHaveValue(/## Immigration/);
  await expect(body).toHaveValue(/\| United Republic of Tanzania \| 449000 \(2023\) \|/);
  await page.getByLabel('Title', { exact: true }).fill(`Regional migration profile ${id}`);
  await page.getByRole('button', { name: 'Publish as a briefing paper' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Regional migration profile ${id}` })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Angola/ }).first()).toContainText('missing');
});
