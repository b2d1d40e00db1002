// What every browser test file shares: Debian's headless Chromium (never a downloaded browser),
// a page signed in as one of the demo roles on the server from global-setup.ts, page errors
// collected, and screenshots saved to apps/admin/.cache/screens (not committed) for a person to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { demoClaimWire } from '@openpayer/testing';
import { afterAll, beforeAll, inject } from 'vitest';

export const adminRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const screens = path.join(adminRoot, '.cache', 'screens');

export type Role = 'demo-admin' | 'demo-reviewer' | 'demo-auditor' | 'demo-hospital';

export const server = () => inject('server');

/** The API key of a demo principal. */
export function keyOf(role: Role): string {
  const key = server().keys[role];
  if (key === undefined) throw new Error(`the server printed no key for ${role}`);
  return key;
}

/** Call the API directly (test setup and cross-checks), as a demo principal. */
export async function apiAs(
  role: Role,
  pathname: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server().url}${pathname}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${keyOf(role)}`,
      ...(init.body === undefined || typeof init.body === 'string'
        ? {}
        : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

export interface Session {
  readonly page: Page;
  /** Errors the page logged or threw (a test asserts it stays empty). */
  readonly errors: string[];
  /** Save a full-page screenshot as .cache/screens/NAME.png. */
  readonly screenshot: (name: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** Launch one Chromium for the test file (call at the top level) (closed after it). */
export function launchBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('launchBrowser(): the browser is not started yet');
    return browser;
  };
}

/**
 * A fresh page (its own sessionStorage) opened at `path`, signed in as `role` through the
 * sign-in form. `viewport` defaults to a laptop; pass { width: 820, height: 1180 } for a tablet.
 */
export async function signedIn(
  browser: Browser,
  role: Role,
  pathname = '/',
  viewport = { width: 1280, height: 900 },
): Promise<Session> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${server().url}${pathname}`);
  await page.getByLabel('API key').fill(keyOf(role));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
  return {
    page,
    errors,
    screenshot: async (name) => {
      mkdirSync(screens, { recursive: true });
      await page.screenshot({ path: path.join(screens, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/**
 * A one-line inpatient claim of the demo region, as an institution sends it: `@openpayer/testing`'s
 * demo claim (C34.900, born 1962, employee insurance in 230100, as in the API's and the ledger's
 * tests) at `institution`, with `line` as line L1 and the claim's whole amount.
 */
export function oneLineClaim(claim: {
  readonly id: string;
  readonly personId: string;
  readonly institution: { readonly code: string; readonly name: string; readonly tier: string };
  readonly admissionDate: string;
  readonly dischargeDate: string;
  readonly line: {
    readonly kind: string;
    readonly code: string;
    readonly name: string;
    readonly quantity: string;
    readonly unitPrice: string;
    readonly amount: string;
    readonly date: string;
  };
}) {
  return demoClaimWire({
    id: claim.id,
    person: { id: claim.personId },
    institution: { ...claim.institution },
    admissionDate: claim.admissionDate,
    dischargeDate: claim.dischargeDate,
    lines: [{ id: 'L1', ...claim.line }],
  });
}
