import { Page, APIRequestContext, Browser, TestInfo } from '@playwright/test';
import { test, expect } from './helpers';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { login, open, unique, SECRETARIAT, FOCAL_TZ } from './helpers';
import { api, day, newMeeting, planWithCycle, signedIn, PLAN_CSV } from './plan-helpers';

const FOCAL_MZ = 'focal.mz@midsa.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('the secretariat imports a plan (row errors first, nothing imported), adopts it and opens a cycle', async ({ page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  const m = await newMeeting(page, `Plan import ${id}`);
  await open(page, testInfo, `/meetings/${m}/plan`);
  await expect(page.getByRole('heading', { level: 1, name: 'Plan of Action' })).toBeVisible();

  const bad = PLAN_CSV.replace('R1.2,', 'R1.1,').replace('"TZ, MZ"', 'XX');
  await page.getByLabel('Import recommendations from a file (CSV or Excel)').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(report).toBeVisible();
  await expect(report.getByRole('row', { name: /3 code Another recommendation of this plan already has this code/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /3 states Choose one of the 16 SADC member states/ })).toBeVisible();
  await expect(page.getByText('No recommendations yet.')).toBeVisible();

  await page.getByLabel('Import recommendations from a file (CSV or Excel)').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(PLAN_CSV) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('3 recommendations imported.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'R1.1' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '2. Data' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Policy adopted' })).toBeVisible();

  await page.getByLabel('Date of adoption').fill(day(-29));
  await page.getByRole('button', { name: 'Adopt the plan' }).click();
  await expect(page.locator('.badge-plan-adopted')).toHaveText('Adopted');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);

  await page.locator('summary', { hasText: 'Open a reporting cycle' }).click();
  await page.getByLabel('Name of the cycle').fill(`First cycle ${id}`);
  await page.getByLabel('Reports due on').fill(day(-5));
  await page.getByRole('button', { name: 'Open the cycle' }).click();
  await expect(page.getByText('The end must be after the start.')).toBeVisible();
  await page.getByLabel('Reports due on').fill(day(30));
  await page.getByRole('button', { name: 'Open the cycle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `First cycle ${id}` })).toBeVisible();
  await expect(page.getByText('Reports in: 0 of 35 due.')).toBeVisible();
});

test('two focal points report, each refused the other\'s; the secretariat returns and validates; the matrix and charts show it', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  const [m, cycle, recs] = await planWithCycle(page, `Follow-up ${id}`);
  const [r11] = recs;

  const tz = await signedIn(browser, testInfo, FOCAL_TZ);
  await open(tz, testInfo, `/cycles/${cycle}`);
  await expect(tz.getByRole('row')).toHaveCount(1 + 3, { timeout: 10_000 }); // header + R1.1, R1.2, R2.1 for Tanzania
  await tz.getByRole('link', { name: 'Open R1.1 United Republic of Tanzania' }).click();
  await expect(tz.getByRole('heading', { level: 1, name: 'R1.1 — United Republic of Tanzania' })).toBeVisible();
  await tz.getByLabel('Status').selectOption('achieved');
  await tz.getByLabel('Percentage complete').fill('60');
  await tz.getByLabel('What has been done').fill('The **policy** was approved by Cabinet.');
  await tz.getByLabel(/Submit to the secretariat now/).check();
  await tz.getByRole('button', { name: 'Save' }).click();
  await expect(tz.getByText('The percentage does not match the status')).toBeVisible();
  await tz.getByLabel('Status').selectOption('in_progress');
  await tz.getByRole('button', { name: 'Save' }).click();
  await expect(tz.getByRole('heading', { level: 1, name: `Cycle of Follow-up ${id}` })).toBeVisible();
  await expect(tz.getByRole('row', { name: /R1\.1 United Republic of Tanzania Submitted In progress 60%/ })).toBeVisible();

  // Mozambique's focal point reports too, and may not open Tanzania's report.
  const mz = await signedIn(browser, testInfo, FOCAL_MZ);
  await open(mz, testInfo, `/cycles/${cycle}/reports/${r11}/TZ`);
  await expect(mz.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await open(mz, testInfo, `/cycles/${cycle}/reports/${r11}/MZ`);
  await mz.getByLabel('Status').selectOption('achieved');
  await mz.getByLabel('Percentage complete').fill('100');
  await mz.getByLabel('What has been done').fill('The policy is in force.');
  await mz.getByLabel('Evidence (links)').fill('https://gov.mz.example/policy.pdf');
  // Saved as a draft first, then a file attached (refused when it is not what its name says).
  await expect(mz.getByText('Save the report as a draft first')).toBeVisible();
  await mz.getByRole('button', { name: 'Save' }).click();
  await expect(mz.getByText('Draft saved.')).toBeVisible();
  await mz.getByLabel('File to attach').setInputFiles({ name: 'decree.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>no</html>') });
  await mz.getByRole('button', { name: 'Attach the file' }).click();
  await expect(mz.getByText('whose content matches its name')).toBeVisible();
  await mz.getByLabel('File to attach').setInputFiles({ name: 'decree.pdf', mimeType: 'application/pdf', buffer: PDF });
  await mz.getByRole('button', { name: 'Attach the file' }).click();
  await expect(mz.getByRole('link', { name: 'decree.pdf' })).toBeVisible();
  await mz.getByLabel(/Submit to the secretariat now/).check();
  await mz.getByRole('button', { name: 'Save' }).click();
  await expect(mz.getByRole('row', { name: /R1\.1 Mozambique Submitted Achieved 100%/ })).toBeVisible();

  // The secretariat returns Tanzania's report (a comment is required) and validates Mozambique's.
  await open(page, testInfo, `/cycles/${cycle}/reports/${r11}/TZ`);
  await page.getByLabel('Decision').selectOption('return');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await page.getByLabel('Comment to the focal point').fill('Please attach the Cabinet decision.');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Version 1 — Returned' })).toBeVisible();
  await open(page, testInfo, `/cycles/${cycle}/reports/${r11}/MZ`);
  const evidence = await page.request.get((await page.getByRole('link', { name: 'decree.pdf' }).getAttribute('href'))!);
  expect(evidence.status()).toBe(200);
  expect((await evidence.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByLabel('Decision').selectOption('validate');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Version 1 — Validated' })).toBeVisible();

  // Tanzania sends a second version (the form starts from the first), which is validated.
  await open(tz, testInfo, `/cycles/${cycle}/reports/${r11}/TZ`);
  await expect(tz.getByText('Please attach the Cabinet decision.')).toBeVisible();
  await expect(tz.getByLabel('Percentage complete')).toHaveValue('60');
  await tz.getByLabel('Percentage complete').fill('70');
  await tz.getByLabel('Evidence (links)').fill('https://gov.tz.example/cabinet-decision.pdf');
  await tz.getByLabel(/Submit to the secretariat now/).check();
  await tz.getByRole('button', { name: 'Save' }).click();
  await expect(tz.getByRole('row', { name: /R1\.1 United Republic of Tanzania Submitted In progress 70%/ })).toBeVisible();
  await open(page, testInfo, `/cycles/${cycle}/reports/${r11}/TZ`);
  await page.getByLabel('Decision').selectOption('validate');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Version 2 — Validated' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Version 1 — Returned' })).toBeVisible();

  // The matrix: TZ 70% in progress, MZ achieved; R1.1 has 2 of 16 reports in, average 85%.
  await open(page, testInfo, `/meetings/${m}/plan/dashboard`);
  const row = page.getByRole('row', { name: /^R1\.1/ });
  await expect(row.getByRole('cell', { name: 'In progress 70%' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Achieved 100%' })).toBeVisible();
  await expect(row.getByRole('cell', { name: '2/16 · 85%' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Reports in \/ due/ }).getByRole('cell', { name: '1/3' })).toHaveCount(2);
  await expect(page.getByRole('img', { name: 'Status of due reports per theme' })).toBeVisible();
  const states = page.getByRole('img', { name: 'Average progress per member state' });
  await expect(states).toBeVisible();
  // Each bar names its state and value (an SVG <title>, built by the view macro).
  await expect(states.locator('rect > title').filter({ hasText: /Tanzania: \d+%/ })).toHaveCount(1);
  await expect(page.getByRole('img', { name: 'Status of due reports per theme' }).locator('rect')).not.toHaveCount(0);
  // Filtered to the data theme: only R2.1.
  await page.getByLabel('Theme', { exact: true }).selectOption('data');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('row', { name: /^R2\.1/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^R1\.1/ })).toHaveCount(0);

  // The XLSX export opens in a real reader (Python's openpyxl): percentages are numbers (the
  // fraction, shown with the 0% format) on the first sheet, statuses on the second.
  const xlsx = await page.request.get(`/meetings/${m}/plan/matrix.xlsx`);
  expect(xlsx.status()).toBe(200);
  const file = path.join(os.tmpdir(), `matrix-${id}.xlsx`);
  fs.writeFileSync(file, await xlsx.body());
  const out = execFileSync('python3', ['-c',
    'import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nfor ws in wb.worksheets:\n    rows = list(ws.iter_rows(values_only=True))\n    h = rows[0]\n    r = rows[1]\n    print(r[0], r[h.index("TZ")], r[h.index("MZ")], r[h.index("average_percent")] if "average_percent" in h else "-")',
    file]).toString().trim();
  fs.unlinkSync(file);
  expect(out).toBe('R1.1 0.7 1 0.85\nR1.1 in_progress achieved -');

  // The public does not see the follow-up until the secretariat publishes it.
  const anon = await (await browser.newContext(testInfo.project.use)).newPage();
  await open(anon, testInfo, `/meetings/${m}/plan/dashboard`);
  await expect(anon.getByText('The follow-up of this plan is not public.')).toBeVisible();
  await open(anon, testInfo, `/meetings/${m}/plan`);
  await expect(anon.getByRole('heading', { level: 3, name: 'R1.1' })).toBeVisible();
});

test('the consolidated regional report is published as a briefing paper of the next meeting', async ({ browser, page }, testInfo) => {
  const id = unique(testInfo);
  await login(page, testInfo, SECRETARIAT);
  const [, cycle, recs] = await planWithCycle(page, `Consolidated ${id}`);
  const tz = await signedIn(browser, testInfo, FOCAL_TZ);
  const rid = await api(tz, 'reports/save', { cycle_id: String(cycle), recommendation_id: String(recs[0]), status: 'achieved', percent: '100', narrative: `Policy in force ${id}.`, submit: 'on' });
  expect(rid).toBe('submitted');
  const cyclePage = await api(page, 'cycles/get', { cycle_id: String(cycle) }, false);
  const due = cyclePage.due.find((d: { reporter: string; code: string }) => d.reporter === 'TZ' && d.code === 'R1.1');
  await api(page, 'reports/review', { report_id: String(due.awaiting_review), decision: 'validate', comment: '' });

  await open(page, testInfo, `/cycles/${cycle}`);
  await page.getByRole('link', { name: 'Consolidated report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Consolidated report' })).toBeVisible();
  const body = page.getByLabel('Text', { exact: true });
  await expect(body).toHaveValue(new RegExp(`Policy in force ${id}`));
  await page.getByLabel('Publish to the meeting').selectOption({ label: 'MIDSA Ministerial Conference on Mixed Migration' });
  await page.getByLabel('Title').fill(`Regional progress report ${id}`);
  await page.getByRole('button', { name: 'Publish as a briefing paper' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Regional progress report ${id}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Summary by theme' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Labour migration' })).toBeVisible();
  await expect(page.getByText(`Policy in force ${id}.`)).toBeVisible();
});
