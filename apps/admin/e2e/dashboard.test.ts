// The home dashboard in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts, 300 demo claims of 2025): an administrator lands on it after signing in and
// sees the budgets, the anomalies and the KPI trend the API answers, figure for figure; an
// institution integrator sees its own institution only.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

interface BudgetAnswer {
  readonly year: number;
  readonly items: readonly {
    readonly id: string;
    readonly institution: string | null;
    readonly amount: string;
    readonly spent: string;
    readonly forecast: string;
    readonly explanation: string;
    readonly warnings: readonly { readonly level: string; readonly by: string }[];
  }[];
}
interface AnomalyAnswer {
  readonly items: readonly { readonly institution: string | null; readonly explanation: string }[];
}
interface KpiAnswer {
  readonly items: readonly {
    readonly kpi: string;
    readonly group: { readonly institution?: string; readonly month?: string };
    readonly value: string | null;
  }[];
}

/** "1234567.50" → "1,234,567.50", as the screens group money. */
const grouped = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

async function get<T>(role: 'demo-admin' | 'demo-hospital', path: string): Promise<T> {
  const answer = await apiAs(role, path);
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body as T;
}

/** The KPI table's rows as [month, exact value] (the cell's data-value is the API's string). */
async function kpiRows(page: Page): Promise<string[][]> {
  const table = page.getByTestId('kpi-table');
  await table.waitFor({ timeout: 60_000 });
  const rows: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) {
    rows.push([
      (await row.getAttribute('data-month')) ?? '',
      (await row.getByTestId('kpi-value').getAttribute('data-value')) ?? '',
    ]);
  }
  return rows;
}

describe('dashboard', () => {
  it('is the administrator’s home: budgets, anomalies and KPI trends as the API answers them', async () => {
    // An open case whose answer is overdue (notified 3 March 2025, 30 days to answer).
    const opened = await apiAs('demo-admin', '/v1/cases', {
      body: {
        region: '230100',
        origin: 'anomaly',
        institution: 'H23010300012',
        summary: `E2E dashboard ${run}: cost per case above the peers`,
        on: '2025-03-03',
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = (opened.body as { case: { id: string } }).case.id;
    const notified = await apiAs('demo-admin', `/v1/cases/${encodeURIComponent(caseId)}/steps`, {
      body: { event: 'notify', on: '2025-03-03' },
    });
    expect(notified.status, JSON.stringify(notified.body)).toBe(200);

    const s = await signedIn(browser(), 'demo-admin');
    const { page } = s;
    await page.waitForURL((url) => url.pathname === '/dashboard', { timeout: 60_000 });
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().innerText(),
    ).toBe('Dashboard');

    // Budgets: the same spent / amount strings, and the explanation.
    const budgets = await get<BudgetAnswer>('demo-admin', '/v1/budgets');
    expect(budgets.year).toBe(2025);
    expect(budgets.items.length).toBeGreaterThan(0);
    await page.getByTestId('budgets').waitFor({ timeout: 60_000 });
    for (const b of budgets.items) {
      const card = page.locator(`li[data-budget="${b.id}"]`);
      expect(await card.getByTestId('budget-spent').innerText()).toBe(grouped(b.spent));
      expect(await card.getByTestId('budget-amount').innerText()).toBe(grouped(b.amount));
      expect(await card.getByTestId('budget-forecast').innerText()).toBe(grouped(b.forecast));
      expect(await card.getByTestId('budget-explanation').innerText()).toBe(b.explanation);
      expect(await card.getByTestId('budget-warnings').locator('li').count()).toBe(
        b.warnings.length,
      );
    }

    // Anomalies: the count and the most severe one's explanation, or the empty state.
    const anomalies = await get<AnomalyAnswer>('demo-admin', '/v1/anomalies?period=2025');
    const panel = page.getByRole('region', { name: /Top anomalies/u });
    if (anomalies.items.length === 0) {
      await panel.getByText('No anomalies in 2025.').waitFor({ timeout: 60_000 });
    } else {
      await page.getByTestId('anomalies').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('anomalies-count').innerText()).toMatch(
        new RegExp(`^${String(anomalies.items.length)} anomal`, 'u'),
      );
      expect(await page.getByTestId('anomaly-explanation').first().innerText()).toBe(
        anomalies.items[0]?.explanation,
      );
      expect(await page.getByTestId('anomalies').locator('li').count()).toBe(
        Math.min(5, anomalies.items.length),
      );
    }

    // Open cases: ours is listed, flagged overdue, linking to its page; overdue ones come first,
    // each group by deadline.
    const row = page.locator(`[data-testid="open-cases"] tr[data-case="${caseId}"]`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('overdue').count()).toBe(1);
    expect(await row.getByRole('link').getAttribute('href')).toBe(
      `/cases/${encodeURIComponent(caseId)}`,
    );
    const listed: [boolean, string][] = [];
    for (const r of await page.getByTestId('open-cases').locator('tbody tr').all()) {
      listed.push([
        (await r.getByTestId('overdue').count()) > 0,
        (await r.getByTestId('case-deadline').innerText()).split(/\s/u)[0] ?? '',
      ]);
    }
    const sorted = listed.toSorted(([lateA, a], [lateB, b]) =>
      lateA !== lateB ? (lateA ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0,
    );
    expect(listed).toEqual(sorted);

    // KPI trend: cost per case by month for the first institution, against the API's figures.
    const kpis = await get<KpiAnswer>(
      'demo-admin',
      '/v1/kpis?period=2025&by=institution,month&kpi=cost_per_case',
    );
    const institutions = [...new Set(kpis.items.map((v) => v.group.institution ?? ''))].toSorted();
    expect(institutions.length).toBeGreaterThan(1);
    const expected = (institution: string) =>
      kpis.items
        .filter((v) => v.group.institution === institution)
        .map((v) => [v.group.month ?? '', v.value ?? ''])
        .toSorted((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
    const rows = await kpiRows(page);
    // The institution with the most monthly values is shown first.
    const counts = institutions.map(
      (i) => kpis.items.filter((v) => v.group.institution === i && v.value !== null).length,
    );
    const first = institutions[counts.indexOf(Math.max(...counts))] ?? '';
    expect(await page.locator('select[name="institution"]').inputValue()).toBe(first);
    // The table has every month with a value or a peer average; those with a value match.
    expect(rows.filter(([, v]) => v !== '')).toEqual(expected(first).filter(([, v]) => v !== ''));
    const chart = page.locator('.kpi-trend svg');
    expect(await chart.count()).toBe(1);
    const labels = await chart.locator('text').allTextContents();
    for (const [month] of rows) expect(labels).toContain(month);
    expect(await chart.locator('polyline').count()).toBeGreaterThan(0);
    await s.screenshot('dashboard-admin');

    // Another institution, picked: its own figures.
    const second = institutions.find((i) => i !== first) ?? '';
    await page.locator('select[name="institution"]').selectOption(second);
    await page.waitForURL((url) => url.searchParams.get('institution') === second);
    await page.locator(`[data-testid="kpi-table"] th:has-text("${second}")`).waitFor();
    expect((await kpiRows(page)).filter(([, v]) => v !== '')).toEqual(
      expected(second).filter(([, v]) => v !== ''),
    );

    // Another KPI: the picker reloads the trend.
    await page.locator('select[name="kpi"]').selectOption('in_catalog_use_rate');
    await page.waitForURL((url) => url.searchParams.get('kpi') === 'in_catalog_use_rate');
    await page.getByRole('figure').filter({ hasText: 'In-catalog use rate' }).waitFor({
      timeout: 60_000,
    });
    await s.screenshot('dashboard-admin-kpi');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows an institution integrator its own institution only', async () => {
    const s = await signedIn(browser(), 'demo-hospital');
    const { page } = s;
    await page.waitForURL((url) => url.pathname === '/dashboard', { timeout: 60_000 });
    const kpis = await get<KpiAnswer>(
      'demo-hospital',
      '/v1/kpis?period=2025&by=institution,month&kpi=cost_per_case',
    );
    const own = [...new Set(kpis.items.map((v) => v.group.institution ?? ''))];
    expect(own).toHaveLength(1);
    await page.getByTestId('kpi-table').waitFor({ timeout: 60_000 });
    const options = await page
      .locator('select[name="institution"]')
      .locator('option')
      .allTextContents();
    expect(options).toEqual(own);

    const budgets = await get<BudgetAnswer>('demo-hospital', '/v1/budgets');
    for (const b of budgets.items) expect(b.institution).toBe(own[0]);
    if (budgets.items.length === 0) {
      await page.getByText(`No 2025 budget is set for ${own[0] ?? ''}`).waitFor();
    } else {
      await page.getByTestId('budgets').waitFor();
      expect(await page.locator('li[data-budget]').count()).toBe(budgets.items.length);
    }
    const anomalies = await get<AnomalyAnswer>('demo-hospital', '/v1/anomalies?period=2025');
    for (const a of anomalies.items) expect(a.institution).toBe(own[0]);
    if (anomalies.items.length === 0) {
      await page.getByText('No anomalies in 2025.').waitFor({ timeout: 60_000 });
    } else {
      await page.getByTestId('anomalies').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('anomalies').locator('code').allInnerTexts()).toEqual(
        Array(Math.min(5, anomalies.items.length)).fill(own[0]),
      );
    }
    // Its own cases only.
    const cases = page.getByRole('region', { name: /Open cases by deadline/u });
    await cases.locator('table, .state-empty').first().waitFor({ timeout: 60_000 });
    const institutionsListed = await cases.locator('tbody tr td:nth-child(3) code').allInnerTexts();
    for (const i of institutionsListed) expect(i).toBe(own[0]);
    await s.screenshot('dashboard-hospital');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
