// The catalog screens in Debian's headless Chromium against the real `openpayer serve` (seeded
// with the real 2024 national drug list): search and filters, an EGFR-targeted drug's restriction
// text beside its structured restrictions, the version history with its chart, and the diff of
// two versions — the second one imported by this file through the API, in force only from 2030 so
// that claims dated 2025 in other files see the same catalog.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminRoot, apiAs, keyOf, launchBrowser, signedIn } from './fixture.ts';
import { restrictionEditTests } from './restriction-edit.ts';

const browser = launchBrowser();

const SEEDED = 'nrdl-2024';
const OSIMERTINIB = 'XL01EB/甲磺酸奥希替尼片';

type Json = Record<string, unknown>;

async function apiJson(pathname: string): Promise<Json> {
  const { status, body } = await apiAs('demo-admin', pathname);
  expect(status, pathname).toBe(200);
  return body as Json;
}

async function apiTotal(query: string): Promise<number> {
  const body = await apiJson(`/v1/catalog/releases/${SEEDED}/items?limit=1&${query}`);
  return body['total'] as number;
}

/** The number in "N items in …" once the results have loaded. */
async function shownTotal(page: Page): Promise<number> {
  const text = await page.getByTestId('result-count').innerText();
  return Number(/^([\d,]+)/u.exec(text)?.[1]?.replaceAll(',', '') ?? 'NaN');
}

function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Wait until the results show `total` (they reload after every filter change). */
async function expectTotal(page: Page, total: number) {
  await page
    .getByTestId('result-count')
    .filter({ hasText: new RegExp(`^${total.toLocaleString('en')} item`, 'u') })
    .waitFor();
  expect(await shownTotal(page)).toBe(total);
}

describe('catalog search and item detail', () => {
  it('finds osimertinib (an EGFR inhibitor) and reads its restriction beside the structured restrictions', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/catalog');
    const { page } = s;
    await page.getByLabel('Release').selectOption(SEEDED);
    await page.getByLabel('Name, code or item id').fill('奥希替尼');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=%E5%A5%A5%E5%B8%8C%E6%9B%BF%E5%B0%BC/u);
    await expectTotal(page, await apiTotal(`q=${encodeURIComponent('奥希替尼')}`));
    const link = page.getByRole('link', { name: '甲磺酸奥希替尼片' });
    await link.waitFor();
    await s.screenshot('catalog-search');

    await link.click();
    await page.waitForURL(/\/catalog\/items\?/u);
    expect(query(page).get('id')).toBe(OSIMERTINIB);
    expect(query(page).get('q')).toBe('奥希替尼');
    const item = await apiJson(
      `/v1/catalog/releases/${SEEDED}/items/${encodeURIComponent(OSIMERTINIB)}`,
    );
    await page.getByRole('heading', { name: '甲磺酸奥希替尼片' }).waitFor();

    // The text as published, verbatim: four indications, all about EGFR mutations in NSCLC.
    const original = await page.getByTestId('restriction-text').innerText();
    expect(original).toBe(item['restrictionText']);
    expect(original).toContain('表皮生长因子受体(EGFR)');
    expect(original).toContain('EGFR T790M突变阳性');

    // Beside it, what the importer read: one block per indication, with EGFR evidence and C34.
    const structured = page.getByTestId('structured-restrictions');
    const indications = structured.getByTestId('indication');
    expect(await indications.count()).toBe((item['indications'] as unknown[]).length);
    expect(await indications.count()).toBe(4);
    const second = indications.nth(1);
    expect(await second.locator('tr[data-kind="evidence"]').innerText()).toContain('EGFR positive');
    expect(await second.locator('tr[data-kind="diagnosis"]').innerText()).toContain('ICD-10 C34');
    expect(await second.locator('tr[data-kind="line_of_therapy"]').innerText()).toContain(
      'line 1 only',
    );
    expect(await second.locator('tr[data-kind="age"]').innerText()).toContain('≥ 18 years');

    // What could not be structured is flagged for an administrator.
    const unparsed = item['unparsed'] as string[];
    expect(unparsed.length).toBeGreaterThan(0);
    expect(await page.getByTestId('unparsed').locator('li').allInnerTexts()).toEqual(unparsed);
    await s.screenshot('catalog-item');

    // Back to the search, filters kept.
    await page.getByRole('link', { name: '← Back to the search' }).click();
    await page.waitForURL((url) => url.pathname === '/catalog');
    expect(query(page).get('q')).toBe('奥希替尼');
    expect(await page.getByLabel('Name, code or item id').inputValue()).toBe('奥希替尼');
    await page.getByRole('link', { name: '甲磺酸奥希替尼片' }).waitFor();
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('filters by class, negotiated and unparsed text in the URL, pages, and shows an empty state (reviewer)', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', `/catalog?release=${SEEDED}`);
    const { page } = s;
    // Reviewers may not import.
    await expectTotal(page, await apiTotal(''));
    expect(await page.getByRole('button', { name: 'Import a release' }).count()).toBe(0);

    await page.getByLabel('Class').selectOption('B');
    await page.waitForURL(/class=B/u);
    const classB = await apiTotal('class=B');
    await expectTotal(page, classB);

    await page.getByLabel('Negotiated').selectOption('true');
    await page.waitForURL(/negotiated=true/u);
    const negotiatedB = await apiTotal('class=B&negotiated=true');
    expect(negotiatedB).toBeLessThan(classB);
    await expectTotal(page, negotiatedB);

    await page.getByLabel('Unparsed text').selectOption('true');
    await page.waitForURL(/unparsed=true/u);
    const withUnparsed = await apiTotal('class=B&negotiated=true&unparsed=true');
    expect(withUnparsed).toBeGreaterThan(0);
    expect(withUnparsed).toBeLessThan(negotiatedB);
    await expectTotal(page, withUnparsed);
    // Every row shown carries an "unparsed" flag and a negotiated badge.
    const rows = page.locator('table.catalog-results tbody tr');
    const count = await rows.count();
    expect(count).toBe(Math.min(50, withUnparsed));
    expect(await rows.filter({ hasText: 'unparsed' }).count()).toBe(count);
    expect(await rows.filter({ hasText: 'negotiated' }).count()).toBe(count);

    // Paging: the next page is in the URL; Back returns to the first.
    await page.getByLabel('Unparsed text').selectOption('');
    await expectTotal(page, negotiatedB);
    expect(query(page).has('unparsed')).toBe(false);
    const firstName = await rows.first().locator('a.item-name').innerText();
    expect(await page.getByTestId('pager-range').innerText()).toBe(
      `1–50 of ${negotiatedB.toLocaleString('en')}`,
    );
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.waitForURL(/offset=50/u);
    await page
      .getByTestId('pager-range')
      .filter({ hasText: `51–${Math.min(100, negotiatedB)} of` })
      .waitFor();
    expect(await rows.first().locator('a.item-name').innerText()).not.toBe(firstName);
    await page.goBack();
    await page.getByTestId('pager-range').filter({ hasText: '1–50 of' }).waitFor();
    expect(query(page).has('offset')).toBe(false);
    expect(await rows.first().locator('a.item-name').innerText()).toBe(firstName);

    // Nothing matches: say so, and offer to clear the filters.
    await page.getByLabel('Name, code or item id').fill('不存在的药品');
    await page.getByLabel('Name, code or item id').press('Enter');
    const empty = page.getByTestId('no-results');
    await empty.waitFor();
    expect(await empty.innerText()).toContain(`No item in ${SEEDED} matches “不存在的药品”`);
    await empty.getByRole('button', { name: 'Clear filters' }).click();
    await expectTotal(page, await apiTotal(''));
    expect([...query(page).keys()]).toEqual(['release']);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('fits a tablet: filters wrap, the page does not scroll sideways', async () => {
    const s = await signedIn(
      browser(),
      'demo-auditor',
      `/catalog?release=${SEEDED}&restriction=evidence`,
      { width: 820, height: 1180 },
    );
    const { page } = s;
    await expectTotal(page, await apiTotal('restriction=evidence'));
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(820);
    await s.screenshot('catalog-search-tablet');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});

describe('catalog versions', () => {
  const releaseId = `e2e-catalog-${Date.now().toString(36)}`;
  // Entries no other test file uses: the simulator's item look-up searches the newest release.
  const removedNames = ['复方硼砂', '糠甾醇', '阿法替尼'];
  const changedName = '清开灵注射液';

  /** The shipped 2024 list with three entries removed and one restricted to tertiary hospitals. */
  function editedCsv(): string {
    const csv = readFileSync(
      path.resolve(adminRoot, '../../packages/catalog/data/nrdl-2024/nrdl_2024.csv'),
      'utf8',
    );
    const rows = csv.split('\n');
    const kept = rows.filter((row) => !removedNames.some((name) => row.includes(`,${name},`)));
    expect(rows.length - kept.length).toBe(removedNames.length);
    const changed = kept.findIndex((row) => row.includes(`,${changedName},`));
    const row = kept[changed] ?? '';
    expect(row).toContain(',限二级及以上医疗机构。,');
    kept[changed] = row.replace(',限二级及以上医疗机构。,', ',限三级及以上医疗机构。,');
    return kept.join('\n');
  }

  it('shows both releases with a chart of changes, and diffs them with the API’s counts', async () => {
    const imported = await apiAs('demo-admin', '/v1/catalog/releases', {
      body: {
        format: 'nrdl-csv',
        csv: editedCsv(),
        ruleBase: true,
        release: {
          id: releaseId,
          title: '国家医保药品目录（2024年）· 浏览器测试修订版',
          region: null,
          effective: { start: '2030-01-01', end: null },
          publishedOn: '2029-12-01',
          source: 'apps/admin/e2e/catalog.test.ts: the 2024 list, 3 entries removed, 1 changed',
        },
      },
    });
    expect(imported.status).toBe(201);
    const diff = await apiJson(`/v1/catalog/diff?from=${SEEDED}&to=${releaseId}`);
    const counts = diff['counts'] as Record<string, number>;
    // The seeded demo release also lists services and consumables; the imported one is drugs only.
    let nonDrugs = 0;
    for (const kind of ['service', 'consumable']) {
      const listed = await apiJson(`/v1/catalog/releases/${SEEDED}/items?kind=${kind}&limit=1`);
      nonDrugs += listed['total'] as number;
    }
    expect(nonDrugs).toBeGreaterThan(0);
    expect(counts['removed']).toBe(3 + nonDrugs);
    expect(counts['added']).toBe(0);
    expect(counts['changed']).toBeGreaterThanOrEqual(1);

    const s = await signedIn(browser(), 'demo-admin', '/catalog/releases');
    const { page } = s;
    const releases = page.getByTestId('releases');
    await releases.waitFor();
    expect(await releases.locator(`tr[data-release="${SEEDED}"]`).innerText()).toContain('14,025');
    const newRow = releases.locator(`tr[data-release="${releaseId}"]`);
    expect(await newRow.innerText()).toContain('2030-01-01');
    expect(await newRow.innerText()).toContain('scheduled');
    expect(await newRow.getByTestId('step-counts').innerText()).toBe(
      `+${(counts['added'] ?? NaN).toLocaleString('en')} / −${(counts['removed'] ?? NaN).toLocaleString('en')} / ~${(counts['changed'] ?? NaN).toLocaleString('en')}`,
    );
    const chart = page.getByTestId('changes-chart');
    expect(await chart.locator('svg rect').count()).toBe(3);
    expect(await chart.locator('svg').getAttribute('role')).toBe('img');
    await s.screenshot('catalog-releases');

    // Compare the two (the form proposes the two newest).
    await page.getByRole('button', { name: 'Show the differences' }).click();
    await page.waitForURL(/\/catalog\/diff\?/u);
    expect(query(page).get('from')).toBe(SEEDED);
    expect(query(page).get('to')).toBe(releaseId);
    await page.getByTestId('catalog-counts').waitFor();
    for (const kind of ['added', 'removed', 'changed', 'unchanged']) {
      expect(await page.getByTestId(`count-${kind}`).innerText()).toContain(
        (counts[kind] ?? NaN).toLocaleString('en'),
      );
    }
    const removed = page.getByTestId('list-removed');
    for (const name of removedNames) {
      await expect(removed.getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(
        true,
      );
    }
    // The changed entry, as the API names it, shows its before and after text side by side.
    const changedEntry = (diff['changed'] as Json[]).find((c) => c['name'] === changedName);
    expect(changedEntry?.['changes']).toEqual([expect.objectContaining({ kind: 'restriction' })]);
    const change = page.locator(
      `article[data-item="${String(changedEntry?.['itemId'])}"] tr[data-change="restriction"]`,
    );
    expect(await change.locator('td.before p.original').innerText()).toBe('限二级及以上医疗机构。');
    expect(await change.locator('td.after p.original').innerText()).toBe('限三级及以上医疗机构。');
    // The words that changed are marked, and so is the structured restriction read from them.
    expect(await change.locator('td.before p.original del').innerText()).toBe('二');
    expect(await change.locator('td.after p.original ins').innerText()).toBe('三');
    expect(await change.locator('td.before li del').allInnerTexts()).toEqual([
      'tier: secondary tier or above',
    ]);
    expect(await change.locator('td.after li ins').allInnerTexts()).toEqual([
      'tier: tertiary tier or above',
    ]);
    await s.screenshot('catalog-diff');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('checks an import at its fields, shows the API’s refusal, and a 403 if the role changed', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/catalog/releases');
    const { page } = s;
    const open = page.getByRole('button', { name: 'Import a release' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Import a catalog release' });
    await dialog.waitFor();

    // Nothing filled in: each problem at its field, before anything is sent.
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const file = dialog.getByLabel('CSV file');
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    expect(
      await dialog.locator(`[id="${await file.getAttribute('aria-describedby')}"]`).innerText(),
    ).toContain('choose the CSV file');
    const id = dialog.getByLabel('Release id');
    expect(await id.getAttribute('aria-invalid')).toBe('true');

    // A complete request for an id that exists: the API's 409 lands at the id field.
    await file.setInputFiles(
      path.resolve(adminRoot, '../../packages/catalog/data/nrdl-2024/nrdl_2024.csv'),
    );
    await id.fill(SEEDED);
    await dialog.getByLabel('Title').fill('duplicate');
    await dialog.getByLabel('Published on').fill('2029-12-01');
    await dialog.getByLabel('In force from').fill('2031-01-01');
    await dialog.getByLabel('Source').fill('e2e');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toContain('HTTP 409');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(
      await dialog
        .locator(`[id="${(await id.getAttribute('aria-describedby'))?.split(' ').at(-1)}"]`)
        .innerText(),
    ).toContain('exists');

    // The key now belongs to a reviewer (rotated elsewhere): the API's 403 is shown as it is.
    await page.evaluate(
      `sessionStorage.setItem('openpayer.apiKey', ${JSON.stringify(keyOf('demo-reviewer'))})`,
    );
    await id.fill(`e2e-never-${Date.now().toString(36)}`);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'HTTP 403' }).waitFor();

    // Escape closes the dialog and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Import a release');
    // The browser logs the refused requests; nothing else may appear.
    expect(s.errors.filter((e) => !/\b(409|403)\b/u.test(e))).toEqual([]);
    await s.close();
  });
});

// Last in this file: the release it publishes would change the "two newest" read above.
describe('restriction editing', () => {
  restrictionEditTests(browser);
});
