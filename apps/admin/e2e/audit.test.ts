// The audit page in Debian's headless Chromium against the real `openpayer serve` (global-setup.ts):
// the signed tree head; the whole export verified in the browser — valid as served, not valid (with
// the verifier's code and line) when one byte of one entry is changed on the way; the chain of a
// settled claim's settlement with each entry's inclusion proof checked in the page.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, oneLineClaim, signedIn } from './fixture.ts';

const browser = launchBrowser();

const run =
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();

interface Head {
  readonly head: { readonly treeSize: number; readonly rootHash: string; readonly keyId: string };
  readonly publicKey: string;
}
interface Chain {
  readonly items: readonly {
    readonly index: number;
    readonly entry: { readonly kind: string; readonly actor: string; readonly stateHash: string };
  }[];
}

/** Settle a one-line claim (as an administrator); answers the settlement id. */
async function settle(claimId: string): Promise<string> {
  const res = await apiAs('demo-admin', '/v1/claims/settle', {
    headers: { 'idempotency-key': `e2e-audit-${claimId}` },
    body: oneLineClaim({
      id: claimId,
      personId: `PERSON-${claimId}`,
      institution: { code: 'H23010300012', name: '示范测试医院', tier: 'secondary' },
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-05',
      line: {
        kind: 'drug',
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity: '1',
        unitPrice: '123.45',
        amount: '123.45',
        date: '2025-06-05',
      },
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { id: string }).id;
}

describe('audit log', () => {
  it('verifies the export in the browser, and reports a changed byte with the verifier’s error', async () => {
    // A head published before the claim: the log must still contain it.
    const earlier = await apiAs('demo-auditor', '/v1/audit/head');
    expect(earlier.status).toBe(200);
    const known = (earlier.body as Head).head;
    const settlementId = await settle(`C-E2E-AUDIT-V-${run}`);

    const s = await signedIn(browser(), 'demo-auditor', '/audit');
    const { page } = s;
    await page.getByTestId('tree-head').waitFor();
    const head = (await apiAs('demo-auditor', '/v1/audit/head')).body as Head;
    expect(Number(await page.getByTestId('tree-size').innerText())).toBeGreaterThan(known.treeSize);
    expect(await page.getByLabel(/^Public key/u).inputValue()).toBe(head.publicKey);
    expect(await page.getByTestId('head-signature').innerText()).toContain('✓');

    await page.getByLabel(/^Known head/u).fill(JSON.stringify(known));
    await page.getByRole('button', { name: 'Verify the log' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 120_000 });
    const text = await result.innerText();
    expect(text).toMatch(/^valid: \d+ entries, \d+ signed heads/u);
    const entries = Number(/valid: (\d+) entries/u.exec(text)?.[1]);
    expect(entries).toBeGreaterThanOrEqual(head.head.treeSize);
    expect(text).toContain(`known head of ${known.treeSize} entries: the log only grew`);
    await s.screenshot('audit-valid');

    // Another key (32 random bytes) than the fund's: the verifier's own refusal, not "valid".
    await page.getByLabel(/^Public key/u).fill(randomBytes(32).toString('base64'));
    expect(await page.getByTestId('head-signature').innerText()).toContain('✗');
    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.getByTestId('verify-problems').waitFor({ timeout: 120_000 });
    expect(await result.innerText()).toMatch(/^not valid/u);
    expect(await result.innerText()).toContain('audit.unknown_key');

    // A key that is not a key: the field is named, nothing is downloaded.
    await page.getByLabel(/^Public key/u).fill('not a key');
    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.getByText('the public key must be 32 bytes in base64 or hex (Ed25519)').waitFor();
    expect(s.errors).toEqual([]);
    await s.close();

    // One byte of our settlement's entry changed between the API and the page.
    const t = await signedIn(browser(), 'demo-auditor', '/audit');
    let tampered: { line: number; headLine: number } | undefined;
    await t.page.route('**/v1/audit/export', async (route) => {
      const response = await route.fetch();
      const lines = (await response.text()).split('\n');
      const at = lines.findIndex(
        (l) => l.includes('"kind":"settlement.settled"') && l.includes(`"id":"${settlementId}"`),
      );
      const line = lines[at] ?? '';
      const hash = /"stateHash":"([0-9a-f]{64})"/u.exec(line);
      if (at < 0 || hash?.index === undefined) throw new Error('our entry is not in the export');
      const byte = hash.index + '"stateHash":"'.length;
      lines[at] = `${line.slice(0, byte)}${line[byte] === '0' ? '1' : '0'}${line.slice(byte + 1)}`;
      tampered = {
        line: at + 1,
        headLine: lines.findIndex((l, i) => i > at && l.startsWith('{"head":')) + 1,
      };
      await route.fulfill({ response, body: lines.join('\n') });
    });
    await t.page.getByTestId('tree-head').waitFor();
    await t.page.getByRole('button', { name: 'Verify the log' }).click();
    const bad = t.page.getByTestId('verify-result');
    await bad.waitFor({ timeout: 120_000 });
    const badText = await bad.innerText();
    expect(badText).toMatch(/^not valid/u);
    expect(badText).not.toMatch(/^valid/mu);
    if (tampered === undefined) throw new Error('the export was not intercepted');
    expect(tampered.headLine).toBeGreaterThan(tampered.line);
    // The first head after the changed entry no longer matches the entries before it.
    const first = await t.page.getByTestId('verify-problems').locator('li').first().innerText();
    expect(first).toContain('audit.root_mismatch');
    expect(first).toContain(`(line ${tampered.headLine})`);
    await t.screenshot('audit-tampered');
    expect(t.errors).toEqual([]);
    await t.close();
  });

  it('shows a settlement’s chain of changes with each entry’s inclusion proven in the page', async () => {
    const settlementId = await settle(`C-E2E-AUDIT-C-${run}`);
    const chain = (await apiAs('demo-auditor', `/v1/audit/objects/settlement/${settlementId}`))
      .body as Chain;
    const [settled] = chain.items;
    expect(settled?.entry.kind).toBe('settlement.settled');
    if (settled === undefined) throw new Error('no audit entry for the settlement');

    const s = await signedIn(browser(), 'demo-auditor', `/settlements/${settlementId}`);
    const { page } = s;
    await page.getByTestId('audit-chain-link').click();
    await page.waitForURL(/\/audit\/chain\?type=settlement&id=/u);
    const table = page.getByTestId('chain');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(chain.items.length);
    const row = table.locator(`tbody tr[data-index="${settled.index}"]`);
    expect(await row.locator('[data-col="kind"]').innerText()).toContain('settlement.settled');
    expect(await row.locator('[data-col="actor"]').innerText()).toBe(settled.entry.actor);
    expect(await row.locator('[data-col="person"]').innerText()).toMatch(/^psn_[0-9a-f]{32}$/u);
    expect(await row.locator('[data-col="state-hash"] code').getAttribute('title')).toBe(
      settled.entry.stateHash,
    );
    expect(await row.getByTestId('inclusion').innerText()).toContain('✓ proof verified');
    expect(await page.getByTestId('chain-head').innerText()).toMatch(
      new RegExp(`^${chain.items.length} of ${chain.items.length} entries proven`, 'u'),
    );
    await s.screenshot('audit-chain');
    expect(s.errors).toEqual([]);
    await s.close();

    // An audit path changed on the way: the page's check fails, it does not trust the API.
    const t = await signedIn(browser(), 'demo-auditor');
    await t.page.route('**/v1/audit/entries/*/proof*', async (route) => {
      const response = await route.fetch();
      const proof = (await response.json()) as { auditPath: string[] };
      await route.fulfill({
        response,
        json: { ...proof, auditPath: proof.auditPath.slice(0, -1) },
      });
    });
    await t.page.goto(
      `${new URL(t.page.url()).origin}/audit/chain?type=settlement&id=${settlementId}`,
    );
    const forged = t.page.getByTestId('chain').locator(`tbody tr[data-index="${settled.index}"]`);
    await forged.waitFor();
    expect(await forged.getByTestId('inclusion').innerText()).toContain('audit.inclusion_failed');
    expect(await t.page.getByTestId('chain-head').innerText()).toMatch(/^0 of /u);
    await t.close();
  });
});
