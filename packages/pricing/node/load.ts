import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Result } from '@openpayer/domain';
import {
  DRG_TABLE_FILES,
  type DrgParameterSet,
  type DrgPaymentIssueCode,
  type DrgTableFile,
  type DrgTableIssueCode,
  type GrouperTables,
  loadDrgParameters,
  loadGrouperTables,
} from '../src/index.ts';

/** Node-only helpers (`@openpayer/pricing/node`): the shipped grouper tables and DRG parameters. */
export function pricingPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@openpayer/pricing/package.json'));
}

export function loadNationalGrouper(): Result<GrouperTables, DrgTableIssueCode> {
  const dir = join(pricingPackageDir(), 'data', 'chs-drg-1.0');
  const files = Object.fromEntries(
    DRG_TABLE_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  ) as Record<DrgTableFile, string>;
  return loadGrouperTables('CHS-DRG 1.0', files);
}

export function loadHarbinDrgParameters(): Result<DrgParameterSet, DrgPaymentIssueCode> {
  const dir = join(pricingPackageDir(), 'data', 'harbin-drg');
  return loadDrgParameters('harbin-2022-2024', '230100', {
    weightsCsv: readFileSync(join(dir, 'harbin_drg_weights.csv'), 'utf8'),
    baseRatesCsv: readFileSync(join(dir, 'harbin_base_rates.csv'), 'utf8'),
  });
}

/** The shipped demo policy's YAML text (data/policies/demo-230100-2025.yaml). */
export function readDemoPolicyText(): string {
  return readFileSync(
    join(pricingPackageDir(), 'data', 'policies', 'demo-230100-2025.yaml'),
    'utf8',
  );
}
