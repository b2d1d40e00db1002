// The policies screens in Debian's headless Chromium against the real `openpayer serve`: the demo
// policy in force for region 230100 with its parameters by layer, uploading an edited copy
// (activated only from 2030, so nothing in force for 2025 changes), a broken document whose
// problem is shown at its field, the diff of two versions, and a reviewer who may not upload.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, server, signedIn } from './fixture.ts';

const browser = launchBrowser();

const DEMO = 'demo-230100-2025.1';
const demoYaml = readFileSync(
  new URL('../../../packages/pricing/data/policies/demo-230100-2025.yaml', import.meta.url),
  'utf8',
);
const run = Date.now().toString(36);
const COPY = `e2e-policies-${run}.1`;

/** Page errors, without the console lines Chromium logs for the API's expected 4xx answers. */
const unexpected = (errors: readonly string[], ...statuses: number[]) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

describe('policy versions', () => {
  it('shows the demo policy in force for 230100 and its parameters grouped by layer, with dates', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/policies');
    const { page } = s;
    const card = page.locator('[data-region="230100"]');
    await card.getByTestId('active-version').waitFor();
    expect(await card.getByTestId('active-version').innerText()).toContain(DEMO);
    expect(await card.getByTestId('active-version').innerText()).toContain('since 2025-01-01');
    const row = page.locator(`tr[data-policy="${DEMO}"]`);
    expect(await row.getByTestId('policy-status').innerText()).toBe('Active');
    await s.screenshot('policies-list');

    await row.getByRole('link', { name: DEMO }).click();
    await page.getByTestId('parameter-reimbursement').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/policies/${DEMO}`);
    const layers = await page.locator('section.layer > h2').allInnerTexts();
    expect(layers.map((t) => t.split('\n')[0])).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Basic medical insurance'),
        expect.stringContaining('Critical illness insurance'),
        expect.stringContaining('Medical assistance'),
        expect.stringContaining('Commercial supplementary insurance'),
        expect.stringContaining('Multi-party sharing'),
      ]),
    );
    // The parameters sit under their layer.
    const basic = page.locator('[data-layer="basic_medical_insurance"]');
    expect(await basic.getByTestId('parameter-deductible').count()).toBe(1);
    const critical = page.locator('[data-layer="critical_illness_insurance"]');
    expect(await critical.getByTestId('parameter-criticalIllness').count()).toBe(1);

    // The values are the stored document's, as exact yuan and percentages.
    const stored = (await apiAs('demo-admin', `/v1/policies/${DEMO}`)).body as {
      policy: { parameters: { reimbursement: { value: { upTo: string; ratio: string }[] }[] } };
    };
    expect(stored.policy.parameters.reimbursement[0]?.value[0]).toEqual({
      upTo: '50000.00',
      ratio: '0.85',
    });
    const employeeInpatient = page
      .getByTestId('parameter-reimbursement')
      .locator('tbody tr')
      .first();
    const cells = await employeeInpatient.locator('td').allInnerTexts();
    expect(cells[1]).toContain('employee');
    expect(cells[1]).toContain('inpatient');
    expect(cells[2]).toContain('up to ¥50,000.00 → 85%');
    expect(cells[2]).toContain('above ¥50,000.00 → 90%');
    expect(cells[3]).toBe('2025-01-01');
    expect(cells[4]).toBe('open');
    const tertiary = await page
      .getByTestId('parameter-deductible')
      .locator('tbody tr')
      .first()
      .innerText();
    expect(tertiary).toContain('tertiary');
    expect(tertiary).toContain('¥1,000.00');
    expect(tertiary).toContain('¥500.00');
    expect(await page.getByTestId('parameter-commercial').innerText()).toContain('No entries');
    // An administrator may activate and derive a new version.
    expect(await page.getByRole('button', { name: 'Change activation…' }).count()).toBe(1);
    await s.screenshot('policy-detail');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('uploads an edited copy, schedules it from 2030-01-01 and diffs it against the demo policy', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/policies');
    const { page } = s;
    await page.getByRole('link', { name: 'Upload a version' }).click();
    await page.getByLabel('Start from').selectOption(DEMO);
    const editor = page.getByLabel('Policy document');
    await page.getByText(`A copy of ${DEMO} as YAML`).waitFor();
    const draft = await editor.inputValue();
    expect(draft).toContain(`id: ${DEMO}-draft`);
    const edited = draft
      .replace(`id: ${DEMO}-draft`, `id: ${COPY}`)
      .replace('200000.00', '250000.00');
    expect(edited).not.toBe(draft);
    await editor.fill(edited);
    await page.getByTestId('upload-valid').waitFor();
    expect(await page.getByTestId('upload-valid').innerText()).toContain(COPY);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    await page.getByText(`Uploaded ${COPY}.`).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/policies/${COPY}`);
    expect(await page.getByTestId('policy-status').first().innerText()).toBe('Not activated');

    await page.getByRole('button', { name: 'Activate…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First service date').fill('2030-01-01');
    await dialog.getByRole('button', { name: 'Activate from 2030-01-01' }).click();
    await page.getByTestId('activated').waitFor();
    expect(await page.getByTestId('activated').innerText()).toContain('from 2030-01-01');
    await page.getByRole('button', { name: 'Change activation…' }).waitFor();
    expect(await page.getByTestId('policy-status').first().innerText()).toBe('Scheduled');

    // Listed as scheduled; the demo policy stays in force today (and for 2025 claims).
    await page.getByRole('link', { name: 'Policies', exact: true }).first().click();
    const row = page.locator(`tr[data-policy="${COPY}"]`);
    await row.waitFor();
    expect(await row.getByTestId('policy-status').innerText()).toBe('Scheduled');
    expect(await row.innerText()).toContain('2030-01-01');
    expect(
      await page.locator(`tr[data-policy="${DEMO}"]`).getByTestId('policy-status').innerText(),
    ).toBe('Active');
    expect(await page.locator('[data-region="230100"]').innerText()).toContain(
      `Scheduled: ${COPY} from 2030-01-01`,
    );

    // The diff: the resident annual cap, before and after, with its dates.
    await page.getByLabel('From version').selectOption(DEMO);
    await page.getByLabel('To version').selectOption(COPY);
    await page.getByRole('button', { name: 'Show differences' }).click();
    await page.getByTestId('diff-counts').waitFor();
    expect(new URL(page.url()).search).toBe(`?from=${DEMO}&to=${encodeURIComponent(COPY)}`);
    expect(await page.getByTestId('count-entries-changed').innerText()).toBe('1');
    expect(await page.getByTestId('count-entries-added').innerText()).toBe('0');
    expect(await page.getByTestId('count-entries-removed').innerText()).toBe('0');
    const entry = page.getByTestId('diff-annualCap').getByTestId('diff-entry');
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('td').nth(1).innerText()).toContain('resident');
    expect(await entry.getByTestId('diff-before').innerText()).toContain('¥200,000.00');
    expect(await entry.getByTestId('diff-after').innerText()).toContain('¥250,000.00');
    expect(await entry.getByTestId('diff-before').innerText()).toContain('2025-01-01');
    expect(await entry.getByTestId('diff-after').innerText()).toContain('2025-01-01');
    // The screen shows the API's diff (the engine's diffPolicies), nothing else.
    const api = (await apiAs('demo-auditor', `/v1/policies/diff?from=${DEMO}&to=${COPY}`)).body as {
      parameters: { parameter: string }[];
    };
    expect(api.parameters.map((p) => p.parameter)).toEqual(['annualCap']);
    expect(await page.locator('[data-testid^="diff-"][class="parameter"]').count()).toBe(1);
    await s.screenshot('policy-diff');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows a broken document’s problem at its field, sends nothing, and shows the API’s own refusals the same way', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/policies/upload');
    const { page } = s;
    const broken = demoYaml
      .replace(`id: ${DEMO}`, `id: e2e-broken-${run}`)
      .replace("value: '0.1'", "value: '1.5'");
    const line = broken.split('\n').findIndex((l) => l.includes("value: '1.5'")) + 1;
    expect(line).toBeGreaterThan(1);
    await page.getByLabel('Choose file…').setInputFiles({
      name: 'broken.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(broken),
    });
    await page.getByText(/^Loaded broken\.yaml/u).waitFor();
    const issue = page.getByTestId('upload-issue');
    await issue.first().waitFor();
    expect(await issue.count()).toBe(1);
    expect(await issue.getByTestId('issue-path').innerText()).toBe(
      'parameters.firstSelfPayRatio[0].value',
    );
    expect(await issue.getByTestId('issue-message').innerText()).toContain(
      'must be between 0 and 1',
    );
    expect(await issue.getByRole('button', { name: `Go to line ${line}` }).count()).toBe(1);
    expect(await issue.locator('pre.source-line').innerText()).toContain("value: '1.5'");
    expect(await page.locator('.gutter .marked').allInnerTexts()).toEqual([String(line)]);
    expect(await page.getByLabel('Policy document').getAttribute('aria-invalid')).toBe('true');

    // Jumping to the line selects it in the editor.
    await issue.getByRole('button', { name: `Go to line ${line}` }).click();
    // (evaluated in the page: the test's own types have no DOM)
    const selected = String(
      await page.evaluate(
        '(() => { const el = document.activeElement; return el.value.slice(el.selectionStart, el.selectionEnd); })()',
      ),
    );
    expect(selected).toContain("value: '1.5'");

    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('nothing was sent').waitFor();
    expect(new URL(page.url()).pathname).toBe('/policies/upload');
    expect((await apiAs('demo-admin', `/v1/policies/e2e-broken-${run}`)).status).toBe(404);
    await s.screenshot('policy-upload-issues');

    // A document valid on its own but refused by the API (the id exists: 409) is shown the same way.
    await page.getByLabel('Policy document').fill(demoYaml);
    await page.getByTestId('upload-valid').waitFor();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('reported by the API').waitFor();
    expect(await issue.getByTestId('issue-path').innerText()).toBe('id');
    expect(await issue.getByTestId('issue-message').innerText()).toContain('exists');
    const idLine = demoYaml.split('\n').findIndex((l) => l.startsWith('id: ')) + 1;
    expect(await issue.getByRole('button', { name: `Go to line ${idLine}` }).count()).toBe(1);
    expect(unexpected(s.errors, 409)).toEqual([]);
    await s.close();
  });
});

describe('roles', () => {
  it('lets a reviewer read policies but not upload or activate one', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', '/policies');
    const { page } = s;
    await page.locator(`tr[data-policy="${DEMO}"]`).waitFor();
    expect(await page.getByRole('link', { name: 'Upload a version' }).count()).toBe(0);
    await s.screenshot('policies-reviewer');

    await page.locator(`tr[data-policy="${DEMO}"]`).getByRole('link', { name: DEMO }).click();
    await page.getByTestId('parameter-reimbursement').waitFor();
    expect(await page.getByRole('button', { name: /Activat/u }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New version from this one' }).count()).toBe(0);

    await page.goto(`${server().url}/policies/upload`);
    await page.getByTestId('upload-forbidden').waitFor();
    expect(await page.getByTestId('upload-forbidden').innerText()).toContain(
      'Your role (reviewer) may not upload policy versions.',
    );
    expect(await page.getByLabel('Policy document').count()).toBe(0);

    // The API refuses it anyway.
    const refused = await apiAs('demo-reviewer', '/v1/policies', {
      method: 'POST',
      body: demoYaml.replace(`id: ${DEMO}`, `id: e2e-reviewer-${run}`),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(refused.status).toBe(403);
    expect((await apiAs('demo-admin', `/v1/policies/e2e-reviewer-${run}`)).status).toBe(404);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('lays a version out at tablet width without sideways scrolling', async () => {
    const s = await signedIn(browser(), 'demo-auditor', `/policies/${DEMO}`, {
      width: 820,
      height: 1180,
    });
    const { page } = s;
    await page.getByTestId('parameter-reimbursement').waitFor();
    const overflow = Number(
      await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await s.screenshot('policy-detail-tablet');
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
