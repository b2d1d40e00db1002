import type { AuditEventKind } from '@openpayer/supervision';
import { href } from '../app/router.ts';

/** How the audit log's vocabulary reads on screen: the English beside the fund's Chinese term. */

export const EVENT_LABEL: Readonly<Record<AuditEventKind, string>> = {
  'settlement.settled': 'Settled 结算',
  'settlement.reversed': 'Reversed 冲正',
  'claim.held': 'Claim held 暂缓支付',
  'claim.released': 'Claim released 解除暂缓',
  'catalog.release_imported': 'Catalog imported 目录导入',
  'catalog.restrictions_edited': 'Restrictions edited 限定支付修改',
  'catalog.crosswalk_attached': 'Crosswalk attached 医保编码对照',
  'policy.uploaded': 'Policy uploaded 政策上传',
  'policy.activated': 'Policy activated 政策生效',
  'approval.requested': 'Approval requested 审批申请',
  'approval.decided': 'Approval decided 审批决定',
  'rule_set.uploaded': 'Rule set uploaded 规则上传',
  'rule_set.activated': 'Rule set activated 规则生效',
  'finding.responded': 'Finding answered 疑点申诉',
  'case.transitioned': 'Case moved 案件流转',
  'oversight.document_uploaded': 'Oversight document uploaded 监管数据上传',
  'reconciliation.recorded': 'Period reconciled 结算清算',
  'value.observations_recorded': 'Observations recorded 考核指标录入',
  'value.outcome_recorded': 'Outcome recorded 疗效结局录入',
  'value.period_recorded': 'Value period run 按价值付费结算',
  'value.assessment_recorded': 'Admission assessed 准入评估',
  'special_case.requested': 'Special case requested 特病单议申请',
  'special_case.decided': 'Special case decided 特病单议审核',
  'principal.created': 'Key created 新建密钥',
  'principal.revoked': 'Key revoked 吊销密钥',
  'principal.rotated': 'Key rotated 更换密钥',
  'principal.alliance_set': 'Alliance set 医联体设置',
};

/**
 * The kinds of object the log records changes of (the `object.type` of its entries), as the
 * chain form offers them. A type not listed here (a newer one, from a link) is still shown.
 */
export const OBJECT_TYPE_LABEL: Readonly<Record<string, string>> = {
  settlement: 'Settlement 结算单',
  approval: 'Approval 审批',
  policy: 'Policy 政策',
  catalog_release: 'Catalog release 目录版本',
  principal: 'Principal 用户密钥',
  rule_set: 'Rule set 审核规则库',
  finding: 'Finding 审核结果',
  reconciliation: 'Reconciliation 结算清算',
};

/** The chain page of one object. */
export const chainHref = (type: string, id: string) => href('/audit/chain', { type, id });

/** A long hash shortened for a table cell: the first and last characters. */
export function shortHash(hash: string, keep = 10): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-keep)}`;
}
