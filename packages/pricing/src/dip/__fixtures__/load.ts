import { readFileSync } from 'node:fs';
import type { DipCatalog } from '../catalog.ts';
import { type DipCatalogMeta, importDipCatalogCsv } from '../csv.ts';
import { type DipParameters, loadDipParameters } from '../payment.ts';
import { type Policy, type PolicyWire, loadPolicy } from '../../policy/policy.ts';

const data = (file: string) => new URL(`../../../data/dip/${file}`, import.meta.url);
const codes = (file: string) =>
  new Set(
    readFileSync(new URL(`../../../../domain/data/codes/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );

/** The real ICD-10 / ICD-9-CM-3 医保版 code lists (domain/data/codes). */
export const KNOWN = {
  diagnoses: codes('icd10_yb_v1.txt'),
  procedures: codes('icd9cm3_yb_v1.txt'),
};

export const DEMO_META = JSON.parse(
  readFileSync(data('demo-dip-catalog.meta.json'), 'utf8'),
) as DipCatalogMeta;
export const DEMO_CSV = readFileSync(data('demo-dip-catalog.csv'), 'utf8');

export function demoCatalog(): DipCatalog {
  const r = importDipCatalogCsv(DEMO_CSV, DEMO_META, {
    file: 'demo-dip-catalog.csv',
    known: KNOWN,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 5)));
  return r.value;
}

export function demoParameters(): DipParameters {
  const r = loadDipParameters(JSON.parse(readFileSync(data('demo-dip-parameters.json'), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 5)));
  return r.value;
}

/** The demo policy document as written (its DIP thresholds and hospital coefficients). */
export const DEMO_POLICY = JSON.parse(
  readFileSync(new URL('../../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
) as PolicyWire;

export function demoPolicy(wire: PolicyWire = DEMO_POLICY): Policy {
  const r = loadPolicy(wire);
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 5)));
  return r.value;
}

export const fixture = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
export const fixtureText = (file: string): string =>
  readFileSync(new URL(file, import.meta.url), 'utf8');
