import type { Issue } from '@openpayer/domain';

/**
 * Issues split by the form field they belong to (the first path segment), so each shows at its
 * field; those naming no field of this form are shown above it.
 */
export function byField<F extends string>(
  issues: readonly Issue[],
  fields: readonly F[],
): { readonly at: Partial<Record<F, string[]>>; readonly rest: Issue[] } {
  const at: Partial<Record<F, string[]>> = {};
  const rest: Issue[] = [];
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (fields as readonly string[]).includes(field)) {
      (at[field as F] ??= []).push(issue.message);
    } else rest.push(issue);
  }
  return { at, rest };
}
