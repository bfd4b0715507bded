import { expect, Page, APIRequestContext, Browser, TestInfo } from '@playwright/test';
import { login } from './helpers';

// Set-up helpers shared by the Plan of Action specs and the keyboard spec.

export const PLAN_CSV = [
  'code,heading,theme,level,states,bodies,target_date,indicators,frameworks,text_en,text_fr,text_pt',
  'R1.1,1. Labour migration,labour,national,ALL,,2028-06-30,Policy adopted | 7 | 16,GCM-5,Adopt national labour migration policies.,Adopter des politiques nationales.,',
  'R1.2,1. Labour migration,labour,national,"TZ, MZ",,,,,Sign bilateral labour agreements.,,',
  'R2.1,2. Data,data,regional,ALL,SADC,2027-12-31,,GCM-1,Publish a regional migration data portal.,,',
].join('\n') + '\n';

/** Calls a server function as the page's signed-in user (set-up only; the UI is tested separately). */
export async function api(page: Page, endpoint: string, fields: Record<string, string | string[]>, wrapped = true) {
  const base = new URL(page.url()).origin;
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) v.forEach((x, i) => (form[`form[${k}][${i}]`] = x));
    else form[wrapped ? `form[${k}]` : k] = v;
  }
  const res = await (page.request as APIRequestContext).post(`/api/${endpoint}`, { form, headers: { Origin: base, Accept: 'application/json' } });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBe(200);
  return res.json();
}

export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A new announced meeting (so that focal points see it). */
export async function newMeeting(page: Page, title: string): Promise<number> {
  const start = day(-30);
  const m: number = await api(page, 'meetings/save', {
    id: '', kind: 'technical_working_group', title, description: 'Plan of Action test.', venue: 'Avani', city: 'Maseru',
    host_country: 'LS', timezone: 'Africa/Maseru', start_date: start, end_date: start, lang_en: 'on',
  });
  await api(page, 'meetings/status', { id: String(m), version: '1', to: 'announced' });
  return m;
}

/** Meeting + imported, adopted plan + an open cycle, through the API. Returns [meeting, cycle, recommendation ids]. */
export async function planWithCycle(page: Page, title: string): Promise<[number, number, number[]]> {
  const m = await newMeeting(page, title);
  const base = new URL(page.url()).origin;
  const res = await page.request.post(`/meetings/${m}/plan/import`, {
    multipart: { file: { name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(PLAN_CSV) } },
    headers: { Origin: base, Accept: 'application/json' },
  });
  expect(res.status(), await res.text()).toBe(201);
  const plan = await api(page, 'plan/get', { meeting_id: String(m) }, false);
  await api(page, 'plan/step', { meeting_id: String(m), version: String(plan.plan.version), step: 'adopt', adopted_on: day(-29) });
  const cycle: number = await api(page, 'cycles/open', { meeting_id: String(m), title: `Cycle of ${title}`, opens_on: day(-1), due_on: day(30) });
  return [m, cycle, plan.recommendations.map((r: { id: number }) => r.id)];
}

export async function signedIn(browser: Browser, testInfo: TestInfo, email: string): Promise<Page> {
  const ctx = await browser.newContext({ ...testInfo.project.use, acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, testInfo, email);
  return page;
}
