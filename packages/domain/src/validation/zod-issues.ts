import type { z } from 'zod';
import { type Issue, issue } from '../issue/index.ts';

/** Schema problems as Issues: code `schema.<zod code>`, the path of the offending field. */
export function issuesFromZod(error: z.ZodError): Issue[] {
  return error.issues.map((zodIssue) => {
    const path = zodIssue.path.map((segment) =>
      typeof segment === 'symbol' ? String(segment) : segment,
    );
    const data: Record<string, unknown> = {};
    if (zodIssue.code === 'unrecognized_keys') data['keys'] = zodIssue.keys;
    if (zodIssue.code === 'invalid_type') data['expected'] = zodIssue.expected;
    if (zodIssue.code === 'invalid_value') data['values'] = zodIssue.values.map(String);
    if (zodIssue.code === 'too_small' || zodIssue.code === 'too_big') {
      data[zodIssue.code === 'too_small' ? 'minimum' : 'maximum'] = String(
        zodIssue.code === 'too_small' ? zodIssue.minimum : zodIssue.maximum,
      );
    }
    const where = path.length === 0 ? 'the input' : path.join('.');
    return issue(`schema.${zodIssue.code}`, `${where}: ${zodIssue.message}`, {
      path,
      ...(Object.keys(data).length > 0 ? { data } : {}),
    });
  });
}
