import { type Issue, type IssuePath, formatPath, issue } from '../issue/index.ts';

/**
 * Text a database can keep. PostgreSQL's `text` and `jsonb` refuse the NUL character, and a lone
 * UTF-16 surrogate (`"\ud800"` in JSON) is not a character at all: either would pass a schema and
 * fail at the database, after the engine had done its work. They are refused at the boundary.
 */

export const TEXT_ISSUE_CODES = ['text.unstorable_character'] as const;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` has a NUL character or a lone surrogate. */
export function hasUnstorableText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

function unstorable(path: IssuePath, text: string, what: 'value' | 'key') {
  const reason = text.includes('\u0000') ? 'the NUL character (U+0000)' : 'a lone UTF-16 surrogate';
  const where = path.length === 0 ? 'the top level' : formatPath(path);
  return issue(
    'text.unstorable_character',
    `${what === 'key' ? 'the key' : 'the text'} at ${where} contains ${reason}, which cannot be stored`,
    { path },
  );
}

interface Frame {
  readonly value: unknown;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

function pathOf(frame: Frame): IssuePath {
  const path: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * Every string (and object key) in a decoded JSON value that cannot be stored, as issues naming
 * its path, in document order; at most `limit` of them. Walks without recursion and without
 * copying paths, so a deeply nested body costs linear time and no stack.
 */
export function unstorableTextIssues(value: unknown, limit = 20): Issue[] {
  const issues: Issue[] = [];
  const stack: Frame[] = [{ value, parent: undefined, key: undefined }];
  while (stack.length > 0 && issues.length < limit) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (typeof frame.key === 'string' && hasUnstorableText(frame.key)) {
      issues.push(unstorable(pathOf(frame), frame.key, 'key'));
    }
    if (typeof v === 'string') {
      if (hasUnstorableText(v)) issues.push(unstorable(pathOf(frame), v, 'value'));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: frame, key: i });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (v as Record<string, unknown>)[key], parent: frame, key });
      }
    }
  }
  return issues.slice(0, limit);
}
