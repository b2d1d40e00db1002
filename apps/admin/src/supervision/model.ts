import type {
  FINDING_ACTIONS,
  FINDING_RESPONSES,
  FINDING_SEVERITIES,
  REVIEW_STAGES,
  RESULT_TYPES,
  RULE_CATEGORIES,
} from '@openpayer/domain';
import type { RuleCheckKind, RuleWindow } from '@openpayer/supervision';

/**
 * How smart-review words read on screen (Chinese and English), and the pure helpers the rule-set
 * browser and the findings screens share: a rule's check parameters as readable rows, a finding's
 * evidence as a key/value table, the rule search. A value without a label shows its key.
 */

export interface Label {
  readonly en: string;
  readonly zh: string;
}

type Labels<K extends string> = Readonly<Record<K, Label>>;

export const SEVERITY_LABELS: Labels<(typeof FINDING_SEVERITIES)[number]> = {
  low: { en: 'Low', zh: '低' },
  medium: { en: 'Medium', zh: '中' },
  high: { en: 'High', zh: '高' },
  critical: { en: 'Critical', zh: '严重' },
};

export const RESULT_TYPE_LABELS: Labels<(typeof RESULT_TYPES)[number]> = {
  suspicious: { en: 'Suspicious', zh: '可疑' },
  violation: { en: 'Violation', zh: '明确违规' },
};

export const ACTION_LABELS: Labels<(typeof FINDING_ACTIONS)[number]> = {
  deduct: { en: 'Deduct the line', zh: '扣款' },
  hold: { en: 'Hold the claim', zh: '暂缓支付' },
  self_pay: { en: 'Switch to self-pay', zh: '转自费' },
  warn: { en: 'Warn', zh: '提醒' },
};

export const STAGE_LABELS: Labels<(typeof REVIEW_STAGES)[number]> = {
  prescribe: { en: 'Prescribing', zh: '事前' },
  settle: { en: 'Settlement', zh: '事中' },
  post_payment: { en: 'After payment', zh: '事后' },
};

export const CATEGORY_LABELS: Labels<(typeof RULE_CATEGORIES)[number]> = {
  policy: { en: 'Policy', zh: '政策类' },
  management: { en: 'Management', zh: '管理类' },
  medical: { en: 'Medical', zh: '医疗类' },
};

export const RESPONSE_LABELS: Labels<(typeof FINDING_RESPONSES)[number]> = {
  continue: { en: 'Continue (with a reason)', zh: '继续' },
  remove_line: { en: 'Remove the line', zh: '删除明细' },
  self_pay: { en: 'Switch to self-pay', zh: '转自费' },
};

/** What a rule checks, by kind. */
export const CHECK_KIND_LABELS: Labels<RuleCheckKind> = {
  out_of_catalog: { en: 'Out of catalog without approval', zh: '目录外项目未经审批' },
  restriction_not_met: { en: 'Restriction not met', zh: '限定支付范围' },
  biomarker_required: { en: 'Targeted drug without biomarker', zh: '靶向药无基因检测' },
  duplicate_charge: { en: 'Duplicate charge', zh: '重复收费' },
  times_per_window: { en: 'Times per period', zh: '限定周期次数' },
  primary_formulary: { en: 'Primary-care formulary', zh: '基层用药目录' },
  long_prescription: { en: 'Long prescription', zh: '长处方' },
  plan_cost_threshold: { en: 'Plan cost over threshold', zh: '联合用药方案超阈值' },
  daily_drug_cost: { en: 'Daily drug cost over standard', zh: '日均药费超标准' },
  exit_rule: { en: 'Therapy past its exit rule', zh: '退出规则' },
  suspended_prescriber: { en: 'Suspended prescriber', zh: '暂停医保处方权' },
  item_sex: { en: 'Sex', zh: '限定性别' },
  item_age: { en: 'Age', zh: '限定年龄' },
  item_tier: { en: 'Institution tier', zh: '限定机构等级' },
  item_setting: { en: 'Setting', zh: '限定就医方式' },
  item_course: { en: 'Course', zh: '限定疗程' },
  item_scheme: { en: 'Insurance scheme', zh: '限定保险类型' },
  item_frequency: { en: 'Frequency per day', zh: '限定频次' },
  secondary_procedure: { en: 'Secondary procedure', zh: '限定主次操作' },
};

/** "Deduct the line 扣款", or the key itself when it has no label. */
export function labelOf(labels: Readonly<Record<string, Label>>, key: string): string {
  const label = labels[key];
  return label === undefined ? key : `${label.en} ${label.zh}`;
}

/** A rule's window, as people say it. */
export function windowText(window: RuleWindow | undefined): string {
  // A rule without a window looks at the visit (the rule schema's default).
  const w: RuleWindow = window ?? { kind: 'visit' };
  switch (w.kind) {
    case 'visit':
      return 'This visit 本次就诊';
    case 'admission':
      return 'This admission 本次住院';
    case 'natural_day':
      return 'Natural day 自然日';
    case 'days':
      return `${String(w.days)} days ${String(w.days)}天`;
    case 'year':
      return 'Calendar year 自然年';
  }
}

/** How many entries of a list a parameter row shows before "… and N more". */
export const LIST_SHOWN = 8;

export interface ParameterRow {
  readonly name: string;
  /** Readable text of the value (lists truncated). */
  readonly text: string;
  /** Entries of a list parameter (0 for a single value). */
  readonly count: number;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(scalar).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${scalar(v)}`)
      .join('; ');
  }
  return JSON.stringify(value);
}

/** A list, its first `shown` entries and how many more there are. */
export function truncated(values: readonly unknown[], shown = LIST_SHOWN): string {
  const head = values
    .slice(0, shown)
    .map((v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? `(${scalar(v)})` : scalar(v),
    );
  const more = values.length - head.length;
  return more > 0 ? `${head.join(', ')} … and ${more.toLocaleString('en')} more` : head.join(', ');
}

/**
 * A check's parameters (everything but its kind) as rows: lists truncated with their count,
 * thresholds and windows as text, nested objects as `key: value` pairs.
 */
export function parameterRows(check: Readonly<Record<string, unknown>>): ParameterRow[] {
  return Object.entries(check)
    .filter(([name, value]) => name !== 'kind' && value !== undefined)
    .map(([name, value]) =>
      Array.isArray(value)
        ? { name, text: value.length === 0 ? '—' : truncated(value), count: value.length }
        : { name, text: scalar(value), count: 0 },
    );
}

/** Does the rule match the search text (code, name, English name, check kind or its label)? */
export function ruleMatches(
  rule: {
    readonly code: string;
    readonly name: string;
    readonly nameEn?: string | undefined;
    readonly check: { readonly kind: RuleCheckKind };
  },
  search: string,
): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  const kind = CHECK_KIND_LABELS[rule.check.kind];
  return [rule.code, rule.name, rule.nameEn ?? '', rule.check.kind, kind.en, kind.zh]
    .map((s) => s.toLowerCase())
    .some((s) => s.includes(q));
}

/** A finding's evidence as key/value rows, in the rule's order; lists joined, null as "—". */
export function evidenceRows(
  evidence: Readonly<Record<string, string | boolean | null | readonly string[]>>,
): { readonly key: string; readonly value: string }[] {
  return Object.entries(evidence).map(([key, value]) => ({
    key,
    value:
      value === null
        ? '—'
        : typeof value === 'boolean'
          ? value
            ? 'yes'
            : 'no'
          : typeof value === 'string'
            ? value
            : value.length === 0
              ? '—'
              : value.join(', '),
  }));
}

/** Client-side paging of a filtered list: the page and the clamped offset. */
export function pageOf<T>(items: readonly T[], offset: number, size: number) {
  const start = items.length === 0 ? 0 : Math.min(Math.max(0, offset), items.length - 1);
  const from = start - (start % size);
  return { offset: from, page: items.slice(from, from + size) };
}
