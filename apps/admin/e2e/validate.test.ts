// The claim-validation page in a real browser: Vite builds the UI, the real API serves it over
// loopback HTTP, and Debian's headless Chromium (driven by playwright-core) clicks through it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices } from '@openpayer/api/bootstrap';
import { type RunningServer, startServer } from '@openpayer/api/server';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const adminRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let outDir: string;
let server: RunningServer;
let closeStore: () => Promise<void>;
let adminKey: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'openpayer-admin-'));
  await build({ root: adminRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // The real server on the embedded database, seeded with the demo data and keys.
  const { services, store, seed } = await openServices({});
  closeStore = () => store.close();
  adminKey = seed?.keys['demo-admin'] ?? '';
  server = await startServer({ services, port: 0, hostname: '127.0.0.1', adminDir: outDir });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser.close();
  await server.close();
  await closeStore();
  await rm(outDir, { recursive: true, force: true });
});

beforeEach(async () => {
  pageErrors.length = 0;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`${server.url}/`);
  await signIn(adminKey);
});

async function signIn(key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

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
    await expect(page.getByRole('heading', { name: 'Validate a claim' }).isVisible()).resolves.toBe(
      true,
    );
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
    await page.screenshot({
      path: path.join(adminRoot, '.cache', 'admin-validate-ok.png'),
      fullPage: true,
    });
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
    await page.screenshot({
      path: path.join(adminRoot, '.cache', 'admin-validate-issues.png'),
      fullPage: true,
    });
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
