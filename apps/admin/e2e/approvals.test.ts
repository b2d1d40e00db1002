// The issue's walk-through "approve an out-of-catalog request and see it drawn down by a later
// claim", in Debian's headless Chromium against the real `openpayer serve` (global-setup.ts):
// a hospital requests through the API, a reviewer decides in the browser, the hospital settles a
// claim, and the approval's page shows the drawdown.
import { describe, expect, it } from 'vitest';
import { pseudonym } from '../src/approvals/pseudonym.ts';
import { apiAs, launchBrowser, oneLineClaim, signedIn } from './fixture.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
/** A drug outside the 2024 list (the API tests' out-of-catalog code). */
const OUT_OF_CATALOG = { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' };
const INSTITUTION = { code: 'H23010300012', tier: 'tertiary' };

/**
 * An out-of-catalog request as demo-hospital sends it; the demo policy (packages/catalog/data/
 * approvals/demo-230100.json) wants informed consent, an associate-chief requester at a tertiary
 * hospital, and the alternatives considered.
 */
async function requested(id: string, personId: string) {
  const res = await apiAs('demo-hospital', '/v1/approvals', {
    body: {
      id,
      kind: 'out_of_catalog',
      item: OUT_OF_CATALOG,
      personId,
      institution: INSTITUTION,
      requestedBy: { id: 'D-0101', title: 'associate_chief' },
      reason: 'EGFR 突变阳性，一线靶向治疗耐药，目录内替代药品均已使用',
      alternativesConsidered: ['吉非替尼片', '达可替尼片'],
      informedConsent: true,
      requestedOn: '2025-06-30',
      requestedQuantity: '12',
      requestedDays: 90,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** An inpatient claim of the demo region with one line of the approved drug. */
function drugClaim(id: string, personId: string, quantity: number) {
  const amount = `${quantity * 100}.00`;
  return oneLineClaim({
    id,
    personId,
    institution: { ...INSTITUTION, name: '哈尔滨示范三级医院' },
    admissionDate: '2025-07-08',
    dischargeDate: '2025-07-12',
    line: {
      ...OUT_OF_CATALOG,
      quantity: String(quantity),
      unitPrice: '100.00',
      amount,
      date: '2025-07-10',
    },
  });
}

describe('approvals', () => {
  it('approves an out-of-catalog request and sees it drawn down by a later claim', async () => {
    const approvalId = `AP-E2E-${run}`;
    const personId = `PERSON-${run}`;
    await requested(approvalId, personId);

    const s = await signedIn(browser(), 'demo-reviewer', '/approvals');
    const { page } = s;
    // The queue: pending requests, ours among them, the patient by pseudonym only.
    const row = page.getByTestId('approvals').locator('tbody tr', { hasText: approvalId });
    await row.waitFor();
    expect(await row.innerText()).toContain('目录外抗肿瘤药');
    expect(await row.innerText()).toContain(pseudonym(personId));
    expect(await row.innerText()).toContain('吉非替尼片');
    expect(await row.innerText()).toContain('Associate chief');
    expect(await page.content()).not.toContain(personId);
    await s.screenshot('approvals-queue');

    await row.getByRole('link', { name: approvalId }).click();
    await page.getByRole('heading', { name: `Approval ${approvalId}` }).waitFor();
    expect(await page.content()).not.toContain(personId);

    // Rejecting needs a reason: the form says so at the field, before any request is sent.
    const reject = page.getByRole('form', { name: 'Reject' });
    await reject.getByRole('button', { name: 'Reject' }).click();
    const reason = reject.getByLabel('Reason for rejecting');
    await expect(reason.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await reject.locator('.field-error').innerText()).toMatch(/comment/u);

    // Approving more than was requested is refused at the quantity field.
    const approveForm = page.getByRole('form', { name: 'Approve' });
    await approveForm.getByLabel('Approved quantity').fill('13');
    await approveForm.getByRole('button', { name: 'Approve' }).click();
    await approveForm.locator('.field-error').waitFor();
    expect(await approveForm.locator('.field-error').innerText()).toContain('12');

    await approveForm.getByLabel('Approved quantity').fill('10');
    await approveForm.getByLabel('Comment').fill('同意，按月复评');
    await approveForm.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    const decision = await page.getByTestId('decision').innerText();
    expect(decision).toContain('demo-reviewer');
    expect(decision).toContain('同意，按月复评');
    const history = await page.getByTestId('history').innerText();
    expect(history).toMatch(/Pending\s*→\s*Approved/u);
    expect(await page.getByTestId('remaining').innerText()).toBe('10');
    await s.screenshot('approval-detail');

    // Before it settles, the simulator shows the claim covered by the approval: the in-browser
    // preview reads the person's approved approvals as the API's pre-check does, and they agree.
    const sim = await signedIn(browser(), 'demo-admin', '/simulator');
    await sim.page.getByRole('button', { name: 'JSON' }).click();
    await sim.page
      .getByLabel(/^Claim JSON/u)
      .fill(JSON.stringify(drugClaim(`C-E2E-SIM-${run}`, personId, 4)));
    await sim.page.getByText(/^Preview up to date/u).waitFor({ timeout: 30_000 });
    await sim.page.getByRole('button', { name: 'Run pre-check' }).click();
    await sim.page.getByTestId('agreement').waitFor({ timeout: 30_000 });
    expect(await sim.page.getByTestId('agreement').innerText()).toMatch(/^Preview and API agree/u);
    expect(await sim.page.getByTestId('line-L1').innerText()).toContain(approvalId);
    expect(sim.errors).toEqual([]);
    await sim.close();

    // A later claim for the person draws the approval down as it settles.
    const settled = await apiAs('demo-hospital', '/v1/claims/settle', {
      body: drugClaim(`C-E2E-${run}`, personId, 4),
      headers: { 'idempotency-key': `e2e-approval-${run}` },
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(201);
    const settlementId = (settled.body as { id: string }).id;

    await page.reload();
    const drawdowns = page.getByTestId('drawdowns');
    await drawdowns.waitFor();
    expect(await page.getByTestId('drawn').innerText()).toBe('4');
    expect(await page.getByTestId('remaining').innerText()).toBe('6');
    const drawdown = drawdowns.locator('tbody tr');
    expect(await drawdown.count()).toBe(1);
    expect(await drawdown.innerText()).toContain(`C-E2E-${run}`);
    const link = drawdown.getByRole('link', { name: settlementId });
    await link.waitFor();
    await s.screenshot('approval-drawdown');

    // The link leads to the settlement, whose line names the approval it used.
    await link.click();
    await page.getByRole('heading', { name: `Settlement ${settlementId}` }).waitFor();
    expect(await page.getByTestId('lines').innerText()).toContain(approvalId);
    // The one refusal logged is the policy's 422 for the quantity above the request.
    expect(s.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await s.close();
  });

  it('shows an auditor the request read-only, without Approve or Reject', async () => {
    const approvalId = `AP-E2E-RO-${run}`;
    await requested(approvalId, `PERSON-RO-${run}`);
    const s = await signedIn(browser(), 'demo-auditor', `/approvals/${approvalId}`);
    await s.page.getByRole('heading', { name: `Approval ${approvalId}` }).waitFor();
    await s.page.getByTestId('read-only').waitFor();
    expect(await s.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await s.page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    expect(await s.page.getByTestId('approval-reason').innerText()).toContain('EGFR');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
