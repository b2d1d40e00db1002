import { type Issue, issue } from '../issue/issue.ts';

/**
 * Code shapes as small templates, so every validator reports the same precise message:
 * `9` is an ASCII digit, `A` an uppercase ASCII letter, `B` either; any other character stands
 * for itself (`.`, `x`, `+`, `*`, `/`, `-`, and literal letters such as the drug code's leading
 * `X` or `Z`, which are written in the shape as `X` / `Z` and matched exactly).
 */
export interface Shape {
  /** The template, e.g. `A99.999x999`. */
  readonly template: string;
  /** What the shape is, for messages: "a diagnosis with a 扩展码 extension". */
  readonly label: string;
}

const CLASS_CHARS = new Set(['9', 'A', 'B']);

function matches(slot: string, c: string): boolean {
  if (slot === '9') return c >= '0' && c <= '9';
  if (slot === 'A') return c >= 'A' && c <= 'Z';
  if (slot === 'B') return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  return slot === c;
}

function expected(slot: string): string {
  if (slot === '9') return 'a digit';
  if (slot === 'A') return 'an uppercase letter';
  if (slot === 'B') return 'a digit or an uppercase letter';
  return `"${slot}"`;
}

/** Length of the longest prefix of `code` that fits `template`. */
function matchedPrefix(template: string, code: string): number {
  const n = Math.min(template.length, code.length);
  for (let i = 0; i < n; i++) {
    if (!matches(template.charAt(i), code.charAt(i))) return i;
  }
  return n;
}

export function fitsShape(template: string, code: string): boolean {
  return template.length === code.length && matchedPrefix(template, code) === code.length;
}

/** The template a reader should compare against: the one the code gets furthest into. */
export function closestShape(shapes: readonly Shape[], code: string): Shape {
  let best = shapes[0];
  let bestScore = -1;
  for (const shape of shapes) {
    const prefix = matchedPrefix(shape.template, code);
    // Longest fitting prefix wins; among equals prefer a shape of the code's length (a wrong
    // character), then one the code completes (the rest is "unexpected"), then the first listed.
    const sameLength = shape.template.length === code.length ? 2 : 0;
    const complete = prefix === shape.template.length ? 1 : 0;
    const score = prefix * 4 + complete + sameLength;
    if (score > bestScore) {
      best = shape;
      bestScore = score;
    }
  }
  if (best === undefined) throw new TypeError('closestShape needs at least one shape');
  return best;
}

function describeChar(c: string): string {
  return c === ' ' ? 'a space' : `"${c}"`;
}

/**
 * One issue explaining where `code` leaves `shape`: the 1-based position, what was found and what
 * was expected there. `data` carries `position`, `found`, `expected` and `shape` for programs.
 */
export function shapeMismatch<Code extends string>(
  issueCode: Code,
  what: string,
  shape: Shape,
  code: string,
): Issue<Code> {
  const at = matchedPrefix(shape.template, code);
  const form = `${shape.template} (${shape.label})`;
  if (at < code.length && at < shape.template.length) {
    const slot = shape.template.charAt(at);
    const found = code.charAt(at);
    return issue(
      issueCode,
      `${what} "${code}": character ${at + 1} is ${describeChar(found)}, expected ${expected(slot)}; closest form is ${form}.`,
      { data: { position: at + 1, found, expected: slotName(slot), shape: shape.template } },
    );
  }
  if (code.length < shape.template.length) {
    const slot = shape.template.charAt(code.length);
    return issue(
      issueCode,
      `${what} "${code}" ends after character ${code.length}; expected ${expected(slot)} next to complete the form ${form}.`,
      {
        data: {
          position: code.length + 1,
          found: null,
          expected: slotName(slot),
          shape: shape.template,
        },
      },
    );
  }
  const found = code.charAt(shape.template.length);
  return issue(
    issueCode,
    `${what} "${code}": unexpected ${describeChar(found)} at character ${shape.template.length + 1} after a complete ${form}.`,
    { data: { position: shape.template.length + 1, found, expected: null, shape: shape.template } },
  );
}

function slotName(slot: string): string {
  if (CLASS_CHARS.has(slot))
    return slot === '9' ? 'digit' : slot === 'A' ? 'letter' : 'digit_or_letter';
  return slot;
}

/** `[]` when `code` fits `shape`, else the one issue locating the first wrong character. */
export function checkShape<Code extends string>(
  issueCode: Code,
  what: string,
  shape: Shape,
  code: string,
): Issue<Code>[] {
  return fitsShape(shape.template, code) ? [] : [shapeMismatch(issueCode, what, shape, code)];
}
