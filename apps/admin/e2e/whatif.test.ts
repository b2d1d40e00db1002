// What-if simulation (issue 24) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts). Three inpatient stays of this run's own people are settled in June 2025 (the
// month also holds demo claims), a draft of the demo policy whose employee inpatient ratio below
// 50,000 is 0.95 instead of 0.85 is uploaded, and from its policy page "Simulate this version"
// runs it against the demo policy over June: the progress runs to the end, and the report's
// figures on screen are the API's report's. A running simulation can be cancelled; a reviewer
// sees neither the screen nor the button.
import { simulationReportSchema } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { demoClaimWire } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
const DEMO = 'demo-230100-2025.1';
const DRAFT = `e2e-whatif-${run.toLowerCase()}.1`;
/** The job of a month's claims: generous, the machine may be loaded. */
const JOB_MS = 120_000;

/** "1400000.00" → "1,400,000.00", as the screens show money. */
const grouped = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

/** Page errors, without the console lines Chromium logs for the API's expected 4xx answers. */
const unexpected = (errors: readonly string[], ...statuses: number[]) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

/** Settle an employee's inpatient stay in June 2025 with one drug line of `amount` yuan. */
async function settle(claimId: string, personId: string, amount: string) {
  const res = await apiAs('demo-admin', '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-${claimId}` },
    body: demoClaimWire({
      id: claimId,
      person: { id: personId, categories: [] },
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-15',
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
          amount,
          date: '2025-06-10',
        },
      ],
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function uploadDraft() {
  const text = readDemoPolicyText()
    .replace(`id: ${DEMO}`, `id: ${DRAFT}`)
    .replace(
      "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.85'",
      "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.95'",
    );
  expect(text).toContain(`id: ${DRAFT}`);
  expect(text).toContain("ratio: '0.95'");
  const res = await apiAs('demo-admin', '/v1/policies', {
    body: text,
    headers: { 'content-type': 'application/yaml' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe('what-if simulation', () => {
  it('simulates a draft from its policy page and shows the report the API keeps', async () => {
    await settle(`C-WHATIF-${run}-1`, `P-WHATIF-${run}-1`, '30000.00');
    await settle(`C-WHATIF-${run}-2`, `P-WHATIF-${run}-2`, '20000.00');
    await settle(`C-WHATIF-${run}-3`, `P-WHATIF-${run}-2`, '8000.00');
    await uploadDraft();

    const s = await signedIn(browser(), 'demo-admin', `/policies/${DRAFT}`);
    const { page } = s;
    await page.getByRole('link', { name: 'Simulate this version' }).click();
    await page.waitForURL(/\/what-if\?candidate=/u);
    const form = page.getByRole('form', { name: 'Run a simulation' });
    await form.waitFor();
    // The candidate is this version; the baseline, the version in force.
    expect(await form.getByLabel('Candidate policy').inputValue()).toBe(DRAFT);
    expect(await form.getByLabel('Baseline policy').inputValue()).toBe(DEMO);
    await form.getByLabel('From (first service date)').fill('2025-06-01');
    await form.getByLabel('To (exclusive)').fill('2025-07-01');
    await form.getByLabel('Fund budget (optional)').fill('1000000.00');
    await s.screenshot('whatif-form');
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/what-if\/[^/?]+$/u);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await page.getByTestId('simulation-progress').waitFor();

    // The progress runs to the end; then the report is read.
    await page.getByTestId('simulation-report').waitFor({ timeout: JOB_MS });
    expect(await page.getByTestId('simulation-status').innerText()).toBe('Finished');
    const job = (await apiAs('demo-admin', `/v1/simulations/${id}`)).body as {
      status: string;
      total: number;
      processed: number;
    };
    expect(job.status).toBe('finished');
    expect(job.total).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('processed').innerText()).toBe(
      job.processed.toLocaleString('en'),
    );
    expect(await page.getByTestId('total').innerText()).toBe(job.total.toLocaleString('en'));
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);

    const fetched = await apiAs('demo-admin', `/v1/simulations/${id}/report`);
    expect(fetched.status).toBe(200);
    const report = simulationReportSchema.parse(fetched.body);
    const fund = report.payers['basic_fund'];
    if (fund === undefined) throw new Error('the report names no basic fund');
    // This run's three stays alone move the fund by (30000 − 1000 + 20000 − 1000 + 8000 − 500) × 0.10.
    expect(Number(fund.change)).toBeGreaterThanOrEqual(5550);

    const fundRow = page.getByTestId('payer-totals').locator('tr[data-payer="basic_fund"]');
    expect(await fundRow.getByTestId('baseline').innerText()).toBe(grouped(fund.baseline));
    expect(await fundRow.getByTestId('candidate').innerText()).toBe(grouped(fund.candidate));
    expect(await fundRow.getByTestId('change').innerText()).toBe(grouped(fund.change));
    expect(await page.getByTestId('claims-compared').innerText()).toBe(
      report.claims.compared.toLocaleString('en'),
    );
    expect(await page.getByTestId('budget-change').innerText()).toBe(grouped(report.budget.change));
    expect(await page.getByTestId('budget-change-percent').innerText()).toBe(
      `${report.budget.changePercent ?? ''}%`,
    );
    // People paying less: at least this run's two.
    expect(report.outOfPocket.less).toBeGreaterThanOrEqual(2);
    for (const key of ['people', 'less', 'more', 'same'] as const) {
      expect(await page.getByTestId(`oop-${key}`).innerText()).toBe(
        report.outOfPocket[key].toLocaleString('en'),
      );
    }
    // The histogram's buckets and the largest changes, as the report has them.
    const buckets = page.getByTestId('oop-histogram').locator('tbody tr');
    expect(await buckets.count()).toBe(report.outOfPocket.histogram.length);
    const largest = page.getByTestId('largest').locator('tbody tr');
    expect(await largest.count()).toBe(report.outOfPocket.largest.length);
    for (const [i, person] of report.outOfPocket.largest.entries()) {
      const row = largest.nth(i);
      expect(await row.getAttribute('data-person')).toBe(person.personId);
      expect(await row.getByTestId('person-change').innerText()).toBe(grouped(person.change));
    }
    expect(await page.getByTestId('coverage-count').innerText()).toContain(
      report.coverageChanges.count.toLocaleString('en'),
    );
    expect(await page.getByTestId('breakdown-institution').locator('tbody tr').count()).toBe(
      Math.min(50, Object.keys(report.breakdowns.institution).length),
    );
    // Two charts: the out-of-pocket histogram and the change per institution.
    expect(await page.locator('figure.chart svg').count()).toBe(2);
    await s.screenshot('whatif-report');

    // Drill in: a claim that changed a person's out of pocket opens its settlement.
    const claimId = report.outOfPocket.largest[0]?.changedClaims[0]?.claimId ?? '';
    await largest.first().getByRole('link', { name: claimId, exact: true }).first().click();
    await page.waitForURL(/\/settlements\?claim=/u);
    expect(new URL(page.url()).searchParams.get('claim')).toBe(claimId);
    await page.locator('[data-col="claim"]', { hasText: claimId }).first().waitFor();

    // The past simulations list it, and reopen its report.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'What-if' })
      .click();
    const list = page.getByTestId('simulations');
    await list.waitFor();
    await list.locator(`tr[data-simulation="${id}"]`).getByRole('link', { name: id }).click();
    await page.getByTestId('simulation-report').waitFor({ timeout: JOB_MS });
    expect(
      await page
        .getByTestId('payer-totals')
        .locator('tr[data-payer="basic_fund"]')
        .getByTestId('change')
        .innerText(),
    ).toBe(grouped(fund.change));
    expect(s.errors).toEqual([]);
    await s.close();
  }, 300_000);

  it('cancels a running simulation, or shows it finished when it ended first', async () => {
    const s = await signedIn(browser(), 'demo-admin', `/what-if?candidate=${DRAFT}`);
    const { page } = s;
    const form = page.getByRole('form', { name: 'Run a simulation' });
    await form.waitFor();
    await form.getByLabel('From (first service date)').fill('2025-01-01');
    await form.getByLabel('To (exclusive)').fill('2026-01-01');
    // The candidate also settles with a stored smart-review rule set (the first one listed).
    const rules = form.getByLabel('Candidate smart-review rule sets');
    await rules.locator('option').first().waitFor();
    const ruleSet = (await rules.locator('option').first().getAttribute('value')) ?? '';
    await rules.selectOption([ruleSet]);
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/what-if\/[^/?]+$/u);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await page.getByTestId('simulation-progress').waitFor();
    const asked = (await apiAs('demo-admin', `/v1/simulations/${id}`)).body as {
      request: { candidate: { ruleSets?: string[] } };
    };
    expect(asked.request.candidate.ruleSets).toEqual([ruleSet]);
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    if ((await cancel.count()) > 0) await cancel.click().catch(() => undefined);
    await page
      .locator('[data-testid="simulation-status"]:not(:text-is("Running"))')
      .waitFor({ timeout: JOB_MS });
    const job = (await apiAs('demo-admin', `/v1/simulations/${id}`)).body as { status: string };
    expect(await page.getByTestId('simulation-status').innerText()).toBe(
      job.status === 'cancelled' ? 'Cancelled' : 'Finished',
    );
    if (job.status === 'cancelled') {
      expect(await page.getByText('Cancelled: no report is kept.').count()).toBe(1);
      expect(await page.getByTestId('simulation-report').count()).toBe(0);
    } else {
      // The whole year ran before the cancel arrived: its report shows (a 409 logged, perhaps).
      expect(job.status).toBe('finished');
      await page.getByTestId('simulation-report').waitFor({ timeout: JOB_MS });
    }
    await s.screenshot('whatif-cancelled');
    expect(unexpected(s.errors, 409)).toEqual([]);
    await s.close();
  }, 300_000);

  it('shows a reviewer neither the screen nor the button', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', `/policies/${DEMO}`);
    const { page } = s;
    await page.getByTestId('parameter-reimbursement').waitFor();
    expect(await page.getByRole('link', { name: 'Simulate this version' }).count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'What-if' }).count()).toBe(0);
    await page.goto(page.url().replace(/\/policies\/.*$/u, '/what-if'));
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByText('Your role may not run or read simulations').waitFor();
    expect(await page.getByRole('form', { name: 'Run a simulation' }).count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
