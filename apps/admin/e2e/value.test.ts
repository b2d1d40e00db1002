// Value-based payment (按价值付费) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts). The pricing fixture's worked year (period-runs.json) is recorded for an
// institution of this run's own, the year 2025 is run for it in the browser and its four entries
// and total are read back; the fixture's CAR-T cohort, under ids of this run, shows on the
// contracts page with its due evaluations; a dynamic adjustment proposed in the browser leads to
// its draft policy version; a reviewer reads the runs and the contracts but may not run a period.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, server, signedIn } from './fixture.ts';

const browser = launchBrowser();

interface Fixture {
  readonly institution: {
    readonly observations: Record<string, unknown>;
    readonly expect: { readonly entries: [string, string, string][]; readonly total: string };
  };
  readonly contract: {
    readonly contract: string;
    readonly events: readonly (Record<string, unknown> & {
      readonly id: string;
      readonly kind: string;
      readonly personId: string;
      readonly date: string;
    })[];
  };
}
const fixture = JSON.parse(
  readFileSync(
    new URL('../../../packages/pricing/src/value/__fixtures__/period-runs.json', import.meta.url),
    'utf8',
  ),
) as Fixture;

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
const digits = () => String(Math.floor(Math.random() * 1e4)).padStart(4, '0');
const INSTITUTION = `H2301040${digits()}`;
// An institution without observations (refused), distinct from the one above.
const UNOBSERVED = `H2301050${digits()}`;
const DRAFT = `e2e-value-${run.toLowerCase()}.1`;

/** "1400000.00" → "1,400,000.00", as the screens show money. */
const grouped = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

/** Page errors, without the console lines Chromium logs for the API's expected 4xx answers. */
const unexpected = (errors: readonly string[], ...statuses: number[]) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

describe('value-based payment', () => {
  it('runs a year for an institution in the browser and reads back its entries and total', async () => {
    const recorded = await apiAs('demo-admin', '/v1/value/observations', {
      method: 'PUT',
      body: { ...fixture.institution.observations, institution: INSTITUTION, period: '2025' },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);

    const s = await signedIn(browser(), 'demo-admin', '/value');
    const { page } = s;
    const form = page.getByRole('form', { name: 'Run a period' });
    expect(await form.getByLabel('Region').inputValue()).toBe('230100');
    await form.getByLabel('Period').fill('2025');
    await form.getByLabel('Institutions (optional)').fill(INSTITUTION);
    await form.getByRole('button', { name: 'Run period', exact: true }).click();
    await page.waitForURL(/\/value\/runs\/[^/]+$/u);

    await page.getByTestId('run-total').waitFor();
    expect(await page.getByTestId('run-subject').innerText()).toBe(INSTITUTION);
    expect(await page.getByTestId('run-total').innerText()).toBe(
      grouped(fixture.institution.expect.total),
    );
    expect(await page.getByTestId('run-total').innerText()).toBe('2,330,000.00');
    const entries = page.getByTestId('run-entries');
    expect(await entries.locator('tbody tr').count()).toBe(4);
    for (const [model, rule, amount] of fixture.institution.expect.entries) {
      const row = entries.locator(`tbody tr[data-rule="${rule}"]`);
      expect(await row.getAttribute('data-model')).toBe(model);
      expect(await row.getByTestId('entry-amount').innerText()).toBe(grouped(amount));
      expect(await row.innerText()).toContain(INSTITUTION);
      // Each entry says how it was reached.
      expect(await row.getByTestId('entry-explanations').locator('li').count()).toBeGreaterThan(0);
    }
    expect(await entries.locator('tfoot').innerText()).toContain('2,330,000.00');
    await page.getByRole('img', { name: 'Entries of the run' }).waitFor();
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThanOrEqual(4);
    await s.screenshot('value-run-detail');

    // The recorded run is listed under its period, and links back to the detail.
    await page.getByRole('link', { name: 'Period results', exact: true }).first().click();
    await page.getByRole('form', { name: 'Filter period runs' }).getByLabel('Period').fill('2025');
    const listed = page.locator(`[data-testid="period-runs"] tr[data-subject="${INSTITUTION}"]`);
    await listed.waitFor();
    expect(await listed.innerText()).toContain('2,330,000.00');
    await listed.getByRole('link', { name: INSTITUTION }).click();
    await page.waitForURL(/\/value\/runs\/[^/]+$/u);
    await page.getByTestId('run-total').waitFor();
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('refuses a period run for an institution without observations and names it', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/value');
    const { page } = s;
    const form = page.getByRole('form', { name: 'Run a period' });
    await form.getByLabel('Period').fill('2025');
    await form.getByLabel('Institutions (optional)').fill(UNOBSERVED);
    await form.getByRole('button', { name: 'Run period', exact: true }).click();
    const error = page.getByTestId('run-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('value.no_observations');
    expect(text).toContain(`institution ${UNOBSERVED} has no observations of 2025`);
    expect(text).toContain('HTTP 422');
    expect(new URL(page.url()).pathname).toBe('/value');
    await s.screenshot('value-run-refused');
    expect(unexpected(s.errors, 422)).toEqual([]);
    await s.close();
  });

  it("shows the CAR-T contract's cohort with the evaluations still due", async () => {
    const { contract, events } = fixture.contract;
    const person = (id: string) => `${id}-${run}`;
    for (const event of events) {
      const body = {
        ...event,
        id: `${event.id}-${run}`,
        personId: person(event.personId),
        ...('institution' in event ? { institution: INSTITUTION } : {}),
      };
      const res = await apiAs('demo-admin', '/v1/value/outcomes', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Treated in September and October 2025, evaluated a year later: still due in mid-2026.
    const due = events
      .filter((e) => e.kind === 'treated' && e.date >= '2025-09-01')
      .map((e) => [
        person(e.personId),
        `${String(Number(e.date.slice(0, 4)) + 1)}${e.date.slice(4)}`,
      ]);
    expect(due).toHaveLength(5);

    const s = await signedIn(browser(), 'demo-admin', '/value/contracts?date=2026-06-30');
    const { page } = s;
    const card = page.locator(`[data-contract="${contract}"]`);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toContain(contract);
    const table = card.getByTestId('due-evaluations');
    for (const [personId, dueOn] of due) {
      const row = table.locator(`tr[data-person="${personId ?? ''}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(dueOn);
    }
    // Group A (treated January–March 2025) was evaluated by then: not due.
    expect(await table.locator(`tr[data-person="${person('P-A1')}"]`).count()).toBe(0);
    for (const id of ['cohort-treated', 'cohort-evaluable', 'cohort-survivors']) {
      expect(await card.getByTestId(id).innerText()).toMatch(/^\d+$/u);
    }
    expect(Number(await card.getByTestId('cohort-treated').innerText())).toBeGreaterThanOrEqual(10);
    expect(await card.getByTestId('cohort-rate').innerText()).toMatch(/^\d+(?:\.\d+)?%$/u);
    expect(await card.getByTestId('cohort-refund-owed').innerText()).toMatch(/^[\d,]+\.\d{2}$/u);
    await s.screenshot('value-contracts');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('proposes an adjustment in the browser and leads to the draft policy version', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/value');
    const { page } = s;
    await page.getByRole('link', { name: /Proposed adjustments/u }).click();
    const form = page.getByRole('form', { name: 'Propose adjustments' });
    await form.getByLabel('Item code').fill('270800001000000');
    await form.getByLabel('Effective from').fill('2026-01-01');
    await form.getByLabel('Draft version id (optional)').fill(DRAFT);
    await form.getByLabel('cost_decline', { exact: true }).fill('0.15');
    await form.getByLabel('grade3_adverse_event_rate', { exact: true }).fill('0.05');
    await form.getByLabel('fund_spend_share', { exact: true }).fill('0.01');
    await form.getByRole('button', { name: 'Propose', exact: true }).click();

    const proposals = page.getByTestId('proposals');
    await proposals.waitFor();
    const adjusted = proposals.locator('tr[data-rule="gene-test-cost-decline"]');
    expect(await adjusted.getAttribute('data-kind')).toBe('adjust_standard');
    expect(await adjusted.innerText()).toContain('2,000.00');
    expect(await adjusted.getByTestId('proposed-standard').innerText()).toBe('1,800.00');
    expect(await adjusted.innerText()).toContain('−10%');
    expect(await page.getByTestId('draft-policy').innerText()).toContain(DRAFT);
    await s.screenshot('value-adjustments');

    await page.getByRole('link', { name: `Review and activate ${DRAFT}` }).click();
    await page.waitForURL(`**/policies/${DRAFT}`);
    await page.getByTestId('policy-status').first().waitFor();
    expect(await page.getByTestId('policy-status').first().innerText()).toBe('Not activated');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows a reviewer the runs and the contracts, but no form to run or propose', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', '/value?period=2025');
    const { page } = s;
    await page.locator(`[data-testid="period-runs"] tr[data-subject="${INSTITUTION}"]`).waitFor();
    expect(await page.getByRole('form', { name: 'Run a period' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run period' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Proposed adjustments/u }).count()).toBe(0);

    await page.getByRole('link', { name: /Contracts and cohorts/u }).click();
    const card = page.locator(`[data-contract="${fixture.contract.contract}"]`);
    await card.waitFor();
    // As of mid-2026 this run's group B (treated September 2025) is still due its evaluation.
    await page.getByRole('form', { name: 'Cohorts as of' }).getByLabel('As of').fill('2026-06-30');
    await card.getByTestId('due-evaluations').locator(`tr[data-person="P-B1-${run}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get('date')).toBe('2026-06-30');

    // The adjustments view, opened directly, says the role may not use it and shows no form.
    // (A new page load: the key kept in this tab's session storage signs the reviewer in again.)
    await page.goto(`${server().url}/value/adjustments`);
    await page.getByText('Your role may not open this view.').waitFor();
    expect(await page.getByRole('form', { name: 'Propose adjustments' }).count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
