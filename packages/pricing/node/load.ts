import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Result, fail, issue } from '@openpayer/domain';
import {
  DRG_TABLE_FILES,
  type DrgParameterSet,
  type DrgPaymentIssueCode,
  type DrgTableFile,
  type DrgTableIssueCode,
  type GrouperTables,
  loadDrgParameters,
  loadGrouperTables,
  OPENDRG_FILES,
  type OpenDrgFile,
  loadOpenDrgRules,
  drgListFromWeights,
  localVariant,
  type GrouperAssignment,
  loadGrouperAssignments,
} from '../src/index.ts';
import type { DipCatalog, DipCatalogIssueCode, KnownCodes } from '../src/dip/catalog.ts';
import { type DipCatalogMeta, importDipCatalogCsv } from '../src/dip/csv.ts';
import {
  type DipParameters,
  type DipPaymentIssueCode,
  loadDipParameters,
} from '../src/dip/payment.ts';
import {
  type ProcedureTechniqueIssueCode,
  type ProcedureTechniques,
  loadProcedureTechniques,
} from '../src/drg/technique.ts';

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

/** A grouper version shipped under data/<folder>/grouper.json. */
export interface GrouperVersionManifest {
  readonly id: string;
  readonly label: string;
  readonly format: 'csv' | 'opendrg' | 'local-variant';
  /** local-variant: the version whose ADRG rules it uses, the weight table and its year. */
  readonly base?: string;
  readonly weights?: string;
  readonly year?: number;
  readonly folder: string;
}

/** The grouper versions shipped with the package (every data folder with a grouper.json). */
export function grouperVersions(): GrouperVersionManifest[] {
  const dataDir = join(pricingPackageDir(), 'data');
  const out: GrouperVersionManifest[] = [];
  for (const folder of readdirSync(dataDir).sort()) {
    const path = join(dataDir, folder, 'grouper.json');
    if (!existsSync(path)) continue;
    const m = JSON.parse(readFileSync(path, 'utf8')) as Omit<GrouperVersionManifest, 'folder'>;
    out.push({ ...m, folder });
  }
  return out;
}

const grouperCache = new Map<string, Result<GrouperTables, DrgTableIssueCode>>();

/**
 * Loads a shipped grouper version by id (`chs-drg-1.0`, `chs-drg-1.1`, `chs-drg-1.1-bj-2022`,
 * `harbin-2024` …), once per process; undefined for an unknown id.
 */
export function loadGrouperVersion(
  id: string,
): Result<GrouperTables, DrgTableIssueCode> | undefined {
  const cached = grouperCache.get(id);
  if (cached !== undefined) return cached;
  const manifest = grouperVersions().find((m) => m.id === id);
  if (manifest === undefined) return undefined;
  const dir = join(pricingPackageDir(), 'data', manifest.folder);
  let loaded: Result<GrouperTables, DrgTableIssueCode>;
  if (manifest.format === 'csv') {
    const files = Object.fromEntries(
      DRG_TABLE_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    ) as Record<DrgTableFile, string>;
    loaded = loadGrouperTables(manifest.label, files);
  } else if (manifest.format === 'opendrg') {
    const files = Object.fromEntries(
      OPENDRG_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    ) as Record<OpenDrgFile, string>;
    loaded = loadOpenDrgRules(manifest.label, files);
  } else {
    const base = loadGrouperVersion(manifest.base ?? '');
    const weights = manifest.weights ?? '';
    if (base === undefined || !base.ok || manifest.year === undefined) {
      loaded = fail([
        issue(
          'drg_tables.unknown_adrg',
          `${manifest.folder}/grouper.json: base "${manifest.base ?? ''}" or year unusable`,
          {
            path: [manifest.folder, 'grouper.json'],
          },
        ),
      ]);
    } else {
      const list = drgListFromWeights(
        weights,
        readFileSync(join(dir, weights), 'utf8'),
        manifest.year,
      );
      loaded = list.ok ? localVariant(base.value, manifest.label, weights, list.value) : list;
    }
  }
  grouperCache.set(id, loaded);
  return loaded;
}

/**
 * The shipped region → grouper version assignments (data/chs-drg-assignments/grouper_assignments.csv),
 * checked against the shipped versions.
 */
export function loadGrouperAssignmentTable(): Result<GrouperAssignment[], DrgTableIssueCode> {
  const file = join(pricingPackageDir(), 'data', 'chs-drg-assignments', 'grouper_assignments.csv');
  return loadGrouperAssignments(
    'grouper_assignments.csv',
    readFileSync(file, 'utf8'),
    grouperVersions().map((v) => v.id),
  );
}

let techniquesCache: Result<ProcedureTechniques, ProcedureTechniqueIssueCode> | undefined;

/**
 * The shipped procedure code → technique table (data/procedure-techniques/procedure_techniques.csv,
 * derived from the ICD-9-CM-3 医保版 v1.0 list), once per process.
 */
export function loadShippedProcedureTechniques(): Result<
  ProcedureTechniques,
  ProcedureTechniqueIssueCode
> {
  techniquesCache ??= loadProcedureTechniques(
    'ICD-9-CM-3 医保版 v1.0',
    readFileSync(
      join(pricingPackageDir(), 'data', 'procedure-techniques', 'procedure_techniques.csv'),
      'utf8',
    ),
  );
  return techniquesCache;
}

let knownCodesCache: KnownCodes | undefined;

/**
 * The real ICD-10 / ICD-9-CM-3 医保版 v1.0 code lists shipped with @openpayer/domain
 * (data/codes), once per process: a DIP catalog's codes are checked against them.
 */
export function loadShippedKnownCodes(): KnownCodes {
  if (knownCodesCache !== undefined) return knownCodesCache;
  const domainDir = dirname(dirname(createRequire(import.meta.url).resolve('@openpayer/domain')));
  const codes = (file: string) =>
    new Set(
      readFileSync(join(domainDir, 'data', 'codes', file), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    );
  knownCodesCache = {
    diagnoses: codes('icd10_yb_v1.txt'),
    procedures: codes('icd9cm3_yb_v1.txt'),
  };
  return knownCodesCache;
}

let dipCatalogCache: Result<DipCatalog, DipCatalogIssueCode> | undefined;

/**
 * The shipped demo DIP catalog (data/dip/demo-dip-catalog.csv with its meta, SYNTHETIC scores
 * and costs on real codes), checked against the code lists, once per process.
 */
export function loadShippedDipCatalog(): Result<DipCatalog, DipCatalogIssueCode> {
  if (dipCatalogCache !== undefined) return dipCatalogCache;
  const dir = join(pricingPackageDir(), 'data', 'dip');
  const meta = JSON.parse(
    readFileSync(join(dir, 'demo-dip-catalog.meta.json'), 'utf8'),
  ) as DipCatalogMeta;
  dipCatalogCache = importDipCatalogCsv(
    readFileSync(join(dir, 'demo-dip-catalog.csv'), 'utf8'),
    meta,
    { file: 'demo-dip-catalog.csv', known: loadShippedKnownCodes() },
  );
  return dipCatalogCache;
}

/** The shipped demo DIP parameter document (data/dip/demo-dip-parameters.json). */
export function loadShippedDipParameters(): Result<DipParameters, DipPaymentIssueCode> {
  return loadDipParameters(
    JSON.parse(
      readFileSync(join(pricingPackageDir(), 'data', 'dip', 'demo-dip-parameters.json'), 'utf8'),
    ),
  );
}
