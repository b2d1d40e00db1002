import type { ExplanationEntry } from '../ui/settlement/ExplanationsTable.tsx';

/**
 * What the simulator reads besides the settlement and the coverage decisions (whose wire forms
 * are `@openpayer/pricing`'s `SettlementWire` and `@openpayer/catalog`'s `LineDecisionWire`):
 * money and ratios are exact decimal strings.
 */

export interface PolicyWireView {
  readonly id: string;
  readonly title: string;
  readonly parameters: Readonly<Record<string, readonly ExplanationEntry[]>>;
}

/**
 * The policy entry an explanation names (`parameters.reimbursement[2]`), or undefined (catalog
 * prices, approvals).
 */
export function parameterEntry(
  policy: PolicyWireView | undefined,
  parameter: string | null,
): ExplanationEntry | undefined {
  if (policy === undefined || parameter === null) return undefined;
  const match = /^parameters\.(\w+)\[(\d+)\]$/u.exec(parameter);
  if (match === null) return undefined;
  return policy.parameters[match[1] ?? '']?.[Number(match[2])];
}

// ---- exact decimal strings (no JS number ever holds money) ----

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/u;

/** "12.5" at scale 4 → 125000n; undefined when not a plain decimal. */
export function scaled(value: string, scale: number): bigint | undefined {
  const match = DECIMAL.exec(value.trim());
  if (match === null) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > scale) return undefined;
  const n = BigInt(whole + fraction.padEnd(scale, '0'));
  return sign === '-' ? -n : n;
}

/** 125000n at scale 4 → "12.5000"; at scale 2 → "….xx". */
export function unscaled(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const text =
    scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** quantity × unit price, rounded half-up to the fen — as the claim validator checks the line amount. */
export function lineAmount(quantity: string, unitPrice: string): string | undefined {
  const q = scaled(quantity, 6);
  const p = scaled(unitPrice, 6);
  if (q === undefined || p === undefined) return undefined;
  const product = q * p; // scale 12
  const divisor = 10n ** 10n;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const fen = (magnitude + divisor / 2n) / divisor;
  return unscaled(negative ? -fen : fen, 2);
}

/** Sum of money strings (2 decimals), exactly. */
export function sumMoney(amounts: readonly string[]): string | undefined {
  let total = 0n;
  for (const amount of amounts) {
    const n = scaled(amount, 2);
    if (n === undefined) return undefined;
    total += n;
  }
  return unscaled(total, 2);
}

// ---- comparing the preview with the API ----

export interface Difference {
  readonly path: string;
  readonly preview: string;
  readonly api: string;
}

const show = (value: unknown): string =>
  value === undefined ? '(absent)' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * Every leaf where two JSON values differ (paths like `lines[2].payers.patient`), and how many
 * leaves were compared. Key order is not significant.
 */
export function compareJson(
  preview: unknown,
  api: unknown,
): { differences: Difference[]; compared: number } {
  const differences: Difference[] = [];
  let compared = 0;
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++)
        walk(a[i] as unknown, b[i] as unknown, `${path}[${String(i)}]`);
      return;
    }
    if (
      a !== null &&
      b !== null &&
      typeof a === 'object' &&
      typeof b === 'object' &&
      !Array.isArray(a) &&
      !Array.isArray(b)
    ) {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)]))
        walk(x[key], y[key], path === '' ? key : `${path}.${key}`);
      return;
    }
    compared++;
    if (JSON.stringify(a) !== JSON.stringify(b))
      differences.push({ path, preview: show(a), api: show(b) });
  };
  walk(preview, api, '');
  return { differences, compared };
}
