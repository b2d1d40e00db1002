// Supervision cases (稽核案件) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts): a reviewer opens a case from a finding, notifies the hospital, the answer is
// missed and the case escalated, the hospital answers in its own session, the reviewer decides a
// deduction (refused first without its amount) and closes the case after the appeal window. Every
// step names its day (time is a parameter, not the wall clock): spring 2025 on the national
// holiday calendar and the demo case rules (30 days to answer, 15 working days to appeal).
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

interface StoredCaseWire {
  readonly case: {
    readonly state: string;
    readonly deadline: string | null;
    readonly escalation: number;
    readonly transitions: readonly { readonly event: string; readonly on: string }[];
  };
}

describe('cases', () => {
  it('takes a finding to its decision in the browser, escalating the missed answer', async () => {
    const admin = await signedIn(browser(), 'demo-admin', '/cases');
    const { page } = admin;
    const open = page.getByRole('form', { name: 'Open a case' });
    await open.getByLabel('Institution').fill('H23010300012');
    await open.getByLabel('Doctor (optional)').fill(`D-E2E-${run}`);
    await open.getByLabel('Summary').fill(`E2E ${run} 长处方超过 12 周`);
    await open.getByLabel('Opened on').fill('2025-03-03');
    await open.getByRole('button', { name: 'Open case' }).click();
    await page.waitForURL(/\/cases\/case_/u, { timeout: 60_000 });
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(await page.getByTestId('case-state').innerText()).toBe('Open 待处理');

    const step = page.getByRole('form', { name: 'Next step' });
    const take = async (event: string, on: string) => {
      await step.getByLabel('Step').selectOption(event);
      await step.getByLabel('On', { exact: true }).fill(on);
    };
    await take('notify', '2025-03-03');
    await step.getByRole('button', { name: 'Notify the hospital 通知医院' }).click();
    await page.getByTestId('case-overdue').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('case-deadline').innerText()).toContain('2025-04-02');

    // The answer was missed: escalated from the list, on 3 April (over the Qingming holiday).
    await page.goto(page.url().replace(/\/cases\/.*$/u, '/cases'));
    const escalate = page.getByRole('form', { name: 'Escalate overdue cases' });
    await escalate.getByLabel('Overdue on').fill('2025-04-03');
    await escalate.getByRole('button', { name: 'Escalate overdue cases' }).click();
    await page.getByTestId('escalated').waitFor({ timeout: 60_000 });
    // The list reloads after the escalation: wait for the row's new deadline, not the old row.
    const row = page.locator(`tr[data-case="${id}"]`).filter({ hasText: '2025-04-11' });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.innerText()).toContain('1');
    await admin.screenshot('cases-list');

    // The hospital answers in its own session: the only step it is offered.
    const hospital = await signedIn(browser(), 'demo-hospital', `/cases/${encodeURIComponent(id)}`);
    const reply = hospital.page.getByRole('form', { name: 'Next step' });
    await reply.waitFor({ timeout: 60_000 });
    const offered = await reply.getByLabel('Step').locator('option').allInnerTexts();
    expect(offered).toEqual(['Answer (rectification) 医院反馈']);
    await reply.getByLabel('On', { exact: true }).fill('2025-04-10');
    await reply.getByLabel('Note (required)').fill('已整改：处方改为 4 周');
    await reply.getByRole('button', { name: 'Answer (rectification) 医院反馈' }).click();
    await hospital.page
      .getByTestId('case-state')
      .filter({ hasText: 'Under review' })
      .waitFor({ timeout: 60_000 });
    expect(hospital.errors).toEqual([]);
    await hospital.close();

    // The reviewer decides: refused without the deduction's amount, at its field; then decided.
    await page.goto(page.url().replace(/\/cases$/u, `/cases/${encodeURIComponent(id)}`));
    await take('decide', '2025-04-18');
    await step.getByLabel('Kind').selectOption('deduct');
    await step.getByLabel('Reason').fill('超长处方');
    await step.getByRole('button', { name: 'Decide 处理决定' }).click();
    await page.getByTestId('step-error-outcome').waitFor({ timeout: 60_000 });
    await step.getByLabel('Amount (元, deduct / recover)').fill('1280.00');
    await step.getByRole('button', { name: 'Decide 处理决定' }).click();
    await page
      .getByTestId('case-state')
      .filter({ hasText: 'Decided' })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('case-deadline').innerText()).toContain('2025-05-13');
    expect(await page.getByTestId('case-outcome').innerText()).toContain('1,280.00');
    await take('close', '2025-05-14');
    await step.getByRole('button', { name: 'Close 结案' }).click();
    await page.getByTestId('case-state').filter({ hasText: 'Closed' }).waitFor({ timeout: 60_000 });

    // The screen shows what the API keeps.
    const answer = await apiAs('demo-auditor', `/v1/cases/${encodeURIComponent(id)}`);
    expect(answer.status).toBe(200);
    const kept = (answer.body as StoredCaseWire).case;
    expect(kept.transitions.map((t) => [t.event, t.on])).toEqual([
      ['notify', '2025-03-03'],
      ['escalate', '2025-04-03'],
      ['respond', '2025-04-10'],
      ['decide', '2025-04-18'],
      ['close', '2025-05-14'],
    ]);
    expect(await page.getByTestId('transitions').locator('tbody tr').count()).toBe(5);
    await admin.screenshot('case-detail');
    expect(admin.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await admin.close();

    // An auditor reads the case but is offered no step and no form to open one.
    const auditor = await signedIn(browser(), 'demo-auditor', `/cases/${encodeURIComponent(id)}`);
    await auditor.page.getByTestId('transitions').waitFor({ timeout: 60_000 });
    expect(await auditor.page.getByRole('form', { name: 'Next step' }).count()).toBe(0);
    await auditor.page.goto(auditor.page.url().replace(/\/cases\/.*$/u, '/cases'));
    await auditor.page.getByTestId('cases').waitFor({ timeout: 60_000 });
    expect(await auditor.page.getByRole('form', { name: 'Open a case' }).count()).toBe(0);
    expect(auditor.errors).toEqual([]);
    await auditor.close();
  });
});
