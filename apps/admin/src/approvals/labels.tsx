import type { ApprovalKind, ApprovalStatus } from '@openpayer/catalog';
import type { PrescriberTitle } from '@openpayer/domain';

/** How the approval vocabulary reads on screen (the Chinese term a reviewer knows, too). */

export const KIND_LABELS: Readonly<Record<ApprovalKind, string>> = {
  out_of_catalog: 'Out of catalog 目录外',
  restricted_use: 'Restricted use 超限定范围',
  primary_care: 'Primary care 基层目录外',
  special_access: 'Special access 罕见病特殊准入',
};

export const STATUS_LABELS: Readonly<Record<ApprovalStatus, string>> = {
  requested: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  exhausted: 'Exhausted',
  expired: 'Expired',
};

const STATUS_BADGES: Readonly<Record<ApprovalStatus, string>> = {
  requested: 'badge badge-warning',
  approved: 'badge badge-ok',
  rejected: 'badge badge-error',
  withdrawn: 'badge badge-info',
  exhausted: 'badge badge-info',
  expired: 'badge badge-info',
};

export function StatusBadge({ status }: { readonly status: ApprovalStatus }) {
  return <span className={STATUS_BADGES[status]}>{STATUS_LABELS[status]}</span>;
}

export const TITLE_LABELS: Readonly<Record<PrescriberTitle, string>> = {
  resident: 'Resident 住院医师',
  attending: 'Attending 主治医师',
  associate_chief: 'Associate chief 副主任医师',
  chief: 'Chief 主任医师',
};

export const TIER_LABELS: Readonly<Record<string, string>> = {
  primary: 'primary 基层',
  secondary: 'secondary 二级',
  tertiary: 'tertiary 三级',
};
