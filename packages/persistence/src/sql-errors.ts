/**
 * What a failed statement says, read the same way from node-postgres (the error itself) and
 * PGlite (the error, or its `cause`).
 */

function errorCode(error: unknown): { code?: unknown; constraint?: unknown } {
  const e = error as {
    code?: unknown;
    constraint?: unknown;
    cause?: { code?: unknown; constraint?: unknown };
  };
  return e.code !== undefined ? e : (e.cause ?? {});
}

/** A unique or primary key was violated (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error).code === '23505';
}

/** The violated constraint's name (from the message when the driver does not report it). */
export function constraintOf(error: unknown): string {
  const c = errorCode(error).constraint;
  if (typeof c === 'string') return c;
  const message = error instanceof Error ? error.message : '';
  return /"([^"]+)"/u.exec(message)?.[1] ?? '';
}
