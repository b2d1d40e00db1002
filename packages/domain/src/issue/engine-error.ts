/**
 * The one error class for bugs and broken invariants (not for business outcomes: those are
 * `Issue`s). Codes are string literals so the apps can keep a *total* table from code to HTTP
 * status and CLI exit code: adding a code here fails their typecheck until it is mapped.
 */
export const ENGINE_ERROR_CODES = [
  /** An argument a caller passed breaks the function's contract (e.g. a malformed decimal). */
  'invalid_argument',
  /** Two amounts in different currencies were combined. */
  'currency_mismatch',
  /** An amount that must be at the currency's minor unit (fen) is not. */
  'not_at_minor_unit',
  /** An allocation was asked with no positive share or a negative share. */
  'invalid_allocation',
  /** Division by zero in exact arithmetic. */
  'division_by_zero',
  /** Something that must never happen did; a bug. */
  'invariant_violated',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}
