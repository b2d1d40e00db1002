// Smart review in Debian's headless Chromium against the real `openpayer serve` (global-setup.ts),
// which activates the national rule base and the demo region's rules and runs run_demo_seed: the
// rule-set browser, the findings with their evidence, the hospital's answer, and end to end a
// deducted line and a held claim released by a reviewer.
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, oneLineClaim, signedIn } from './fixture.ts';

const browser = launchBrowser();

const NATIONAL = 'nhsa-rule-base-b1-8';
const DEMO = 'demo-rules-230100-2025';
const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
const INSTITUTION = `H2301038${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

/** The demo hospital's institution (the demo-hospital key acts for it only). */
const HOSPITAL = 'H23010300012';
/** An EGFR inhibitor (ATC L01EB): DEMO-BIO-001 holds it without an EGFR result. */
const EGFR_DRUG = { code: 'XL01EBD999A001010100001', name: '达可替尼片', unitPrice: '150.00' };

interface Rule {
  readonly code: string;
  readonly check: { readonly kind: string; readonly items?: string[]; readonly sex?: string };
}
interface StoredFinding {
  readonly id: string;
  readonly finding: { readonly rule: { readonly code: string }; readonly severity: string };
  readonly response: unknown;
}
interface Stored {
  readonly id: string;
  readonly status: string;
  readonly settlement: {
    readonly lines: { readonly selfPay: { readonly reason: string }[] }[];
    readonly findings?: { readonly rule: { readonly code: string }; readonly action: string }[];
  };
}

async function nationalRules(): Promise<readonly Rule[]> {
  const res = await apiAs('demo-admin', `/v1/rule-sets/${NATIONAL}`);
  expect(res.status).toBe(200);
  return (res.body as { ruleSet: { rules: Rule[] } }).ruleSet.rules;
}

/** Settle a one-line claim of the demo's (male) patient at this run's institution. */
async function settle(
  claimId: string,
  line: { code: string; name: string; unitPrice: string },
  as: { role: 'demo-admin' | 'demo-hospital'; institution: string } = {
    role: 'demo-admin',
    institution: INSTITUTION,
  },
) {
  const date = '2025-06-20';
  const res = await apiAs(as.role, '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-${claimId}` },
    body: oneLineClaim({
      id: claimId,
      personId: `PERSON-${claimId}`,
      institution: { code: as.institution, name: '审核测试医院', tier: 'secondary' },
      admissionDate: '2025-06-15',
      dischargeDate: date,
      line: { kind: 'drug', quantity: '1', amount: line.unitPrice, date, ...line },
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Stored;
}

describe('smart review', () => {
  it('lists both seeded rule sets, opens the national set and finds a rule with its parameters', async () => {
    const rules = await nationalRules();
    const sex = rules.find((r) => r.code.startsWith('NHSA-DRUG-SEX-'));
    expect(sex).toBeDefined();
    const s = await signedIn(browser(), 'demo-admin', '/supervision');
    const { page } = s;
    const sets = page.getByTestId('rule-sets');
    await sets.waitFor();
    for (const id of [NATIONAL, DEMO]) {
      await sets.locator(`tr[data-rule-set="${id}"]`).waitFor();
    }
    expect(await sets.locator(`tr[data-rule-set="${NATIONAL}"]`).innerText()).toContain(
      rules.length.toLocaleString('en'),
    );
    await sets.getByRole('link', { name: NATIONAL }).click();
    await page.getByTestId('rules').waitFor();
    expect(await page.getByTestId('rule-count').innerText()).toContain(
      `of ${rules.length.toLocaleString('en')} rules`,
    );
    // 25 to a page, client-side.
    expect(await page.getByTestId('rules').locator('tbody tr').count()).toBe(25);
    await page.getByLabel('Code, name or check kind').fill(sex?.code ?? '');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator(`tr[data-rule="${sex?.code ?? ''}"]`);
    await row.waitFor();
    expect(await page.getByTestId('rules').locator('tbody tr').count()).toBe(1);
    const check = await row.getByTestId('rule-check').innerText();
    expect(check).toContain('item_sex');
    expect(check).toContain(sex?.check.sex ?? '');
    expect(check).toContain(sex?.check.items?.[0] ?? '');
    await s.screenshot('supervision-rule');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('lists the findings of run_demo_seed, filters by severity and shows one with its evidence', async () => {
    const page1 = await apiAs('demo-admin', '/v1/findings?runId=run_demo_seed&limit=200');
    const seeded = (page1.body as { items: StoredFinding[] }).items;
    expect(seeded.length).toBeGreaterThan(0);
    const severity = seeded[0]?.finding.severity ?? '';

    const s = await signedIn(browser(), 'demo-admin', '/supervision/runs');
    const { page } = s;
    await page.getByTestId('review-runs').locator('tr[data-run="run_demo_seed"]').waitFor();
    await page.locator('tr[data-run="run_demo_seed"]').getByTestId('run-findings').click();
    await page.waitForURL(/runId=run_demo_seed/u);
    const table = page.getByTestId('findings');
    await table.waitFor();
    await page.getByLabel('Severity').selectOption(severity);
    await page.waitForURL(new RegExp(`severity=${severity}`, 'u'));
    await table.waitFor();
    const severities = await Promise.all(
      (await table.locator('[data-col="severity"]').all()).map((c) => c.getAttribute('data-value')),
    );
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set([severity]));

    await table.locator('tbody tr').first().locator('[data-col="rule"] a').click();
    await page.getByTestId('evidence').waitFor();
    expect(await page.getByTestId('evidence').locator('tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('explanation').innerText()).not.toBe('');
    await s.screenshot('supervision-finding');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('records the hospital’s answer to a finding, and refuses a second one', async () => {
    // A claim of the hospital's own that a demo rule finds on (an EGFR drug, no EGFR result).
    const mine = await settle(`C-ANS-${run}`, EGFR_DRUG, {
      role: 'demo-hospital',
      institution: HOSPITAL,
    });
    const open = await apiAs(
      'demo-hospital',
      `/v1/findings?settlementId=${mine.id}&answered=false&limit=1`,
    );
    expect(open.status).toBe(200);
    const finding = (open.body as { items: StoredFinding[] }).items[0];
    expect(finding, 'the hospital has an unanswered finding').toBeDefined();
    const id = finding?.id ?? '';

    const s = await signedIn(browser(), 'demo-hospital', `/supervision/findings/${id}`);
    const { page } = s;
    const form = page.getByRole('form', { name: 'Answer the finding' });
    await form.waitFor();
    // Continue needs a reason.
    await form.getByRole('radio', { name: /Continue/u }).check();
    await form.getByRole('button', { name: 'Send the answer' }).click();
    await form.getByText('A reason is required to continue.').waitFor();
    await form.getByLabel(/Reason/u).fill('经病理确认用药合理，申请复核');
    await form.getByRole('button', { name: 'Send the answer' }).click();
    await page.getByTestId('answer').waitFor();
    await page.reload();
    await page.getByTestId('answer').waitFor();
    expect(await page.getByTestId('answer-value').innerText()).toContain('Continue');
    expect(await page.getByRole('form', { name: 'Answer the finding' }).count()).toBe(0);

    const again = await apiAs('demo-hospital', `/v1/findings/${id}/respond`, {
      body: { answer: 'self_pay', reason: 'again' },
    });
    expect(again.status).toBe(409);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('deducts a line a national sex rule forbids for the male patient, with the rule as reason', async () => {
    const rules = await nationalRules();
    const releases = await apiAs('demo-admin', '/v1/catalog/releases');
    // The release in force on the service date (the latest to start on or before it).
    type Release = { id: string; effective?: { start?: string; end?: string | null } };
    const release = (releases.body as { items: Release[] }).items
      .filter(
        (r) =>
          (r.effective?.start ?? '9999') <= '2025-06-20' &&
          ((r.effective?.end ?? null) === null || (r.effective?.end ?? '') > '2025-06-20'),
      )
      .at(-1);
    expect(release).toBeDefined();
    // A drug of the catalog that a women-only rule names.
    let picked: { rule: string; code: string; name: string } | undefined;
    for (const rule of rules) {
      if (rule.check.kind !== 'item_sex' || rule.check.sex !== 'female') continue;
      if (!rule.code.startsWith('NHSA-DRUG-SEX-')) continue;
      for (const code of rule.check.items ?? []) {
        const found = await apiAs(
          'demo-admin',
          `/v1/catalog/releases/${release?.id ?? ''}/items?kind=drug&limit=20&q=${encodeURIComponent(code)}`,
        );
        // An entry without restrictions of its own (the catalog's would self-pay it first).
        type Item = { name: string; codes: string[]; restrictions: unknown[] };
        const items = (found.body as { items?: Item[] }).items ?? [];
        const item = items.find((it) => it.restrictions.length === 0);
        const national = item?.codes.find((c) => c.startsWith(code));
        if (item !== undefined && national !== undefined) {
          picked = { rule: rule.code, code: national, name: item.name };
          break;
        }
      }
      if (picked !== undefined) break;
    }
    expect(picked, 'a catalog drug that a women-only national rule names').toBeDefined();
    const stored = await settle(`C-SEX-${run}`, {
      code: picked?.code ?? '',
      name: picked?.name ?? '',
      unitPrice: '100.00',
    });
    expect(stored.settlement.findings?.map((f) => [f.rule.code, f.action])).toContainEqual([
      picked?.rule,
      'deduct',
    ]);

    const s = await signedIn(browser(), 'demo-reviewer', `/settlements/${stored.id}`);
    const { page } = s;
    const findings = page.getByTestId('settlement-findings');
    await findings.waitFor();
    const row = findings.locator(`tr[data-rule="${picked?.rule ?? ''}"]`);
    expect(await row.getAttribute('data-action')).toBe('deduct');
    expect(await row.innerText()).toContain('L1');
    expect(await page.getByText('Deducted by a review rule (审核扣款)').count()).toBeGreaterThan(0);
    await page.getByTestId('findings-link').click();
    await page.waitForURL(/settlementId=/u);
    await page
      .getByTestId('findings')
      .locator('[data-col="rule"]', { hasText: picked?.rule ?? '' })
      .waitFor();
    await s.screenshot('supervision-deducted');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('holds a claim with an EGFR drug and no EGFR result until a reviewer releases it', async () => {
    const held = await settle(`C-BIO-${run}`, EGFR_DRUG);
    expect(held.status).toBe('held');

    const s = await signedIn(browser(), 'demo-reviewer', '/settlements?status=held');
    const { page } = s;
    const list = page.getByTestId('settlements');
    await list.locator('tbody tr', { hasText: held.id }).waitFor();
    await list.getByRole('link', { name: held.id }).click();
    await page.getByTestId('held').waitFor();
    expect(await page.getByTestId('settlement-status').innerText()).toBe('held');
    await page.getByTestId('settlement-findings').locator('tr[data-rule="DEMO-BIO-001"]').waitFor();

    const form = page.getByRole('form', { name: 'Release the held claim' });
    await form.getByRole('button', { name: 'Release' }).click();
    await form.getByText('Choose pay or deduct.').waitFor();
    await form.getByRole('radio', { name: /Pay:/u }).check();
    await form.getByLabel('Note').fill('EGFR 检测报告已补充');
    await form.getByRole('button', { name: 'Release' }).click();
    await page.getByTestId('released').waitFor();
    expect(await page.getByTestId('settlement-status').innerText()).toBe('settled');
    const newId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(newId).not.toBe(held.id);

    const old = await apiAs('demo-reviewer', `/v1/settlements/${held.id}`);
    expect((old.body as Stored).status).toBe('released');
    await s.screenshot('supervision-released');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});

describe('the simulator', () => {
  it('shows the pre-check’s review findings beside a preview that still agrees', async () => {
    const s = await signedIn(browser(), 'demo-auditor', '/simulator?demo=chronic-low-income');
    const { page } = s;
    await page.getByText(/^Preview up to date/u).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Run pre-check' }).click();
    await page.getByTestId('agreement').waitFor({ timeout: 30_000 });
    const findings = page.getByTestId('sim-findings');
    await findings.waitFor();
    await findings.locator('tr[data-rule="DEMO-RST-001"]').first().waitFor();
    expect(await page.getByTestId('agreement').innerText()).toMatch(/^Preview and API agree/u);
    expect(s.errors).toEqual([]);
    await s.close();
  });
});

describe('rule-set administration', () => {
  it(
    'shows an invalid upload’s issues with their paths, stores a valid one, activates and diffs it',
    { timeout: 300_000 },
    async () => {
      const demo = await apiAs('demo-admin', `/v1/rule-sets/${DEMO}`);
      const source = (demo.body as { ruleSet: { rules: Record<string, unknown>[] } }).ruleSet;
      const id = `e2e-rules-${run.toLowerCase()}`;

      const s = await signedIn(browser(), 'demo-admin', '/supervision/rule-sets/upload');
      const { page } = s;
      const text = page.getByLabel('Rule set (JSON)');
      await text.fill(
        JSON.stringify({ ...source, id, rules: [{ ...source.rules[0], bogus: true }] }),
      );
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const issues = page.getByTestId('upload-issues');
      await issues.waitFor();
      expect(await issues.innerText()).toContain('rules.0');

      // A valid copy with one rule fewer and one rule's severity changed.
      const [first, ...rest] = source.rules;
      const changed = { ...first, severity: first?.['severity'] === 'low' ? 'high' : 'low' };
      await text.fill(JSON.stringify({ ...source, id, rules: [changed, ...rest.slice(1)] }));
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.waitForURL(new RegExp(`/supervision/rule-sets/${id}\\?uploaded=1`, 'u'), {
        timeout: 120_000,
      });
      await page.getByTestId('rules').waitFor();
      expect(await page.getByTestId('active-from').innerText()).toBe('not activated');

      // Activated far ahead (no other test settles claims then).
      await page.getByLabel('First service date reviewed').fill('2099-01-01');
      await page.getByRole('button', { name: 'Activate' }).click();
      // The embedded database is shared with the other test files (a catalog import can hold it for
      // many seconds on a loaded machine): writes get a generous wait.
      await page.getByTestId('activated').waitFor({ timeout: 120_000 });
      await expect.poll(() => page.getByTestId('active-from').innerText()).toBe('2099-01-01');

      await page.getByLabel('From rule set').selectOption(DEMO);
      await page.getByLabel('To rule set').selectOption(id);
      await page.getByRole('button', { name: 'Show differences' }).click();
      await page.waitForURL(/\/supervision\/rule-sets\/diff\?/u);
      const counts = page.getByTestId('diff-counts');
      await counts.waitFor();
      const figures = await counts.innerText();
      expect(figures).toMatch(/removed\s+1/iu);
      expect(figures).toMatch(/changed\s+1/iu);
      expect(await page.getByTestId('diff-rules').locator('tbody tr').count()).toBe(2);
      await s.screenshot('supervision-diff');
      // The one error the page logs is the refused upload's 422, as intended.
      expect(s.errors.filter((e) => !e.includes('422'))).toEqual([]);
      await s.close();
    },
  );
});
