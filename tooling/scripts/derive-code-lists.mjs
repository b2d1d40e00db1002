#!/usr/bin/env node
// Derives the plain code lists shipped in packages/domain/data/codes from the public data in
// ../shared/data/external (or OPENPAYER_DATA_DIR). Run after the source data changes:
//   node tooling/scripts/derive-code-lists.mjs
// Each output is one code per line, unique, in source order. See packages/domain/data/codes/SOURCE.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = process.env.OPENPAYER_DATA_DIR ?? resolve(repo, '../shared/data/external');
const out = join(repo, 'packages/domain/data/codes');

/** Minimal RFC 4180 reader: returns rows of fields. */
function csv(path) {
  const text = readFileSync(join(source, path), 'utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      (row.push(field), rows.push(row), (row = []), (field = ''));
    } else field += c;
  }
  if (field !== '' || row.length > 0) (row.push(field), rows.push(row));
  const [header, ...body] = rows;
  return body
    .filter((r) => r.length > 1)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function write(name, codes) {
  const unique = [...new Set(codes)];
  writeFileSync(join(out, name), unique.join('\n') + '\n');
  console.log(`${name}: ${unique.length} codes`);
}

write(
  'icd10_yb_v1.txt',
  csv('nhsa-codes/icd10_yb_v1.csv').map((r) => r.icd_code),
);
write(
  'icd9cm3_yb_v1.txt',
  csv('nhsa-codes/icd9cm3_yb_v1.csv').map((r) => r.icd_code),
);
write(
  'consumable_classifications_20200628.txt',
  csv('nhsa-codes/medical_consumables_20200628.csv').map((r) =>
    [
      r.specificationCode,
      r.catalogcode,
      r.commonnamecode,
      r.matrialcode,
      r.characteristiccode,
    ].join(','),
  ),
);
write(
  'drug_codes_rule_base.txt',
  csv('nhsa-rule-base/drug_restriction_codes.csv').map((r) => r.national_drug_code),
);
write('service_codes_rule_base.txt', [
  ...csv('nhsa-rule-base/item_restrictions.csv').map((r) => r.item_code),
  ...csv('nhsa-rule-base/item_duplicate_charges.csv').flatMap((r) => [
    r.main_item_code,
    r.secondary_item_code,
  ]),
]);
