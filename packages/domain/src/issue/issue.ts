/**
 * Business outcomes as data (Medplum's OperationOutcome, in our vocabulary): a coverage denial, a
 * validation problem or a review finding is an `Issue` that callers inspect, never an exception.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where in the input the issue is: object keys and array indexes, e.g. `['lines', 0, 'quantity']`. */
export type IssuePath = readonly (string | number)[];

export interface Issue<Code extends string = string> {
  /** Stable, machine-readable code, e.g. `claim.line_amount_mismatch`. Never reworded. */
  readonly code: Code;
  readonly severity: Severity;
  readonly path: IssuePath;
  /** Human-readable English sentence; may change between releases, the code does not. */
  readonly message: string;
  /** Values a program may need to act on the issue (expected / actual amounts, limits, …). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export function issue<Code extends string>(
  code: Code,
  message: string,
  options: { path?: IssuePath; severity?: Severity; data?: Readonly<Record<string, unknown>> } = {},
): Issue<Code> {
  const { path = [], severity = 'error', data } = options;
  return data === undefined
    ? { code, severity, path, message }
    : { code, severity, path, message, data };
}

/** Prefix every issue's path, e.g. to place a code's issues at `['diagnoses', 2, 'code']`. */
export function atPath<Code extends string>(
  prefix: IssuePath,
  issues: readonly Issue<Code>[],
): Issue<Code>[] {
  return issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** `lines[0].quantity` — the path as a reader would write it, for messages and logs. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
