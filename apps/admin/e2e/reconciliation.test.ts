// Period reconciliation (结算清算) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts). The demo claims mostly carry diagnoses the Harbin 2024 grouper does not know,
// so this file settles its own two inpatient cases (I50.900) at an institution of its own, then
// reconciles 2025-Q2 in the browser, reads the figures, shares and cases back, is refused an empty
// quarter with the issue named, and checks that a reviewer reads but may not reconcile.
import { demoClaimWire } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
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
