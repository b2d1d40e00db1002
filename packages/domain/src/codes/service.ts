import type { Issue } from '../issue/issue.ts';
import { issue } from '../issue/issue.ts';
import { type CodeIssueCode, type CodeResult, precheck, resultOf } from './common.ts';
import { type Shape, checkShape } from './shape.ts';

/**
 * 医疗服务项目编码 (national medical-service item code): 15 digits, e.g. `001109000010000`
 * (普通病房床位费). Real codes from the smart-review rule base's item tables are in the tests.
 */
export interface ServiceCode {
  readonly code: string;
}

const SERVICE: Shape = { template: '999999999999999', label: 'medical service item, 15 digits' };
const WHAT = 'Service code';

export function validateServiceCode(code: unknown): Issue<CodeIssueCode>[] {
  const pre = precheck(WHAT, code);
  if (pre.length > 0 || typeof code !== 'string') return pre;
  if (code.length !== SERVICE.template.length) {
    return [
      issue(
        'code.service.length',
        `${WHAT} "${code}" has ${code.length} characters; a medical service item code has 15 digits.`,
        {
          data: { length: code.length, expected: 15 },
        },
      ),
    ];
  }
  return checkShape('code.service.format', WHAT, SERVICE, code);
}

export function parseServiceCode(code: unknown): CodeResult<ServiceCode> {
  return resultOf(validateServiceCode(code), () => ({ code: code as string }));
}
