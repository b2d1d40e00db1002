import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Result, fail, issue, ok } from '@openpayer/domain';
import {
  type ApprovalPolicy,
  type ServiceImportIssueCode,
  type ServiceImportSettings,
  type ServiceSchedule,
  importServiceCatalog,
  serviceImportSettingsSchema,
  serviceScheduleSchema,
  withItems,
  type ConditionDictionary,
  type ImportIssueCode,
  type ImportSettings,
  type NrdlImport,
  approvalPolicySchema,
  conditionDictionarySchema,
  importNrdl,
  importSettingsSchema,
} from '../src/index.ts';

/**
 * Node-only helpers (`@openpayer/catalog/node`): where the shipped data lives and how to read it.
 * The engine itself (`@openpayer/catalog`) never touches the file system; these are for the
 * CLI, the API's seeding, tests and benchmarks.
 */

/** The package's folder, found through the module resolver so it also works from bundled apps. */
export function catalogPackageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@openpayer/catalog/package.json'));
}

export function shippedDataPath(...parts: string[]): string {
  return join(catalogPackageDir(), 'data', ...parts);
}

export const SHIPPED_FILES = {
  nrdlCsv: ['nrdl-2024', 'nrdl_2024.csv'],
  settings: ['nrdl-2024', 'import-settings.json'],
  conditions: ['nrdl-2024', 'condition-icd10.json'],
  ruleBaseRestrictions: ['rule-base', 'drug_restrictions.csv'],
  ruleBaseCodes: ['rule-base', 'drug_restriction_codes.csv'],
  ruleBaseItemRestrictions: ['rule-base', 'item_restrictions.csv'],
  ruleBaseDuplicateCharges: ['rule-base', 'item_duplicate_charges.csv'],
  consumables: ['services', 'medical_consumables_20200628.csv'],
  serviceSettings: ['services', 'import-settings.json'],
  demoServiceSchedule: ['services', 'demo-230100-prices.json'],
} as const;

export function readShipped(file: keyof typeof SHIPPED_FILES): string {
  return readFileSync(shippedDataPath(...SHIPPED_FILES[file]), 'utf8');
}

export function loadImportSettings(text = readShipped('settings')): ImportSettings {
  return importSettingsSchema.parse(JSON.parse(text));
}

export function loadConditionDictionary(text = readShipped('conditions')): ConditionDictionary {
  return conditionDictionarySchema.parse(JSON.parse(text));
}

/**
 * The shipped files `importShippedNrdl2024` reads besides the CSV (the settings, the condition
 * dictionary, the rule base): with the CSV and the importer's code, all an import depends on.
 */
export const SHIPPED_NRDL_IMPORT_DATA = [
  'settings',
  'conditions',
  'ruleBaseRestrictions',
  'ruleBaseCodes',
] as const satisfies readonly (keyof typeof SHIPPED_FILES)[];

/**
 * Imports the shipped 2024 national drug list with the rule base: the demo and test catalog. It
 * reads its data only through `SHIPPED_NRDL_IMPORT_DATA`, so what a cache keys an import by is
 * what the import read.
 */
export function importShippedNrdl2024(
  options: { readonly csv?: string; readonly ruleBase?: boolean } = {},
): Result<NrdlImport, ImportIssueCode> {
  const data = (file: (typeof SHIPPED_NRDL_IMPORT_DATA)[number]) => readShipped(file);
  return importNrdl({
    csv: options.csv ?? readShipped('nrdlCsv'),
    settings: loadImportSettings(data('settings')),
    conditions: loadConditionDictionary(data('conditions')),
    ...(options.ruleBase === false
      ? {}
      : {
          ruleBase: {
            restrictionsCsv: data('ruleBaseRestrictions'),
            codesCsv: data('ruleBaseCodes'),
          },
        }),
  });
}

/** The demo region's approval rules (data/approvals/demo-230100.json), validated. */
export function loadDemoApprovalPolicy(): ApprovalPolicy {
  const document = JSON.parse(
    readFileSync(shippedDataPath('approvals', 'demo-230100.json'), 'utf8'),
  ) as Record<string, unknown>;
  delete document['$comment'];
  return approvalPolicySchema.parse(document);
}

/** A JSON data file without its `$comment`, for a strict schema. */
function shippedJson(file: keyof typeof SHIPPED_FILES): unknown {
  const document = JSON.parse(readShipped(file)) as Record<string, unknown>;
  delete document['$comment'];
  return document;
}

export function loadServiceImportSettings(): ServiceImportSettings {
  return serviceImportSettingsSchema.parse(shippedJson('serviceSettings'));
}

/** The demo region's service and consumable schedule (illustrative classes and tier prices). */
export function loadDemoServiceSchedule(): ServiceSchedule {
  return serviceScheduleSchema.parse(shippedJson('demoServiceSchedule'));
}

/**
 * The demo catalog: the 2024 national drug list with the rule base, plus the national service
 * items (rule base item part) and consumables (2020 classification), classed and priced by the
 * demo region's schedule — one release, so a claim's drug, service and consumable lines are all
 * decided against the same dated list.
 */
export function importShippedDemoCatalog(): Result<
  NrdlImport,
  ImportIssueCode | ServiceImportIssueCode
> {
  const drugs = importShippedNrdl2024();
  if (!drugs.ok) return drugs;
  const others = importServiceCatalog({
    itemRestrictionsCsv: readShipped('ruleBaseItemRestrictions'),
    duplicateChargesCsv: readShipped('ruleBaseDuplicateCharges'),
    consumablesCsv: readShipped('consumables'),
    settings: loadServiceImportSettings(),
    schedule: loadDemoServiceSchedule(),
  });
  if (!others.ok) return others;
  const release = withItems(drugs.value.release, others.value);
  if (!release.ok) return release;
  return ok({ release: release.value, summary: drugs.value.summary });
}

/** The rule-base files `importNrdl` reads, as NHSA publishes them (any column order, extra columns). */
export const RULE_BASE_FILES = {
  restrictionsCsv: 'drug_restrictions.csv',
  codesCsv: 'drug_restriction_codes.csv',
} as const;

/**
 * A rule base from a folder holding the published `drug_restrictions.csv` and
 * `drug_restriction_codes.csv` (e.g. `nhsa-rule-base/`), for `importNrdl`'s `ruleBase` — the
 * CLI's `catalog import --rule-base DIR`. A missing file is reported with its path.
 */
export function readRuleBaseDir(
  dir: string,
): Result<
  { readonly restrictionsCsv: string; readonly codesCsv: string },
  'rule_base.file_missing'
> {
  const missing = Object.values(RULE_BASE_FILES).filter((name) => !existsSync(join(dir, name)));
  if (missing.length > 0) {
    return fail(
      missing.map((name) =>
        issue('rule_base.file_missing', `${join(dir, name)} does not exist`, {
          path: [name],
          data: { dir, file: name },
        }),
      ),
    );
  }
  return ok({
    restrictionsCsv: readFileSync(join(dir, RULE_BASE_FILES.restrictionsCsv), 'utf8'),
    codesCsv: readFileSync(join(dir, RULE_BASE_FILES.codesCsv), 'utf8'),
  });
}
