import type { Issue } from '../issue/issue.ts';
import type { ItemKind } from '../schemas/claim.ts';
import type { CodeIssueCode } from './common.ts';
import { validateConsumableCode } from './consumable.ts';
import { validateDrugCode } from './drug.ts';
import { validateServiceCode } from './service.ts';

export { CODE_ISSUE_CODES, type CodeIssueCode, type CodeResult } from './common.ts';
export { type DrugCode, type DrugKind, parseDrugCode, validateDrugCode } from './drug.ts';
export { type ServiceCode, parseServiceCode, validateServiceCode } from './service.ts';
export {
  type ConsumableClassification,
  type ConsumableCode,
  parseConsumableClassification,
  parseConsumableCode,
  validateConsumableClassification,
  validateConsumableCode,
} from './consumable.ts';
export {
  type DiagnosisCode,
  type DiagnosisCodeForm,
  parseDiagnosisCode,
  validateDiagnosisCode,
} from './icd10.ts';
export { type ProcedureCode, parseProcedureCode, validateProcedureCode } from './icd9cm3.ts';

/** Validates a claim line's national code by its kind: drug, service item or consumable. */
export function validateItemCode(kind: ItemKind, code: unknown): Issue<CodeIssueCode>[] {
  switch (kind) {
    case 'drug':
      return validateDrugCode(code);
    case 'service':
      return validateServiceCode(code);
    case 'consumable':
      return validateConsumableCode(code);
  }
}
