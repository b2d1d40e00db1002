import type { CaseEventKind, CaseOrigin, CaseOutcomeKind, CaseState } from '@openpayer/supervision';

/** How the case screens name the engine's states, origins, steps and outcomes (display only). */
export const STATE_LABELS: Readonly<Record<CaseState, string>> = {
  open: 'Open 待处理',
  awaiting_response: 'Awaiting the hospital 待医院反馈',
  under_review: 'Under review 审核中',
  decided: 'Decided 已处理',
  appealed: 'Appealed 申诉中',
  closed: 'Closed 已结案',
};

export const ORIGIN_LABELS: Readonly<Record<CaseOrigin, string>> = {
  finding: 'Finding 审核疑点',
  anomaly: 'Anomaly 异常指标',
  complaint: 'Complaint 投诉举报',
};

export const EVENT_LABELS: Readonly<Record<CaseEventKind, string>> = {
  notify: 'Notify the hospital 通知医院',
  answer: 'Answer the complaint 答复投诉',
  respond: 'Answer (rectification) 医院反馈',
  decide: 'Decide 处理决定',
  appeal: 'Appeal 申诉',
  decide_appeal: 'Decide the appeal 申诉处理',
  close: 'Close 结案',
  escalate: 'Escalate 升级督办',
};

export const OUTCOME_LABELS: Readonly<Record<CaseOutcomeKind, string>> = {
  deduct: 'Deduct 扣款',
  recover: 'Recover funds 追回',
  warn: 'Warn 警告',
  dismiss: 'Dismiss 不予处理',
};

/** Whether a step takes an outcome (a decision, or an upheld appeal). */
export const takesOutcome = (event: CaseEventKind | ''): boolean =>
  event === 'decide' || event === 'decide_appeal';
