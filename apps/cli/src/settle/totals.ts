import { CliError } from '../exit-codes.ts';

/**
 * The running figures of a batch, kept apart from the engine so the main thread of a batch loads
 * nothing of the engine: it starts the workers at once, and they load it.
 */

/** Per-engine running figures for the batch summary; money in minor-unit-exact strings. */
export interface EngineTotals {
  claims: number;
  settled: number;
  failed: number;
  lines: number;
  payers: Record<string, string>;
  issues: Record<string, number>;
}

export function emptyTotals(): EngineTotals {
  return { claims: 0, settled: 0, failed: 0, lines: 0, payers: {}, issues: {} };
}

/** An amount as results carry it: yuan with exactly two decimals ("12.30", "-0.05"). */
const AMOUNT = /^(-?)(\d+)\.(\d{2})$/u;

function fenOf(amount: string, field: string): bigint {
  const match = AMOUNT.exec(amount);
  if (match === null) {
    throw new CliError('malformed_input', `${field}: "${amount}" is not an amount such as "12.30"`);
  }
  const fen = BigInt(`${match[2] ?? '0'}${match[3] ?? '00'}`);
  return match[1] === '-' ? -fen : fen;
}

function amountOf(fen: bigint): string {
  const digits = (fen < 0n ? -fen : fen).toString().padStart(3, '0');
  return `${fen < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Exact sum of payer totals from several engines (or a resumed output), in fen. (Money would do
 * it too, but loading the engine's vocabulary on the main thread is what this module avoids.)
 * A malformed amount is a CliError naming `payers.<party>`.
 */
export function addPayerTotals(
  into: Record<string, string>,
  more: Readonly<Record<string, string>>,
): void {
  for (const [party, amount] of Object.entries(more)) {
    const field = `payers.${party}`;
    into[party] = amountOf(fenOf(into[party] ?? '0.00', field) + fenOf(amount, field));
  }
}
