// The claim simulator in Debian's headless Chromium against the real `openpayer serve`: the
// in-browser preview (the engine packages running in the page) and the API's pre-check agree,
// figure by figure; nothing is ever settled.
import { afterEach, describe, expect, it } from 'vitest';
import demoClaims from '../src/simulator/demo-claims.json' with { type: 'json' };
import { type Session, apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();
let session: Session | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The parts of the API's pre-check answer the tests read (money as strings). */
interface Precheck {
  readonly payers: Readonly<Record<string, string>>;
  readonly layers: { readonly medicalAssistance: string };
  readonly accumulatorsBefore: Readonly<Record<string, string>>;
  readonly accumulatorsAfter: Readonly<Record<string, string>>;
}
type Body = Readonly<Record<string, unknown>>;

const demo = (key: string) => {
  const found = demoClaims.find((d) => d.key === key);
  if (found === undefined) throw new Error(`no demo claim ${key}`);
  return found.claim;
};

/** "6842.23" → "6,842.23", as the screen groups digits. */
const grouped = (amount: string | undefined = '(missing)') =>
  amount.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

async function open(
  role: 'demo-admin' | 'demo-auditor',
  demoKey: string,
  viewport?: { width: number; height: number },
) {
  session = await signedIn(browser(), role, `/simulator?demo=${demoKey}`, viewport);
  await session.page.getByText(/^Preview up to date/u).waitFor({ timeout: 30_000 });
  return session;
}

async function precheck(s: Session) {
  await s.page.getByRole('button', { name: 'Run pre-check' }).click();
  await s.page.getByTestId('agreement').waitFor({ timeout: 30_000 });
}

describe('claim simulator', () => {
  it('shows the API’s layer amounts for a demo claim, and the preview agrees', async () => {
    const s = await open('demo-admin', 'egfr-low-income');
    await precheck(s);
    expect(await s.page.getByTestId('agreement').innerText()).toMatch(
      /^Preview and API agree: all \d+ figures are equal\.$/u,
    );
    const api = await apiAs('demo-admin', '/v1/claims/precheck', {
      body: demo('egfr-low-income'),
    });
    expect(api.status).toBe(200);
    const body = api.body as Precheck;
    expect(await s.page.getByTestId('payer-medical_assistance').innerText()).toBe(
      grouped(body.payers['medical_assistance']),
    );
    expect(await s.page.getByTestId('payer-basic_fund').innerText()).toBe(
      grouped(body.payers['basic_fund']),
    );
    expect(await s.page.getByTestId('payer-critical_illness').innerText()).toBe(
      grouped(body.payers['critical_illness']),
    );
    expect(await s.page.getByTestId('reconcile').innerText()).toMatch(/^Reconciled/u);
    await s.screenshot('simulator-result');

    // Each figure's parameter: the medical-assistance ratio for low-income people, with its dates.
    const explanations = s.page.getByTestId('explanations');
    const assistance = explanations.locator('tr', { hasText: 'parameters.medicalAssistance' });
    expect(await assistance.innerText()).toContain('personCategory=low_income');
    expect(await assistance.innerText()).toContain('from 2025-01-01');
    expect(await assistance.innerText()).toContain(grouped(body.layers.medicalAssistance));
    const firstSelfPay = s.page.getByTestId('line-L1');
    expect(await firstSelfPay.innerText()).toContain('Class B first self-pay (乙类先行自付)');
    await explanations.scrollIntoViewIfNeeded();
    await s.screenshot('simulator-explanations');

    // Accumulators before (stored) and after (what settling would make them).
    const fundPaid = s.page.getByTestId('acc-fundPaid');
    const cells = await fundPaid.locator('td').allInnerTexts();
    expect(cells).toEqual([
      grouped(body.accumulatorsBefore['fundPaid']),
      grouped(body.payers['basic_fund']),
      grouped(body.accumulatorsAfter['fundPaid']),
    ]);
    expect(s.errors).toEqual([]);
  });

  it('updates the preview when a line changes, and agrees again after a new pre-check', async () => {
    const s = await open('demo-admin', 'egfr-low-income');
    await precheck(s);
    await s.page.getByTestId('form-line-0').getByLabel('Quantity').fill('15');
    await s.page.getByTestId('api-stale').waitFor();
    // 15 × 666.00 + 224.00 bed days, in the browser without asking the API for a pre-check.
    await s.page.getByTestId('total').filter({ hasText: '10,214.00' }).waitFor();
    expect(await s.page.getByTestId('form-line-0').getByLabel('Amount').inputValue()).toBe(
      '9990.00',
    );
    expect(await s.page.getByTestId('result').locator('h2').innerText()).toContain(
      'Preview (in the browser)',
    );
    await s.page.getByText(/^Preview up to date/u).waitFor();
    await precheck(s);
    expect(await s.page.getByTestId('agreement').innerText()).toMatch(/^Preview and API agree/u);
    const original = demo('egfr-low-income');
    const [first, second] = original.lines;
    const edited = {
      ...original,
      lines: [{ ...first, quantity: '15', amount: '9990.00' }, second],
      totalAmount: '10214.00',
    };
    const api = (await apiAs('demo-admin', '/v1/claims/precheck', { body: edited }))
      .body as Precheck;
    expect(await s.page.getByTestId('payer-patient').innerText()).toBe(
      grouped(api.payers['patient']),
    );
    expect(s.errors).toEqual([]);
  });

  it('shows a bad field’s issue at that field', async () => {
    const s = await open('demo-admin', 'community-antibiotic');
    const line = s.page.getByTestId('form-line-1');
    await line.getByLabel('National code').fill('XG01-not-a-code');
    const code = line.getByLabel('National code');
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await code.getAttribute('aria-describedby');
    expect(await s.page.locator(`#${describedBy ?? 'none'}`).innerText()).toMatch(/code/iu);
    await s.page.getByLabel('Person id').fill('');
    await expect
      .poll(() => s.page.getByLabel('Person id').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await s.page.getByRole('button', { name: 'Run pre-check' }).isDisabled()).toBe(true);
    expect(await s.page.getByTestId('preview-status').innerText()).toContain('not valid');
    await s.screenshot('simulator-invalid');
    expect(s.errors).toEqual([]);
  });

  it('gives the reason when a line’s restriction does not hold', async () => {
    const s = await open('demo-admin', 'egfr-low-income');
    await s.page.getByLabel('Demo claim').selectOption('egfr-wild-type');
    await s.page.getByTestId('line-L1').filter({ hasText: 'Restriction not met' }).waitFor();
    const line = s.page.getByTestId('line-L1');
    expect(await line.innerText()).toContain('Restriction not met (限定支付范围): 19,980.00');
    expect(await line.locator('li[data-result="not_met"]').first().innerText()).toContain(
      'evidence',
    );
    expect(await line.innerText()).toContain('coverage.restriction_not_met');
    expect(s.errors).toEqual([]);
  });

  it('lets an auditor simulate — read-only: nothing is settled', async () => {
    const s = await open('demo-auditor', 'chronic-low-income');
    await precheck(s);
    expect(await s.page.getByTestId('agreement').innerText()).toMatch(/^Preview and API agree/u);
    expect(await s.page.getByTestId('acc-assistancePaid').locator('td').first().innerText()).toBe(
      '0.00',
    );
    const settled = await apiAs('demo-admin', '/v1/settlements?claim=SIM-2025-0007');
    expect((settled.body as Body)['items']).toEqual([]);
    const stored = await apiAs('demo-admin', '/v1/accumulators/P-SIM-0007/2025');
    expect((stored.body as Body)['assistancePaid']).toBe('0.00');
    expect(s.errors).toEqual([]);
  });

  it('works at tablet width', async () => {
    const s = await open('demo-admin', 'inpatient-heart-failure', { width: 820, height: 1180 });
    await precheck(s);
    expect(await s.page.getByTestId('agreement').innerText()).toMatch(/^Preview and API agree/u);
    await s.screenshot('simulator-tablet');
    expect(s.errors).toEqual([]);
  });
});
