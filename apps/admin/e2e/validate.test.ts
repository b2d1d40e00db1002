// Signing in and the claim-validation page, in Debian's headless Chromium against the real
// `openpayer serve` started by global-setup.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Session, signedIn, launchBrowser } from './fixture.ts';

const browser = launchBrowser();
let session: Session;
let page: Page;
let pageErrors: string[];

beforeEach(async () => {
  session = await signedIn(browser(), 'demo-admin', '/validate');
  page = session.page;
  pageErrors = session.errors;
});

afterEach(async () => {
  await session.close();
});

async function validate(): Promise<void> {
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByTestId('result').waitFor();
}

function rows() {
  return page.locator('table.issues tbody tr');
}

describe('signing in', () => {
  it('shows who is signed in, keeps the key for the tab, and signs out', async () => {
    expect(await page.getByTestId('signed-in-as').innerText()).toBe(
      '示范医保局 管理员 (administrator)',
    );
    await page.reload();
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('API key').isVisible()).resolves.toBe(true);
  });

  it('refuses an unknown key with the API’s message', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill('opk_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/key/u);
    expect(pageErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});

describe('claim validation page', () => {
  it('validates the example claim and shows it is valid', async () => {
    // The page is its own chunk: wait for it rather than asking at once.
    await page.getByRole('heading', { name: 'Validate a claim' }).waitFor();
    expect(await page.getByRole('button', { name: 'Validate', exact: true }).isDisabled()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Load example claim' }).click();
    expect(await page.locator('#claim-json').inputValue()).toContain('"C61.x00"');
    await validate();
    expect(await page.getByRole('status').innerText()).toBe(
      'Claim C-2025-000001 is valid: 3 lines, total 1582.50 yuan.',
    );
    expect(await rows().count()).toBe(0);
    await session.screenshot('validate-ok');
    expect(pageErrors).toEqual([]);
  });

  it('lists each problem of an edited claim with its field, code and message', async () => {
    await page.getByRole('button', { name: 'Load example claim' }).click();
    const edited = (await page.locator('#claim-json').inputValue())
      .replace('"amount": "997.50"', '"amount": "997.49"')
      .replace('"C61.x00"', '"c61.x00"');
    await page.locator('#claim-json').fill(edited);
    await validate();
    expect(await page.getByRole('alert').innerText()).toContain('3 problems found');
    const table: string[][] = [];
    for (let i = 0; i < (await rows().count()); i++)
      table.push(await rows().nth(i).locator('td').allInnerTexts());
    expect(table).toEqual([
      [
        'error',
        'diagnoses[0].code',
        'code.diagnosis.format',
        expect.stringContaining('character 1 is "c", expected an uppercase letter'),
      ],
      [
        'error',
        'lines[0].amount',
        'claim.line_amount_mismatch',
        'lines[0].amount: 997.49 ≠ quantity 28 × unit price 35.625 = 997.50',
      ],
      ['error', 'totalAmount', 'claim.total_mismatch', expect.stringContaining('1582.49')],
    ]);
    await session.screenshot('validate-issues');
    expect(pageErrors).toEqual([]);
  });

  it('validates an uploaded file and names the missing field', async () => {
    await page.getByRole('button', { name: 'Load example claim' }).click();
    const claim = JSON.parse(await page.locator('#claim-json').inputValue()) as Record<
      string,
      unknown
    >;
    delete claim['totalAmount'];
    await page.getByLabel('Upload claim file').setInputFiles({
      name: 'claim.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(claim)),
    });
    await page.getByText(/^Loaded claim\.json \([\d,]+ bytes\)\.$/u).waitFor();
    await validate();
    const fields = await rows().locator('td:nth-child(2)').allInnerTexts();
    expect(fields).toEqual(['totalAmount']);
    expect(await rows().locator('td:nth-child(3)').innerText()).toBe('schema.invalid_type');
  });

  it('shows the API’s machine-readable error for text that is not JSON', async () => {
    await page.locator('#claim-json').fill('{"id": "C-1", ');
    await validate();
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('Request rejected (400).');
    expect(alert).toContain('malformed_json');
    expect(pageErrors.filter((e) => !e.includes('400'))).toEqual([]);
  });
});
