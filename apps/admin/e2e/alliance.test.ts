// The medical alliance (医联体) in Debian's headless Chromium against the real `openpayer serve`
// (global-setup.ts): an administrator marks a reviewer as the lead hospital (牵头医院) of an
// alliance over the API, a primary institution of the alliance requests a primary_care approval,
// a reviewer of no alliance is shown that it cannot decide, the lead-hospital reviewer signs in
// with its own key and approves, and a claim at the primary institution is covered by it. Also:
// the totals chart says what it counts.
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, oneLineClaim, server, signedIn } from './fixture.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
const ALLIANCE = `E2E-ALLIANCE-${run}`;
/** A primary institution of this run only. */
const COMMUNITY = `H2301038${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
/**
 * Class B, outside the primary-care formulary (class A only), paid for children (the rule base's
 * age restriction).
 */
const DRUG = {
  kind: 'drug',
  code: 'XA07FAK084N001010100041',
  catalogItemId: 'XA07F/枯草杆菌二联活菌/口服常释剂型',
  name: '枯草杆菌二联活菌',
};

/** Create a principal as demo-admin; its key. */
async function principal(body: Record<string, unknown>): Promise<string> {
  const res = await apiAs('demo-admin', '/v1/principals', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { apiKey: string }).apiKey;
}

/** Call the API with a key this test created. */
async function withKey(key: string, pathname: string, body: unknown, headers = {}) {
  const res = await fetch(`${server().url}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('medical alliance', () => {
  it('lets the alliance lead-hospital reviewer approve a primary institution’s request in the browser', async () => {
    const leadId = `e2e-lead-${run}`.toLowerCase();
    const leadKey = await principal({
      id: leadId,
      name: '市第一医院 远程药师',
      role: 'reviewer',
      allianceId: ALLIANCE,
      isLeadHospital: true,
    });
    const communityKey = await principal({
      id: `e2e-community-${run}`.toLowerCase(),
      name: '示范社区卫生服务中心 接口',
      role: 'institution_integrator',
      institutionCode: COMMUNITY,
      allianceId: ALLIANCE,
    });
    const approvalId = `AP-E2E-PC-${run}`;
    const personId = `PERSON-PC-${run}`;
    const requested = await withKey(communityKey, '/v1/approvals', {
      id: approvalId,
      kind: 'primary_care',
      item: DRUG,
      personId,
      institution: { code: COMMUNITY, tier: 'primary', allianceId: ALLIANCE },
      requestedBy: { id: 'D-0301', title: 'attending' },
      reason: '慢性腹泻，基层目录内药品疗效不佳',
      alternativesConsidered: ['蒙脱石散'],
      informedConsent: true,
      requestedOn: '2025-06-30',
      requestedQuantity: '20',
      requestedDays: 60,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);

    // A reviewer of no alliance reads the request but is told who decides it: no forms.
    const other = await signedIn(browser(), 'demo-reviewer', `/approvals/${approvalId}`);
    await other.page.getByRole('heading', { name: `Approval ${approvalId}` }).waitFor();
    const note = other.page.getByTestId('lead-hospital-only');
    await note.waitFor();
    expect(await note.innerText()).toContain(ALLIANCE);
    expect(await other.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(other.errors).toEqual([]);
    await other.close();

    // The lead-hospital reviewer signs in with its own key.
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server().url}/approvals`);
    await page.getByLabel('API key').fill(leadKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signed-in-as').waitFor();

    const row = page.getByTestId('approvals').locator('tbody tr', { hasText: approvalId });
    await row.waitFor();
    await row.getByRole('link', { name: approvalId }).click();
    await page.getByRole('heading', { name: `Approval ${approvalId}` }).waitFor();
    expect(await page.getByTestId('lead-hospital').innerText()).toContain(ALLIANCE);
    const approveForm = page.getByRole('form', { name: 'Approve' });
    await approveForm.getByLabel('Comment').fill('牵头医院远程药师审核同意');
    await approveForm.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    const decision = await page.getByTestId('decision').innerText();
    expect(decision).toContain(leadId);
    expect(decision).toContain('牵头医院远程药师审核同意');
    expect(await page.getByTestId('history').innerText()).toMatch(/Pending\s*→\s*Approved/u);

    // The API agrees, and a claim at the primary institution is covered by the approval.
    const stored = await apiAs('demo-admin', `/v1/approvals/${approvalId}`);
    expect(stored.body).toMatchObject({
      approval: {
        status: 'approved',
        decision: { by: { id: leadId, allianceId: ALLIANCE, isLeadHospital: true } },
      },
    });
    const claim = oneLineClaim({
      id: `C-E2E-PC-${run}`,
      personId,
      institution: { code: COMMUNITY, name: '示范社区卫生服务中心', tier: 'primary' },
      admissionDate: '2025-07-08',
      dischargeDate: '2025-07-12',
      line: {
        kind: DRUG.kind,
        code: DRUG.code,
        name: DRUG.name,
        quantity: '5',
        unitPrice: '30.00',
        amount: '150.00',
        date: '2025-07-10',
      },
    });
    const settled = await withKey(
      communityKey,
      '/v1/claims/settle',
      {
        ...claim,
        person: { ...claim.person, birthDate: '2019-03-02' },
        institution: { ...claim.institution, alliance: { id: ALLIANCE, isLead: false } },
      },
      { 'idempotency-key': `e2e-pc-${run}` },
    );
    expect(settled.status, JSON.stringify(settled.body)).toBe(201);
    expect(settled.body).toMatchObject({
      settlement: { lines: [{ outcome: 'covered_first_self_pay' }] },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says on the totals chart that it shows settled settlements, reversals excluded', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/settlements/totals');
    const caption = s.page.locator('figure.chart figcaption');
    await caption.waitFor();
    expect(await caption.innerText()).toContain(
      'Settled (reversals excluded), per month and payer',
    );
    expect(await s.page.getByTestId('totals').locator('caption').innerText()).toContain(
      'reversals excluded',
    );
    await s.page.getByLabel('Status').selectOption('reversed');
    await s.page.waitForURL(/status=reversed/u);
    await s.page
      .locator('figure.chart figcaption', { hasText: 'Reversed settlements only' })
      .or(s.page.getByText('No reversed settlements in this range.'))
      .waitFor();
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
