/**
 * Splits on `sep` outside () and [] — a restriction clause or a payment-standard specification
 * may itself contain the separator inside brackets (`90.00元(625ml/袋[…125ml；…])`).
 */
export function splitOutsideBrackets(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Where the innermost ( still open at `at` opens, past brackets closed before `at`
 * ("新生儿(乙型肝炎(HBsAg阳性)孕妇所生": the first); -1 when none is.
 */
export function openBracketBefore(text: string, at: number): number {
  for (let i = at - 1, depth = 0; i >= 0; i--) {
    if (text.charAt(i) === ')') depth++;
    else if (text.charAt(i) === '(' && depth-- === 0) return i;
  }
  return -1;
}

/** How a range of severities joins its ends (轻度、中度, 轻至中度, 中度或重度 …). */
const SEVERITY_JOIN = '(?:、|至|到|或|和|及|与|-|~)';
/** A bare 中 that starts a severity, not the end of another word (脑卒中, 治疗中, 其中 …). */
const SEVERITY_MIDDLE = '(?<!卒|其|集|空|命|正|当|途|期|家|心|手|口|脑|胸|血|尿|术|疗|用|药)中';
const MILD_TO_MODERATE = new RegExp(`轻度?${SEVERITY_JOIN}中度(?!${SEVERITY_JOIN}重度)`, 'gu');
const MODERATE_TO_SEVERE = new RegExp(
  `(?<!轻度?${SEVERITY_JOIN})(?:中度|${SEVERITY_MIDDLE})${SEVERITY_JOIN}重度`,
  'gu',
);
const ENDS_IN_RANGE_START = new RegExp(`(?:轻|${SEVERITY_MIDDLE})$`, 'u');

/**
 * A range of severities written in one of its spellings as the short one: 轻度、中度 / 轻至中度 /
 * 轻度或中度 / 轻-中度 → 轻中度, and 中度至重度 / 中、重度 → 中重度 — the remark (normalizeRemark)
 * and the condition dictionary's terms alike, so each term needs one spelling of its severities.
 * Not the three of them (轻度、中度和重度 is any severity), nor a 中 that ends another word.
 */
export function canonicalSeverity(text: string): string {
  return text.replace(MILD_TO_MODERATE, '轻中度').replace(MODERATE_TO_SEVERE, '中重度');
}

/**
 * Whether a term beginning 中度 / 重度 found right after `before` is the last severity of a range
 * (中重度…, 轻中度…) — the range's, not a term of its own.
 */
export function endsSeverityRange(term: string, before: string): boolean {
  return /^[中重]度/u.test(term) && ENDS_IN_RANGE_START.test(before);
}
