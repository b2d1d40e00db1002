import type { ClaimWire } from '@openpayer/domain';

/**
 * The demo region's claims, as wire JSON: one builder for every package's tests. The default is
 * an employee of Harbin's pooling area (230100) with lung cancer (C34.900), in hospital at the
 * demo tertiary hospital from 2025-06-09 to 2025-06-15; a test names only what it changes. The
 * total is the exact sum of the lines' amounts, so a claim built here is always consistent.
 */

type Json = Record<string, unknown>;

/** The demo insured person (参保人): a male employee born 1962, insured in Harbin. */
export const DEMO_PERSON = {
  id: 'P-000501',
  birthDate: '1962-08-19',
  sex: 'male',
  insuranceType: 'employee',
  insuredRegion: '230100',
} as const;

/** The demo tertiary hospital in Harbin. */
export const DEMO_HOSPITAL = {
  code: 'H23010300012',
  name: '哈尔滨示范三级医院',
  tier: 'tertiary',
  region: '230100',
} as const;

export interface DemoClaimParts {
  readonly id?: string;
  readonly type?: string;
  /** Fields of the person to change (merged over `DEMO_PERSON`). */
  readonly person?: Json;
  /** Fields of the institution to change (merged over `DEMO_HOSPITAL`). */
  readonly institution?: Json;
  readonly admissionDate?: string;
  /** `null`: no discharge date (an outpatient visit). */
  readonly dischargeDate?: string | null;
  readonly diagnoses?: readonly Json[];
  /** The lines, each with its `amount` (see `lineAmount`); none by default. */
  readonly lines?: readonly Json[];
}

/** "a.bc" yuan as fen, exactly (no JS number). */
function fen(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/u.exec(amount);
  if (match === null) throw new Error(`not an amount in yuan: ${amount}`);
  const value = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -value : value;
}

function yuan(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** The exact sum of amounts in yuan ("12.30"), as a claim's `totalAmount`. */
export function sumAmounts(amounts: readonly string[]): string {
  return yuan(amounts.reduce((sum, amount) => sum + fen(amount), 0n));
}

/** quantity (whole units) × unit price in yuan at the fen, as a line's `amount`. */
export function lineAmount(quantity: string, unitPrice: string): string {
  if (!/^\d+$/u.test(quantity)) throw new Error(`a whole quantity is needed here: ${quantity}`);
  return yuan(BigInt(quantity) * fen(unitPrice));
}

/**
 * A claim of the demo region; `parts` replace the defaults (person and institution field by field),
 * any other field (evidence, attendingPrescriber, …) is added after the lines. Keys are in the
 * order an integrator's system writes them, so the same parts always give the same text.
 */
export function demoClaimWire(parts: DemoClaimParts & Json = {}): ClaimWire & Json {
  const {
    id = 'C-2025-000501',
    type = 'inpatient',
    person,
    institution,
    admissionDate = '2025-06-09',
    dischargeDate = '2025-06-15',
    diagnoses = [{ code: 'C34.900', role: 'principal' }],
    lines = [],
    ...rest
  } = parts;
  const amounts = lines.map((line) => {
    const amount = line['amount'];
    if (typeof amount !== 'string') throw new Error('every line needs its amount');
    return amount;
  });
  return {
    id,
    type,
    person: { ...DEMO_PERSON, ...person },
    institution: { ...DEMO_HOSPITAL, ...institution },
    admissionDate,
    ...(dischargeDate === null ? {} : { dischargeDate }),
    diagnoses: [...diagnoses],
    lines: [...lines],
    ...rest,
    totalAmount: sumAmounts(amounts),
  } as unknown as ClaimWire & Json;
}
