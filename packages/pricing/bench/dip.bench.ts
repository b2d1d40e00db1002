/**
 * DIP grouping benchmark: the shipped SYNTHETIC demo catalog (data/dip), 200,000 generated
 * discharge records (principal diagnoses drawn from the catalog's diagnoses and from real ICD-10
 * codes it does not cover, 0–4 procedures from its procedure classification and core groups),
 * one core. Beside it, in the same run, the neutral baseline: for each record, one Map lookup of
 * the principal diagnosis and of each procedure (what any table-driven grouper must at least do),
 * and the ratio of the two.
 *   pnpm --filter @openpayer/pricing bench:dip
 * Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  type DipCatalogMeta,
  type DischargeRecord,
  groupDip,
  importDipCatalogCsv,
} from '../src/index.ts';

const COUNT = 200_000;
const data = (file: string) =>
  readFileSync(new URL(`../data/dip/${file}`, import.meta.url), 'utf8');
let t0 = performance.now();
const loaded = importDipCatalogCsv(
  data('demo-dip-catalog.csv'),
  JSON.parse(data('demo-dip-catalog.meta.json')) as DipCatalogMeta,
  { file: 'demo-dip-catalog.csv' },
);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 3)));
const loadMs = performance.now() - t0;
const catalog = loaded.value;

let state = 42;
const rand = (n: number) => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
};
const diagnoses = [
  ...catalog.byDiagnosis.keys(),
  ...[...catalog.comprehensive.values()].map((g) => g.diagnosis),
];
const suffixes = ['', '.0', '.1', '.900', '.x01'];
const procedures = [...catalog.procedureKinds.keys()].filter((p) => p.length >= 4);
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
const records: DischargeRecord[] = Array.from({ length: COUNT }, () => {
  const procs = Array.from({ length: rand(5) }, () => pick(procedures));
  const dx = pick(diagnoses);
  return {
    sex: rand(2) === 0 ? 'male' : 'female',
    ageYears: 1 + rand(90),
    lengthOfStay: 1 + rand(30),
    principalDiagnosis: dx.length === 3 ? dx + pick(suffixes) : dx,
    secondaryDiagnoses: [],
    ...(procs.length > 0 ? { principalProcedure: procs[0] } : {}),
    otherProcedures: procs.slice(1),
  };
});

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const r of records.slice(0, 10_000)) groupDip(catalog, r);
const statuses = new Map<string, number>();
const kinds = new Map<string, number>();
let c0 = cpu();
t0 = performance.now();
for (const r of records) {
  const g = groupDip(catalog, r);
  statuses.set(g.status, (statuses.get(g.status) ?? 0) + 1);
  if (g.kind !== null) kinds.set(g.kind, (kinds.get(g.kind) ?? 0) + 1);
}
const ms = performance.now() - t0;
const groupCpu = cpu() - c0;

// Neutral baseline: one Map lookup per code of the record.
let hits = 0;
c0 = cpu();
for (let pass = 0; pass < 5; pass++) {
  for (const r of records) {
    if (catalog.byDiagnosis.has(r.principalDiagnosis)) hits++;
    if (r.principalProcedure !== undefined && catalog.procedureKinds.has(r.principalProcedure))
      hits++;
    for (const p of r.otherProcedures) if (catalog.procedureKinds.has(p)) hits++;
  }
}
const baselineCpu = (cpu() - c0) / 5;

const figures = {
  node: process.version,
  catalogGroups: catalog.groups.size,
  catalogLoadMs: Math.round(loadMs),
  records: COUNT,
  groupMs: Math.round(ms),
  recordsPerSecondPerCore: Math.round(COUNT / groupCpu),
  baselineRecordsPerSecond: Math.round(COUNT / baselineCpu),
  groupToBaselineCpuRatio: Number((groupCpu / baselineCpu).toFixed(1)),
  statuses: Object.fromEntries(statuses),
  kinds: Object.fromEntries(kinds),
  baselineHits: hits,
  rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
};
console.log(JSON.stringify(figures, null, 2));
console.log(
  `DIP grouping: ${figures.recordsPerSecondPerCore.toLocaleString('en')} records/s/core with traces (${figures.groupToBaselineCpuRatio}× the CPU of one Map lookup per code)`,
);
