/**
 * Qualifier audit of the restriction parser's diagnosis readings (issue 18): a qualifier the
 * parser does not read on its own (急性, 慢性, 轻度, 中度, 重度, 原发性, 单纯性 …) may sit in or
 * just before a diagnosis reading whose term does not carry it. Where ICD-10 codes the contrary
 * qualifier (慢性 under an 急性 reading, 重度 under a 轻、中度 one), the reading is wider than
 * the text: this prints each such reading with the contrary codes it takes, by their names in
 * the ICD-10 医保版 list.
 *
 *   npx tsx bench/qualifier-audit.ts ../../../shared/data/external/nhsa-codes/icd10_yb_v1.csv
 *
 * The code list's names are read from the published CSV (code,name), which this package does not
 * ship. Prints findings; asserts nothing. A reading it lists is a candidate for a dictionary term
 * of its own (as 轻、中度抑郁症, 急性排斥反应 and 急性失代偿性心力衰竭 became), or an accepted limit.
 */
import { readFileSync } from 'node:fs';
import { loadConditionDictionary, loadImportSettings, readShipped } from '../node/load.ts';
import { conditionMatcher } from '../src/import/condition-dictionary.ts';
import { parseCsv } from '../src/import/csv.ts';
import { normalizeRemark, remarkParser } from '../src/import/remark-parser.ts';
import { hasPrefix } from '../src/coverage/evaluate.ts';

const codeFile = process.argv[2];
if (codeFile === undefined) {
  console.error('usage: qualifier-audit.ts <icd10_yb_v1.csv>');
  process.exit(2);
}
const codes = parseCsv(readFileSync(codeFile, 'utf8'));
const codeAt = codes.header.indexOf('icd_code');
const nameAt = codes.header.indexOf('icd_name');
const names = new Map<string, string>();
for (const { fields } of codes.records) {
  // A dagger-asterisk pair (E11.401+G63.2*) is matched by its dagger part, as claims write it.
  const code = (fields[codeAt] ?? '').split('+')[0] ?? '';
  if (code !== '') names.set(code, fields[nameAt] ?? '');
}

/** A qualifier and the words of its contrary in a code's name. */
const CONTRARY: readonly (readonly [string, RegExp])[] = [
  ['急性', /慢性/u],
  ['慢性', /急性/u],
  ['轻度', /重度/u],
  ['中度', /重度/u],
  ['轻中度', /重度/u],
  ['轻、中度', /重度/u],
  ['中重度', /轻度/u],
  ['重度', /轻度|中度/u],
  ['原发性', /继发性|继发于/u],
  ['继发性', /原发性|特发性/u],
  ['单纯性', /伴有|合并/u],
  ['单纯型', /伴有|合并/u],
];

const { header, records } = parseCsv(readShipped('nrdlCsv'));
const remarkAt = header.indexOf('remark');
const drugAt = header.indexOf('drug_name');
const parser = remarkParser(loadImportSettings(), conditionMatcher(loadConditionDictionary()));
const seen = new Set<string>();
let readings = 0;
for (const { fields } of records) {
  const remark = (fields[remarkAt] ?? '').trim();
  if (remark === '') continue;
  const text = normalizeRemark(remark);
  const parsed = parser.parse(remark);
  for (const r of [...parsed.restrictions, ...parsed.indications.flatMap((i) => i.restrictions)]) {
    if (r.kind !== 'diagnosis' || r.span === undefined) continue;
    readings++;
    // The reading's text and the few characters before it (where a qualifier is written).
    const around = text.slice(Math.max(0, r.span[0] - 8), r.span[1]);
    for (const [qualifier, contrary] of CONTRARY) {
      if (!around.includes(qualifier) || r.conditions.some((c) => c.includes(qualifier))) continue;
      const taken = [...names.keys()].filter(
        (code) =>
          contrary.test(names.get(code) ?? '') && r.icdPrefixes.some((p) => hasPrefix(code, p)),
      );
      const key = `${qualifier}|${r.text}`;
      if (taken.length === 0 || seen.has(key)) continue;
      seen.add(key);
      console.log(
        `${fields[drugAt] ?? ''} (${parsed.structuring}): ${qualifier} + ${r.conditions.join('、')} takes ${String(taken.length)}: ${taken
          .slice(0, 6)
          .map((c) => `${c} ${names.get(c) ?? ''}`)
          .join('; ')}`,
      );
    }
  }
}
console.log(
  `${String(seen.size)} qualified readings take contrary codes, of ${String(readings)} diagnosis readings`,
);
