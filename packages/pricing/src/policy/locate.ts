import type { Issue, IssuePath } from '@openpayer/domain';
import {
  Composer,
  type Document,
  LineCounter,
  Parser,
  YAMLParseError,
  isMap,
  isScalar,
  isSeq,
} from 'yaml';

/**
 * The deepest nesting of collections a policy text may have; a policy needs about eight levels.
 * The yaml package composes documents recursively: at about a thousand levels it runs out of
 * stack, and the second such document in one process killed it outright (a fatal "RegExpCompiler
 * Allocation failed" in V8, which no catch sees) — two uploads would have stopped the API.
 */
export const MAX_POLICY_NESTING = 64;

/** A policy text (YAML, or JSON, which the yaml package reads too) read with positions. */
export type ComposedText =
  | {
      readonly ok: true;
      readonly document: Document.Parsed;
      readonly lineCounter: LineCounter;
    }
  | {
      readonly ok: false;
      /** Offset of the first collection nested deeper than `MAX_POLICY_NESTING`. */
      readonly tooDeepAt: number;
      readonly lineCounter: LineCounter;
    };

type CstNode = {
  readonly type?: string;
  readonly offset?: number;
  readonly value?: unknown;
  readonly items?: readonly { readonly key?: unknown; readonly value?: unknown }[];
};

/** The first collection nested deeper than `limit` in the syntax tree, walked with a stack. */
function tooDeep(tokens: readonly unknown[], limit: number): number | undefined {
  for (const token of tokens) {
    const stack: [unknown, number][] = [[token, 0]];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [node, depth] = next;
      if (node === null || typeof node !== 'object') continue;
      const { type, offset, value, items } = node as CstNode;
      if (type === 'document') stack.push([value, depth]);
      if (items === undefined) continue;
      if (depth + 1 > limit) return offset ?? 0;
      for (const item of items) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Reads the text into a yaml Document as `parseDocument` does, but in two steps: the concrete
 * syntax tree first (the yaml parser keeps its own stack rather than recursing), and the
 * document is composed only when its nesting is within `MAX_POLICY_NESTING`. A second document
 * in the text is an error, as in `parse`.
 */
export function composeText(text: string, limit = MAX_POLICY_NESTING): ComposedText {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = tooDeep(tokens, limit);
  if (deep !== undefined) return { ok: false, tooDeepAt: deep, lineCounter };
  let document: Document.Parsed | undefined;
  for (const next of new Composer().compose(tokens, true, text.length)) {
    if (document === undefined) {
      document = next;
    } else {
      document.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents',
        ),
      );
      break;
    }
  }
  if (document === undefined) throw new Error('yaml composed no document with forceDoc');
  return { ok: true, document, lineCounter };
}

/** Where a field is written: 1-based line and column of its key (or of the array item). */
interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The position of the field a path names, followed key by key through the document; undefined
 * when the field is not written (a missing parameter, a default): better no line than a guess.
 */
function positionOf(composed: ComposedText, path: IssuePath): TextPosition | undefined {
  if (!composed.ok || path.length === 0) return undefined;
  let node: unknown = composed.document.contents;
  let offset: number | undefined;
  for (const segment of path) {
    offset = undefined;
    if (isMap(node)) {
      // The last pair with the key, as JSON.parse keeps the last of duplicate keys.
      const pair = node.items.findLast(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      offset = pair !== undefined && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      offset = isMap(item) || isSeq(item) || isScalar(item) ? item.range?.[0] : undefined;
      node = item;
    }
    if (offset === undefined) return undefined;
  }
  if (offset === undefined) return undefined;
  const { line, col } = composed.lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Each issue that names a field written in the text gets its line and column (`data.line`,
 * `data.column`) and the line in its message, so that a message shown alone (a CLI error, a log
 * line) still says where to look. The text is composed only if some issue names a field.
 */
export function withPositions<Code extends string>(
  compose: () => ComposedText,
  issues: readonly Issue<Code>[],
): Issue<Code>[] {
  if (!issues.some((i) => i.path.length > 0)) return [...issues];
  const composed = compose();
  return issues.map((i) => {
    const position = positionOf(composed, i.path);
    if (position === undefined) return i;
    return {
      ...i,
      message: `${i.message} (line ${position.line})`,
      data: { ...i.data, line: position.line, column: position.column },
    };
  });
}
