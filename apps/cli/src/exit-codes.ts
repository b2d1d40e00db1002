import type { EngineErrorCode } from '@openpayer/domain';

/**
 * Exit codes of `openpayer`, documented in `--help`:
 *   0  success: every record was processed and is valid
 *   1  done, but some records have errors (business outcome: see the output)
 *   2  usage error: unknown command or option, missing argument
 *   3  input error: a file cannot be read, or is not JSON / NDJSON at all
 *  70  internal error: a bug (EX_SOFTWARE)
 */
export const EXIT = {
  ok: 0,
  recordsWithErrors: 1,
  usage: 2,
  input: 3,
  internal: 70,
} as const;

export const CLI_ERROR_CODES = [
  'usage',
  'file_not_found',
  'file_unreadable',
  'malformed_input',
] as const;
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** The one table from error code to exit code; total, so a new code fails the typecheck until mapped. */
export const EXIT_CODE: Readonly<Record<CliErrorCode | EngineErrorCode, number>> = {
  usage: EXIT.usage,
  file_not_found: EXIT.input,
  file_unreadable: EXIT.input,
  malformed_input: EXIT.input,
  invalid_argument: EXIT.input,
  currency_mismatch: EXIT.input,
  not_at_minor_unit: EXIT.input,
  invalid_allocation: EXIT.input,
  division_by_zero: EXIT.input,
  invariant_violated: EXIT.internal,
};

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}
