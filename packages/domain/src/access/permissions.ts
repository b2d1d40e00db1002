/**
 * Who may do what: the one table the API enforces (`allow(action)` on each route) and the admin
 * reads to show or hide its buttons. Object-level rules (an integrator only acts for its own
 * institution) stay beside the object they protect, in the API's routes.
 */

/** The roles an API key is issued in. */
export const PRINCIPAL_ROLES = [
  'administrator',
  'reviewer',
  'institution_integrator',
  'auditor',
] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

const EVERY_ROLE: readonly PrincipalRole[] = PRINCIPAL_ROLES;
/** The fund's administrators and the hospitals' systems: the roles that move money. */
const SETTLING: readonly PrincipalRole[] = ['administrator', 'institution_integrator'];
const ADMINISTRATOR: readonly PrincipalRole[] = ['administrator'];

export const ACTIONS = [
  'read',
  'precheck',
  'settle',
  'reverse',
  'request_approval',
  'decide_approval',
  'import_catalog',
  'edit_catalog',
  'upload_policy',
  'activate_policy',
  'manage_principals',
  'read_audit',
  'manage_rules',
  'respond_finding',
  'run_review',
  'release_claim',
  'reconcile',
  'record_outcome',
  'record_observations',
  'run_value_period',
  'request_special_case',
  'decide_special_case',
  'simulate',
  'work_case',
  'answer_case',
  'manage_oversight',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The roles that may perform each action. */
export const PERMISSIONS: Readonly<Record<Action, readonly PrincipalRole[]>> = {
  /** Read settlements, approvals, accumulators, catalog and policies (within object rules). */
  read: EVERY_ROLE,
  /** Pre-check a claim or its coverage (预结算): nothing is stored, no money moves. */
  precheck: EVERY_ROLE,
  /** Settle a claim (结算). */
  settle: SETTLING,
  /** Reverse a settlement (冲正). */
  reverse: SETTLING,
  /** Ask for a prior approval (事前审批申请). */
  request_approval: SETTLING,
  /** Approve or reject a prior-approval request (审批). */
  decide_approval: ['administrator', 'reviewer'],
  /** Import a catalog release (目录). */
  import_catalog: ADMINISTRATOR,
  /** Publish a new release with an item's restrictions structured by hand (人工结构化). */
  edit_catalog: ADMINISTRATOR,
  /** Upload a policy version (待遇政策). */
  upload_policy: ADMINISTRATOR,
  /** Activate a policy version from a date, or move its activation. */
  activate_policy: ADMINISTRATOR,
  /** Issue, rotate and revoke API keys. */
  manage_principals: ADMINISTRATOR,
  /** Read the audit log: entries (people pseudonymised), signed tree heads, proofs, the export. */
  read_audit: ['administrator', 'reviewer', 'auditor'],
  /** Upload and activate smart-review rule sets (智能审核规则库). */
  manage_rules: ADMINISTRATOR,
  /** Answer a finding on a claim (continue with a reason, remove the line, self-pay): 3103. */
  respond_finding: SETTLING,
  /** Run the post-payment review (事后审核) over stored claims. */
  run_review: ['administrator', 'reviewer'],
  /** Release a claim a finding held for review, paying or deducting it. */
  release_claim: ['administrator', 'reviewer'],
  /** Reconcile a hospital's period (结算清算): record its case payments against cost, once. */
  reconcile: ADMINISTRATOR,
  /** Record a patient's outcome event (a treatment, a response evaluated, a death …): 按疗效付费. */
  record_outcome: SETTLING,
  /** Record an institution's measurements of a period (indicators, enrolment, scores). */
  record_observations: ADMINISTRATOR,
  /** Run a value-based payment period (capitation, P4P, value score, rebates) and record it once. */
  run_value_period: ADMINISTRATOR,
  /** Ask that a settled inpatient case not be paid by its group (特病单议申请). */
  request_special_case: SETTLING,
  /** Approve or reject a special-case request (特病单议审核). */
  decide_special_case: ['administrator', 'reviewer'],
  /**
   * Run and read what-if simulations: the stored claims of the region under a baseline and a
   * candidate version (a draft policy, another release).
   */
  simulate: ADMINISTRATOR,
  /**
   * Work a supervision case (稽核案件): open it, notify the hospital, answer a complaint, decide,
   * decide an appeal, close it, escalate overdue ones.
   */
  work_case: ['administrator', 'reviewer'],
  /** A hospital answers a case about itself (整改 / 说明) or appeals its decision (申诉). */
  answer_case: SETTLING,
  /**
   * Upload oversight data: KPI definitions, anomaly rules, global budgets (总额预算), case rules
   * and working-day calendars.
   */
  manage_oversight: ADMINISTRATOR,
};

/** Whether a principal in `role` may perform `action`. */
export function may(role: PrincipalRole, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}
