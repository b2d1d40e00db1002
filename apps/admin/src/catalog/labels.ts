import type { ChangeKind, CoverageClass, RestrictionKind, Structuring } from '@openpayer/catalog';
import type { ItemKind } from '@openpayer/domain';

/** How the catalog's codes read on screen: the administrator's Chinese term beside the English. */

export const CLASS_LABEL: Record<CoverageClass, string> = {
  A: '甲 (A)',
  B: '乙 (B)',
  C: '丙 (C)',
};

export const KIND_LABEL: Record<ItemKind, string> = {
  drug: 'Drug 药品',
  service: 'Service 诊疗项目',
  consumable: 'Consumable 耗材',
};

export const RESTRICTION_LABEL: Record<RestrictionKind, string> = {
  diagnosis: 'Diagnosis 诊断',
  evidence: 'Test result 检测',
  age: 'Age 年龄',
  sex: 'Sex 性别',
  institution_tier: 'Institution tier 医院级别',
  setting: 'Setting 住院/门诊',
  line_of_therapy: 'Line of therapy 治疗线',
  course: 'Course 疗程',
  quantity: 'Quantity 用量',
  prescriber_title: 'Prescriber title 医师职称',
  scheme: 'Scheme 险种',
  approval: 'Prior approval 审批',
  lab: 'Lab threshold 检验指标',
  combination: 'Combination 联合用药',
  cumulative_quantity: 'Vial cap 累计支数',
  month_limit: 'Month limit 支付月数',
  first_prescription: 'First prescription 首次处方',
  frequency: 'Frequency 频次',
  prior_therapy: 'Earlier therapy 既往治疗',
  emergency: 'Emergency care 急救抢救',
  tcm_syndrome: 'TCM syndrome 中医证候',
  procedure: 'Procedure 手术操作',
};

/** A one-word tag for result rows. */
export const RESTRICTION_TAG: Record<RestrictionKind, string> = {
  diagnosis: 'diagnosis',
  evidence: 'test',
  age: 'age',
  sex: 'sex',
  institution_tier: 'tier',
  setting: 'setting',
  line_of_therapy: 'line',
  course: 'course',
  quantity: 'quantity',
  prescriber_title: 'prescriber',
  scheme: 'scheme',
  approval: 'approval',
  lab: 'lab',
  combination: 'with',
  cumulative_quantity: 'cap',
  month_limit: 'months',
  first_prescription: 'first rx',
  frequency: 'frequency',
  prior_therapy: 'earlier rx',
  emergency: 'emergency',
  tcm_syndrome: 'syndrome',
  procedure: 'procedure',
};

export const STRUCTURING_LABEL: Record<Structuring, string> = {
  none_needed: 'no restriction',
  complete: 'fully structured',
  partial: 'partly structured',
  unparsed: 'not structured',
};

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  class: 'Class',
  restriction: 'Restriction',
  payment_standard: 'Payment standard',
  agreement_window: 'Agreement window',
  name: 'Name',
  codes: 'Codes',
};

export const SOURCE_LABEL = {
  nrdl: 'drug list',
  rule_base: 'rule base',
  manual: 'administrator',
} as const;

/** A half-open period as "2025-01-01 – 2026-12-31" (the end shown is the last day in force). */
export function periodText(period: { readonly start: string; readonly end: string | null }) {
  return period.end === null
    ? `${period.start} – (open-ended)`
    : `${period.start} – ${lastDay(period.end)}`;
}

function lastDay(exclusiveEnd: string): string {
  const date = new Date(`${exclusiveEnd}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return exclusiveEnd;
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
