// Derives the SYNTHETIC demo DIP catalog (demo-dip-catalog.csv) from the real ICD-10 医保版 and
// ICD-9-CM-3 医保版 code lists. Deterministic: same input lists → same file.
//   node --import tsx packages/pricing/src/dip/__fixtures__/derive-demo-catalog.ts [path/to/nhsa-codes]
// Default input: ../shared/data/external/nhsa-codes (next to the repository). The codes and their
// names are real; every group, score and average cost is invented for demonstration.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? join(here, '../../../../../../shared/data/external/nhsa-codes');
const out = join(here, '../../../data/dip/demo-dip-catalog.csv');
const read = (file: string): Map<string, string> =>
  new Map(
    readFileSync(join(source, file), 'utf8')
      .split(/\r?\n/u)
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const i = l.indexOf(',');
        return [l.slice(0, i), l.slice(i + 1).replace(/^"|"$/gu, '')] as const;
      }),
  );
const icd10 = read('icd10_yb_v1.csv');
const icd9 = read('icd9cm3_yb_v1.csv');

let state = 20_240_101;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
/** Synthetic: average cost ≈ score × 10.5 yuan, ±5%. */
const costOf = (score: number): string => (score * 10.5 * (0.95 + rand() * 0.1)).toFixed(2);

type Category = 'surgical' | 'therapeutic' | 'diagnostic' | 'conservative';
type Kind = 'core' | 'basic' | 'comprehensive';
const KIND: Record<Category, string> = {
  surgical: '手术操作',
  therapeutic: '治疗性操作',
  diagnostic: '诊断性操作',
  conservative: '保守治疗',
};
interface Row {
  id: string;
  dx: string;
  name: string;
  procs: string;
  procNames: string;
  kind: string;
  category: string;
  score: string;
  cost: string;
}
const rows: Row[] = [];
const used = new Set<string>();
const counters = new Map<string, number>();
const LETTER: Record<Category, string> = {
  surgical: 'S',
  therapeutic: 'T',
  diagnostic: 'D',
  conservative: 'C',
};
const KIND_NAME: Record<Kind, string> = { core: '核心', basic: '基层', comprehensive: '综合' };
const add = (
  kind: Kind,
  category: Category,
  dx: string,
  procs: readonly string[],
  score: number,
  cost = costOf(score),
): void => {
  const name = icd10.get(dx);
  if (name === undefined) throw new Error(`not an ICD-10 医保版 code: ${dx}`);
  for (const p of procs) if (!icd9.has(p)) throw new Error(`not an ICD-9-CM-3 医保版 code: ${p}`);
  const key = `${kind}|${category}|${dx}|${procs.join('+')}`;
  if (used.has(key)) return;
  used.add(key);
  const prefix = kind === 'core' ? 'H' : kind === 'basic' ? 'J' : 'Z';
  const base = `${prefix}${dx.replace('.', '')}${kind === 'comprehensive' ? LETTER[category] : ''}`;
  const seq = (counters.get(base) ?? 0) + 1;
  counters.set(base, seq);
  const id = `${base}${String(seq).padStart(2, '0')}`;
  rows.push({
    id,
    dx,
    name,
    procs: procs.join('+'),
    procNames: procs.map((p) => icd9.get(p) ?? '').join('+'),
    kind: KIND_NAME[kind],
    category: KIND[category],
    score: String(score),
    cost,
  });
};

// Hand-picked clinically coherent core groups (real code pairs).
const CURATED: readonly (readonly [Category, string, readonly string[], number, string?])[] = [
  ['surgical', 'K80.1', ['51.23'], 1180],
  ['surgical', 'K80.2', ['51.23'], 1050],
  ['surgical', 'K35', ['47.01'], 820],
  ['surgical', 'C34', ['32.4'], 5200],
  // The §8 example's group: lung cancer with chemotherapy, average cost 35,000.
  ['therapeutic', 'C34', ['99.25'], 3333, '35000.00'],
  ['surgical', 'I21', ['00.66', '36.06'], 5600],
  ['surgical', 'I25', ['00.66', '36.06'], 4800],
  ['surgical', 'N40', ['60.2'], 1650],
  ['surgical', 'M17', ['81.54'], 6400],
  ['surgical', 'H25', ['13.41'], 750],
  ['surgical', 'K40', ['53.0'], 780],
  ['surgical', 'C50', ['85.4'], 2700],
  ['therapeutic', 'C50', ['99.25'], 1500],
  ['surgical', 'C18', ['45.7'], 5100],
  ['therapeutic', 'C18', ['99.25'], 1600],
  ['surgical', 'C22', ['50.2'], 4600],
  ['surgical', 'O82', ['74.1'], 640],
  ['therapeutic', 'N18', ['39.95'], 900],
  ['diagnostic', 'K63', ['45.23'], 420],
  ['conservative', 'I63', [], 1050],
  ['conservative', 'J18', [], 560],
  ['conservative', 'E11', [], 590],
  ['conservative', 'I10', [], 450],
  ['conservative', 'O80', [], 380],
  ['conservative', 'C34', [], 1200],
];
for (const [category, dx, procs, score, cost] of CURATED) {
  add('core', category, dx, procs, score, cost ?? costOf(score));
}

// Generated: ICD-10 categories of body-system chapters, each with a procedure from its system.
const SYSTEMS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^G[0-9]{2}$/u, ['01', '02', '03', '04', '05']],
  [/^H[0-5][0-9]$/u, ['08', '09', '10', '11', '12', '13', '14', '15', '16']],
  [/^H[6-9][0-9]$/u, ['18', '19', '20']],
  [/^J[0-9]{2}$/u, ['30', '31', '32', '33', '34']],
  [/^I[0-9]{2}$/u, ['35', '36', '37', '38', '39']],
  [/^K[0-9]{2}$/u, ['42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54']],
  [/^N[0-3][0-9]$/u, ['55', '56', '57', '58', '59']],
  [/^M[0-9]{2}$/u, ['77', '78', '79', '80', '81', '83', '84']],
  [/^L[0-9]{2}$/u, ['86']],
];
const categories = [...icd10.keys()].filter((c) => /^[A-Z]\d{2}$/u.test(c));
const proceduresOf = (chapters: readonly string[]): string[] =>
  [...icd9.keys()].filter((p) => /^\d{2}\.\d{2}$/u.test(p) && chapters.includes(p.slice(0, 2)));
const pick = (list: readonly string[]): string => list[Math.floor(rand() * list.length)] ?? '';
for (const [pattern, chapters] of SYSTEMS) {
  const cats = categories.filter((c) => pattern.test(c));
  const procs = proceduresOf(chapters);
  for (const dx of cats.filter((_, i) => i % 5 === 0)) {
    const score = 300 + Math.floor(rand() * 900);
    add('core', 'conservative', dx, [], score);
    add('core', 'surgical', dx, [pick(procs)], score * 2 + Math.floor(rand() * 2000));
    add('comprehensive', 'surgical', dx, [], score * 2 + Math.floor(rand() * 1500));
    add('comprehensive', 'conservative', dx, [], Math.floor(score * 0.9));
    if (rand() < 0.5) add('comprehensive', 'therapeutic', dx, [], score + Math.floor(rand() * 600));
    if (rand() < 0.5) add('comprehensive', 'diagnostic', dx, [], score + Math.floor(rand() * 300));
  }
}
for (const dx of [
  'C34',
  'C50',
  'C18',
  'C22',
  'K80',
  'K35',
  'I21',
  'I25',
  'N40',
  'O80',
  'O82',
  'N18',
  'K63',
  'E11',
  'I10',
]) {
  for (const category of ['surgical', 'therapeutic', 'diagnostic', 'conservative'] as const) {
    add('comprehensive', category, dx, [], 400 + Math.floor(rand() * 3000));
  }
}
// Basic groups (基层病种): diagnoses treated alike at every level, with no core group of their own.
for (const [pattern] of SYSTEMS) {
  for (const dx of categories.filter((c) => pattern.test(c)).filter((_, i) => i % 5 === 2)) {
    const score = 150 + Math.floor(rand() * 400);
    add('basic', 'conservative', dx, [], score);
    add('comprehensive', 'conservative', dx, [], Math.floor(score * 1.2));
  }
}
for (const dx of ['J06', 'J20', 'K29']) add('basic', 'conservative', dx, [], 300);

const header =
  '病种编码,主要诊断编码,主要诊断名称,手术操作编码,手术操作名称,病种类型,操作类型,分值,次均费用';
const q = (s: string): string => (/[",\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s);
const text = [
  header,
  ...rows.map((r) =>
    [r.id, r.dx, r.name, r.procs, r.procNames, r.kind, r.category, r.score, r.cost]
      .map(q)
      .join(','),
  ),
].join('\n');
writeFileSync(out, `${text}\n`);
console.log(`${rows.length} groups written`);
