import type { ImportSettings, ServiceImportSettings } from '@openpayer/catalog';
import type { Result } from '@openpayer/domain';
import demoRules from '../../../data/demo-rules-230100.json' with { type: 'json' };
import shippedDefaults from '../../../data/nhsa-rule-base/import-settings.json' with { type: 'json' };
import type { RuleSetWire } from '../rule-set.ts';
import {
  type RuleBaseRuleSet,
  type RuleImportIssueCode,
  ruleSetFromRuleBase,
} from './rule-base.ts';
import { type RuleBaseDefaultsWire, type RuleBaseImportSettingsWire } from './settings.ts';

/**
 * The national rule set (`nhsa-rule-base-b1-8`, region null) built from the rule base's four
 * files with the shipped defaults (`data/nhsa-rule-base/import-settings.json`: ids, dates,
 * per-type metadata, vocabulary) and the catalog's own import settings (ages, item age groups,
 * per-day units), so the CLI and the API load the same set. Isomorphic: the caller reads the files
 * (e.g. `readShipped('ruleBase…')` from `@openpayer/catalog/node`) and passes their text.
 */

/** The shipped defaults as a settings document (without its `$comment`). */
export function nationalRuleBaseDefaults(): RuleBaseDefaultsWire {
  const { $comment: _comment, ...defaults } = shippedDefaults;
  return defaults as RuleBaseDefaultsWire;
}

export interface NationalRuleSetInput {
  readonly drugRestrictionsCsv: string;
  readonly drugCodesCsv: string;
  readonly itemRestrictionsCsv: string;
  readonly duplicatesCsv: string;
  /** The catalog's drug-list import settings (their `ages`: 儿童 / 成人). */
  readonly catalogSettings: Pick<ImportSettings, 'ages'>;
  /** The catalog's service-item import settings (age groups, per-day 限定频次 units). */
  readonly serviceSettings: Pick<ServiceImportSettings, 'ageGroups' | 'frequencyUnits'>;
}

export function importNationalRuleSet(
  input: NationalRuleSetInput,
): Result<RuleBaseRuleSet, RuleImportIssueCode> {
  const settings: RuleBaseImportSettingsWire = {
    ...nationalRuleBaseDefaults(),
    ages: input.catalogSettings.ages,
    itemVocabulary: {
      ageGroups: input.serviceSettings.ageGroups,
      frequencyUnits: input.serviceSettings.frequencyUnits,
    },
  };
  return ruleSetFromRuleBase({
    drugRestrictionsCsv: input.drugRestrictionsCsv,
    drugCodesCsv: input.drugCodesCsv,
    itemRestrictionsCsv: input.itemRestrictionsCsv,
    duplicatesCsv: input.duplicatesCsv,
    settings,
  });
}

/**
 * The demo region's rule set (`data/demo-rules-230100.json`): the rules PRODUCT.md §5 lists with
 * the §8 worked values as parameters, for `openpayer serve`'s demo data and the tests.
 */
export function demoRuleSetWire(): RuleSetWire {
  return demoRules as RuleSetWire;
}
