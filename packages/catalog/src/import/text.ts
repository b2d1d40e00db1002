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
 * A range of severities written in one of its spellings as the short one: 轻度、中度 / 轻至中度 /
 * 轻度或中度 / 轻-中度 → 轻中度, and 中度至重度 / 中、重度 → 中重度 — the remark (normalizeRemark)
 * and the condition dictionary's terms alike, so each term needs one spelling of its severities.
 * A bare 中 not where it ends another word (脑卒中或重度…, 治疗中…).
 */
export function canonicalSeverity(text: string): string {
  // (Not the three of them: 轻度、中度和重度 is any severity.)
  return text
    .replace(
      /轻度?(?:、|至|到|或|和|及|与|-|~)中度(?!(?:、|至|到|或|和|及|与|-|~)重度)/gu,
      '轻中度',
    )
    .replace(
      /(?<!轻度?(?:、|至|到|或|和|及|与|-|~))(?:中度|(?<!卒|其|集|空|命|正|当|途|期|家|心|手|口|脑|胸|血|尿|术|疗|用|药)中)(?:、|至|到|或|和|及|与|-|~)重度/gu,
      '中重度',
    );
}
