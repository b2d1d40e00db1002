/**
 * Measures how much of the 2024 national list's restricted payment scope the remark parser reads:
 * fully structured / partly / unparsed, over every entry that carries restriction text, then draws a seeded
 * random sample of fully structured entries for a hand check.
 *
 *   npx tsx bench/restriction-coverage.ts [--seed N] [--sample N] [--sample-out] [--show-partial]
 */
import { loadConditionDictionary, loadImportSettings, readShipped } from '../node/load.ts';
import { parseCsv } from '../src/import/csv.ts';
import { conditionMatcher } from '../src/import/condition-dictionary.ts';
import { remarkParser } from '../src/import/remark-parser.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const seed = option('--seed', 20261203);
const sampleSize = option('--sample', 50);

const { header, records } = parseCsv(readShipped('nrdlCsv'));
const remarkAt = header.indexOf('remark');
const nameAt = header.indexOf('drug_name');
const texts: { name: string; remark: string }[] = [];
for (const { fields } of records) {
  const remark = (fields[remarkAt] ?? '').trim();
  if (remark !== '') texts.push({ name: fields[nameAt] ?? '', remark });
}

const parser = remarkParser(loadImportSettings(), conditionMatcher(loadConditionDictionary()));
const counts = { complete: 0, partial: 0, unparsed: 0, none_needed: 0 };
const parsed = texts.map((t) => {
  const p = parser.parse(t.remark);
  counts[p.structuring]++;
  return { ...t, parsed: p };
});
const needing = texts.length - counts.none_needed;
const pct = (n: number) => ((100 * n) / needing).toFixed(1);
console.log(`restriction texts: ${texts.length} (${counts.none_needed} need no structure)`);
console.log(`fully structured: ${counts.complete} (${pct(counts.complete)}%)`);
console.log(`partly:           ${counts.partial} (${pct(counts.partial)}%)`);
console.log(`unparsed:         ${counts.unparsed} (${pct(counts.unparsed)}%)`);

if (args.includes('--show-partial')) {
  for (const p of parsed) {
    if (p.parsed.structuring === 'partial' || p.parsed.structuring === 'unparsed')
      console.log(
        `${p.parsed.structuring}\t${p.name}\t${p.remark}\t=> ${p.parsed.unparsed.join(' | ')}`,
      );
  }
}

/** mulberry32: a small seeded generator, so the sample is reproducible from the seed. */
function random(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
if (args.includes('--sample-out')) {
  const pool = parsed.filter((p) => p.parsed.structuring === 'complete');
  const next = random(seed);
  const picked: typeof pool = [];
  const copy = [...pool];
  while (picked.length < sampleSize && copy.length > 0) {
    picked.push(...copy.splice(Math.floor(next() * copy.length), 1));
  }
  console.log(`\nsample of ${picked.length} fully structured entries, seed ${seed}:`);
  picked.forEach((p, i) => {
    console.log(`\n#${i + 1} ${p.name}: ${p.remark}`);
    for (const r of p.parsed.restrictions) console.log(`  all: ${JSON.stringify(r)}`);
    p.parsed.indications.forEach((ind, j) => {
      for (const r of ind.restrictions) console.log(`  any${j + 1}: ${JSON.stringify(r)}`);
    });
  });
}
