// Period reconciliation (结算清算) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts). So that its figures do not depend on the demo claims, this file settles its
// own two inpatient cases (I50.900) at an institution of its own, then
// reconciles 2025-Q2 in the browser, reads the figures, shares and cases back, is refused an empty
// quarter with the issue named, and checks that a reviewer reads but may not reconcile. By DIP, it
// settles two stays the demo DIP catalog groups (K80.100 + 51.2300, C34.1 + 99.2501) in June 2026
// — a month no demo or other test claim of the region is discharged in, since a DIP point value
// closes over every case of the region — and reconciles them with the employee fund's budget.
import { demoClaimWire } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import { yuan } from '../src/ui/format.ts';
import { apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
const INSTITUTION = `H2301030${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
const CLAIMS = [`C-RECON-${run}-1`, `C-RECON-${run}-2`];
const AMOUNTS = ['20000.00', '2500.00'];

/** Settle an inpatient heart-failure case (I50.900) with one drug line at this run's institution. */
async function settle(claimId: string, amount: string) {
  const res = await apiAs('demo-admin', '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-${claimId}` },
    body: demoClaimWire({
      id: claimId,
      person: { id: `PERSON-${claimId}`, categories: [] },
      institution: { code: INSTITUTION, name: '清算测试医院', tier: 'tertiary', region: '230100' },
      admissionDate: '2025-05-10',
      dischargeDate: '2025-05-18',
      diagnoses: [{ code: 'I50.900', role: 'principal' }],
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
          amount,
          date: '2025-05-11',
        },
      ],
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const DIP_INSTITUTION = `H2301037${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
const DIP_PERIOD = '2026-06';
/** [claim, cost, principal diagnosis, principal procedure] of the demo DIP catalog's groups. */
const DIP_STAYS = [
  [`C-DIP-${run}-1`, '11000.00', 'K80.100', '51.2300'],
  [`C-DIP-${run}-2`, '80000.00', 'C34.1', '99.2501'],
] as const;

/** Settle a June 2026 inpatient stay with its principal diagnosis and procedure (DIP groupable). */
async function settleDip([claimId, amount, diagnosis, procedure]: (typeof DIP_STAYS)[number]) {
  const res = await apiAs('demo-admin', '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-${claimId}` },
    body: demoClaimWire({
      id: claimId,
      person: { id: `PERSON-${claimId}`, categories: [] },
      institution: {
        code: DIP_INSTITUTION,
        name: '按病种分值测试医院',
        tier: 'tertiary',
        region: '230100',
      },
      admissionDate: '2026-06-08',
      dischargeDate: '2026-06-16',
      diagnoses: [{ code: diagnosis, role: 'principal' }],
      procedures: [{ code: procedure, role: 'principal', date: '2026-06-10' }],
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
          amount,
          date: '2026-06-09',
        },
      ],
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

interface StoredWire {
  readonly reconciliation: {
    readonly method: string;
    readonly totals: { readonly cases: number; readonly payment: string; readonly cost: string };
    readonly pointValues?: readonly {
      readonly insuranceType: string;
      readonly budget: string;
      readonly totalPoints: string;
      readonly pointValue: string;
    }[];
    readonly cases: readonly { readonly claimId: string; readonly points?: string }[];
  };
}

describe('reconciliation', () => {
  it('reconciles a quarter in the browser and shows the figures, the shares and the cases', async () => {
    for (const [i, claimId] of CLAIMS.entries()) await settle(claimId, AMOUNTS[i] ?? '');

    const s = await signedIn(browser(), 'demo-admin', '/reconciliation');
    const { page } = s;
    const form = page.getByRole('form', { name: 'Reconcile a period' });
    await form.getByLabel('Institution').fill(INSTITUTION);
    await form.getByLabel('Period').fill('2025-Q2');
    await form.getByRole('button', { name: 'Reconcile', exact: true }).click();
    await page.waitForURL(/\/reconciliation\/[^/]+$/u);

    await page.getByTestId('totals').waitFor();
    expect(await page.getByTestId('total-cases').innerText()).toBe('2');
    for (const id of [
      'total-payment',
      'total-cost',
      'total-net',
      'total-hospital-retains',
      'total-care-team',
      'total-hospital-bears',
      'total-adjustment',
    ]) {
      expect(await page.getByTestId(id).innerText()).toMatch(/^-?[\d,]+\.\d{2}$/u);
    }
    // Actual cost is the two claims' totals.
    expect(await page.getByTestId('total-cost').innerText()).toBe('22,500.00');
    expect(await page.getByTestId('policy').innerText()).toBe('demo-230100-2025.1');

    const pools = page.getByTestId('pools');
    expect(await pools.getByTestId('shares').first().innerText()).toBe('60% / 30% / 40%');
    expect(await pools.getByTestId('shares-source').first().innerText()).toContain(
      'demo-230100-2025.1',
    );

    const cases = page.getByTestId('cases');
    expect(await cases.locator('tbody tr').count()).toBe(2);
    for (const claimId of CLAIMS) {
      await cases.locator(`tr[data-claim="${claimId}"]`).waitFor();
      expect(await cases.locator(`tr[data-claim="${claimId}"]`).innerText()).toContain(claimId);
    }
    await page.locator('figure.chart svg').waitFor();
    await s.screenshot('reconciliation-detail');

    // The claim links to its settlement.
    await cases.getByRole('link', { name: CLAIMS[0] ?? '' }).click();
    await page.waitForURL(/\/settlements\//u);

    // Back on the list, the recorded reconciliation is there, and links to the detail.
    await page.goto(`${page.url().split('/settlements')[0] ?? ''}/reconciliation`);
    const list = page.getByTestId('reconciliations');
    await list.waitFor();
    expect(await list.innerText()).toContain(INSTITUTION);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('refuses a quarter without cases and names the issue', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/reconciliation');
    const { page } = s;
    const form = page.getByRole('form', { name: 'Reconcile a period' });
    await form.getByLabel('Institution').fill(INSTITUTION);
    await form.getByLabel('Period').fill('2025-Q1');
    await form.getByRole('button', { name: 'Reconcile', exact: true }).click();
    const error = page.getByTestId('reconcile-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('reconcile.no_cases');
    expect(text).toContain(`${INSTITUTION} has no case-paid inpatient cases discharged in 2025-Q1`);
    expect(text).toContain('HTTP 422');
    expect(page.url()).toMatch(/\/reconciliation$/u);
    await s.screenshot('reconciliation-refused');
    expect(s.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await s.close();
  });

  it('reconciles a month by DIP with the fund budgets, naming a missing or wrong budget at its field', async () => {
    for (const stay of DIP_STAYS) await settleDip(stay);

    const s = await signedIn(browser(), 'demo-admin', '/reconciliation');
    const { page } = s;
    const form = page.getByRole('form', { name: 'Reconcile a period' });
    await form.getByLabel('Institution').fill(DIP_INSTITUTION);
    await form.getByLabel('Period').fill(DIP_PERIOD);
    await form.getByLabel('Method').selectOption('dip');
    const budgets = form.getByTestId('dip-budgets');
    await budgets.waitFor({ timeout: 60_000 });
    const submit = form.getByRole('button', { name: 'Reconcile', exact: true });

    // No budget at all: named at the budgets, nothing sent.
    await submit.click();
    const missing = form.getByTestId('budgets-error');
    await missing.waitFor({ timeout: 60_000 });
    expect(await missing.innerText()).toContain('budget');
    expect(await form.getByTestId('reconcile-error').count()).toBe(0);

    // Not yuan with two decimals: named at the employee fund's field.
    const employee = budgets.getByLabel('Budget: employee');
    await employee.fill('60000');
    await submit.click();
    const wrong = form.getByTestId('budget-error-employee');
    await wrong.waitFor({ timeout: 60_000 });
    expect(await wrong.innerText()).toContain('exactly 2 decimals');
    expect(await form.getByTestId('budgets-error').count()).toBe(0);

    await employee.fill('60000.00');
    await submit.click();
    await page.waitForURL(/\/reconciliation\/[^/]+$/u, { timeout: 60_000 });
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const answer = await apiAs('demo-admin', `/v1/reconciliations/${encodeURIComponent(id)}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const r = (answer.body as StoredWire).reconciliation;
    expect(r.method).toBe('dip');
    const employeeValue = r.pointValues?.find((v) => v.insuranceType === 'employee');
    expect(employeeValue?.budget).toBe('60000.00');

    await page.getByTestId('totals').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('total-cases').innerText()).toBe('2');
    expect(await page.getByTestId('total-cost').innerText()).toBe('91,000.00');
    expect(await page.getByTestId('total-payment').innerText()).toBe(yuan(r.totals.payment));
    const row = page.getByTestId('point-values').locator('tr[data-point-value="employee"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('point-value').innerText()).toBe(employeeValue?.pointValue);
    expect(await row.getByTestId('total-points').innerText()).toBe(employeeValue?.totalPoints);
    expect(await row.getByTestId('budget').innerText()).toBe('60,000.00');
    // The two cases are the region's only ones in the month: they share the whole budget.
    expect(r.totals.payment).toBe('60000.00');
    const cases = page.getByTestId('cases');
    for (const [claimId] of DIP_STAYS) {
      const caseRow = cases.locator(`tr[data-claim="${claimId}"]`);
      expect(await caseRow.innerText()).toContain('points');
      // The case's points as the API answers them, beside its payment.
      const points = r.cases.find((c) => c.claimId === claimId)?.points;
      expect(points).toMatch(/^\d/u);
      expect(await caseRow.getByTestId('case-points').innerText()).toBe(points);
    }
    await s.screenshot('reconciliation-dip');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows a reviewer the recorded reconciliations but no form', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', '/reconciliation');
    const { page } = s;
    await page.getByTestId('reconciliations').waitFor();
    expect(await page.getByTestId('reconciliations').innerText()).toContain(INSTITUTION);
    expect(await page.getByRole('form', { name: 'Reconcile a period' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reconcile', exact: true }).count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
