import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Result } from '@openpayer/domain';
import {
  type ApprovalPolicy,
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
} as const;

export function readShipped(file: keyof typeof SHIPPED_FILES): string {
  return readFileSync(shippedDataPath(...SHIPPED_FILES[file]), 'utf8');
}

export function loadImportSettings(): ImportSettings {
  return importSettingsSchema.parse(JSON.parse(readShipped('settings')));
}

export function loadConditionDictionary(): ConditionDictionary {
  return conditionDictionarySchema.parse(JSON.parse(readShipped('conditions')));
}

/** Imports the shipped 2024 national drug list with the rule base: the demo and test catalog. */
export function importShippedNrdl2024(
  options: { readonly csv?: string; readonly ruleBase?: boolean } = {},
): Result<NrdlImport, ImportIssueCode> {
  return importNrdl({
    csv: options.csv ?? readShipped('nrdlCsv'),
    settings: loadImportSettings(),
    conditions: loadConditionDictionary(),
    ...(options.ruleBase === false
      ? {}
      : {
          ruleBase: {
            restrictionsCsv: readShipped('ruleBaseRestrictions'),
            codesCsv: readShipped('ruleBaseCodes'),
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
