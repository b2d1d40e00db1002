// Settlements in Debian's headless Chromium against the real `openpayer serve` (global-setup.ts):
// the filtered, paginated list; a settlement's payers, lines and explanations; reversal behind a
// confirmation; the totals chart beside the API's exact sums; the tablet layout.
import { Decimal } from '@openpayer/domain';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, oneLineClaim, signedIn } from './fixture.ts';
import { yuan } from '../src/ui/format.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
/** An institution of this run only, so the totals chart's figures are ours alone. */
const INSTITUTION = `H2301039${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

interface Stored {
  readonly id: string;
  readonly status: string;
  readonly settlement: { readonly total: string; readonly payers: Record<string, string> };
}

/** Settle a one-line claim at this run's institution (as an administrator, who acts for any). */
async function settled(claimId: string, date: string, unitPrice: string): Promise<Stored> {
  const res = await apiAs('demo-admin', '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-${claimId}` },
    body: oneLineClaim({
      id: claimId,
      personId: `PERSON-${claimId}`,
      institution: { code: INSTITUTION, name: '示范测试医院', tier: 'secondary' },
      admissionDate: `${date.slice(0, 8)}01`,
      dischargeDate: date,
      line: {
        kind: 'drug',
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity: '1',
        unitPrice,
        amount: unitPrice,
        date,
      },
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Stored;
}

/** One field of every row of the list, top to bottom. */
async function cells(
  table: Locator,
  field: 'id' | 'claim' | 'institution' | 'service-date' | 'status',
) {
  return table.locator(`tbody [data-col="${field}"]`).allInnerTexts();
}

describe('settlements', () => {
  it('filters by status, institution and service date in the URL, and pages', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/settlements');
    const { page } = s;
    const table = page.getByTestId('settlements');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(25);

    // Pages: older settlements on page 2, none repeated; back to page 1.
    const first = await cells(table, 'id');
    await page.getByRole('button', { name: 'Older →' }).click();
    await page.getByText('Page 2').waitFor();
    await table.waitFor();
    expect(new URL(page.url()).searchParams.get('pages')).toMatch(/^\d+$/u);
    const second = await cells(table, 'id');
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await page.getByRole('button', { name: '← Newer' }).click();
    await page.getByText('Page 1').waitFor();
    expect(await cells(table, 'id')).toEqual(first);

    await page.getByLabel('Institution').fill('H23010300012');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/institution=H23010300012/u);
    await table.waitFor();
    expect(new Set(await cells(table, 'institution'))).toEqual(new Set(['H23010300012']));

    await page.getByLabel('Institution').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByLabel('Service from').fill('2025-03-01');
    await page.waitForURL(/from=2025-03-01/u);
    await page.getByLabel('Service to').fill('2025-03-31');
    await page.waitForURL(/to=2025-03-31/u);
    await page.getByTestId('settlements').waitFor();
    const dates = await cells(page.getByTestId('settlements'), 'service-date');
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d >= '2025-03-01' && d <= '2025-03-31')).toBe(true);
    await s.screenshot('settlements-list');

    // A reversed settlement of this run, then the status filter finds it.
    const mine = await settled(`C-E2E-F-${run}`, '2025-03-15', '777.77');
    const reversed = await apiAs('demo-admin', `/v1/settlements/${mine.id}/reverse`, {
      body: { reason: 'e2e filter' },
    });
    expect(reversed.status).toBe(200);
    await page.getByLabel('Status').selectOption('reversed');
    await page.waitForURL(/status=reversed/u);
    const reversedTable = page.getByTestId('settlements');
    await reversedTable.locator('tbody tr', { hasText: mine.id }).waitFor();
    expect(new Set(await cells(reversedTable, 'status'))).toEqual(new Set(['reversed']));
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'reversed',
      from: '2025-03-01',
      to: '2025-03-31',
    });
    // The URL alone gives the same list (shareable; back and forward work).
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('status=reversed'));
    await page.goForward();
    await reversedTable.locator('tbody tr', { hasText: mine.id }).waitFor();
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows a settlement whose payers sum to the claim total, and reverses it only after confirmation', async () => {
    const mine = await settled(`C-E2E-D-${run}`, '2025-05-20', '6400.00');
    const s = await signedIn(browser(), 'demo-admin', `/settlements/${mine.id}`);
    const { page } = s;
    await page.getByRole('heading', { name: `Settlement ${mine.id}` }).waitFor();
    const total = yuan(mine.settlement.total);
    expect(await page.getByTestId('claim-total').innerText()).toBe(total);
    expect(await page.getByTestId('payer-sum').innerText()).toBe(total);
    expect(
      Object.values(mine.settlement.payers)
        .reduce((sum, a) => sum.add(a), new Decimal(0))
        .toFixed(2),
    ).toBe(mine.settlement.total);
    const payers = await page.getByTestId('payers').innerText();
    expect(payers).toContain(yuan(mine.settlement.payers['basic_fund'] ?? ''));
    expect(payers).toContain('✓ balanced');
    expect(await page.getByTestId('versions').innerText()).toMatch(/policy .+ · catalog .+/u);
    expect(await page.getByTestId('explanations').locator('tbody tr').count()).toBeGreaterThan(0);
    await s.screenshot('settlement-detail');

    // Cancel does nothing.
    await page.getByRole('button', { name: 'Reverse…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Focus moves into the dialog, to the reason (the test's tsconfig has no DOM: a string).
    expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe('reason');
    await s.screenshot('settlement-reverse-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('settlement-status').innerText()).toBe('settled');
    expect(((await apiAs('demo-admin', `/v1/settlements/${mine.id}`)).body as Stored).status).toBe(
      'settled',
    );

    // Confirm needs a reason; with one, the settlement is reversed and says by whom and why.
    await page.getByRole('button', { name: 'Reverse…' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Confirm reversal' }).click();
    await expect(dialog.getByLabel('Reason').getAttribute('aria-invalid')).resolves.toBe('true');
    await dialog.getByLabel('Reason').fill('重复结算，已线下退费');
    await dialog.getByRole('button', { name: 'Confirm reversal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('reversal').waitFor();
    expect(await page.getByTestId('settlement-status').innerText()).toBe('reversed');
    const reversal = await page.getByTestId('reversal').innerText();
    expect(reversal).toContain('demo-admin');
    expect(reversal).toContain('重复结算，已线下退费');
    expect(await page.getByRole('button', { name: 'Reverse…' }).count()).toBe(0);
    expect(((await apiAs('demo-admin', `/v1/settlements/${mine.id}`)).body as Stored).status).toBe(
      'reversed',
    );
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('charts the totals per payer by month with the exact sums the API returns', async () => {
    await settled(`C-E2E-T1-${run}`, '2025-01-20', '5200.00');
    await settled(`C-E2E-T2-${run}`, '2025-01-28', '3345.67');
    await settled(`C-E2E-T3-${run}`, '2025-02-14', '8000.01');
    const s = await signedIn(
      browser(),
      'demo-admin',
      `/settlements/totals?institution=${INSTITUTION}&from=2025-01-01&to=2025-12-31`,
    );
    const { page } = s;
    const table = page.getByTestId('totals');
    await table.waitFor();
    const api = (
      await apiAs(
        'demo-admin',
        `/v1/settlements/totals?groupBy=month&institution=${INSTITUTION}&status=settled&serviceFrom=2025-01-01&serviceTo=2026-01-01`,
      )
    ).body as {
      periods: {
        period: string;
        settlements: number;
        total: string;
        payers: Record<string, string>;
      }[];
    };
    expect(api.periods.map((p) => [p.period, p.settlements, p.total])).toEqual([
      ['2025-01', 2, '8545.67'],
      ['2025-02', 1, '8000.01'],
    ]);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, period] of api.periods.entries()) {
      const text = await rows.nth(i).innerText();
      expect(text).toContain(period.period);
      expect(text).toContain(yuan(period.total));
      const paid = Object.values(period.payers).filter((amount) => amount !== '0.00');
      expect(paid.length).toBeGreaterThan(1);
      for (const amount of paid) expect(text).toContain(yuan(amount));
    }
    expect(await page.getByTestId('grand-total').innerText()).toBe(yuan('16545.68'));
    // One bar per month, one segment per payer that paid.
    const chart = page.locator('figure.chart svg');
    expect(await chart.locator('g > text', { hasText: /^2025-0[12]$/u }).count()).toBe(2);
    expect(await chart.locator('rect').count()).toBeGreaterThan(1);
    await s.screenshot('settlements-chart');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('fits a tablet', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', '/settlements', {
      width: 820,
      height: 1180,
    });
    await s.page.getByTestId('settlements').waitFor();
    // The wide table scrolls inside its frame; the page itself does not scroll sideways.
    expect(await s.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    expect(await s.page.getByRole('button', { name: 'Reverse…' }).count()).toBe(0);
    await s.screenshot('settlements-tablet');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
