import {
  APPROVAL_STATUSES,
  DECIDING_ROLES,
  type Approval,
  approvalRequestSchema,
} from './approval.ts';
import { calendarDateSchema, quantityCodec, unitRatioCodec } from '@openpayer/domain';
import { z } from 'zod';

/**
 * An approval with its decision, drawdowns and history as JSON (quantities and ratios as decimal
 * strings): how storage keeps it and how the API returns it. `approvalSchema.decode` gives back
 * the engine value exactly; `z.encode(approvalSchema, approval)` writes it.
 */
const reviewerSchema = z.strictObject({
  id: z.string().min(1).max(100),
  role: z.enum([...DECIDING_ROLES, 'auditor', 'institution_integrator']),
  institutionCode: z.string().min(1).max(40).optional(),
  allianceId: z.string().min(1).max(64).optional(),
  isLeadHospital: z.boolean().optional(),
});

const decisionSchema = z.strictObject({
  by: reviewerSchema,
  on: calendarDateSchema,
  comment: z.string().max(2000),
  validFrom: calendarDateSchema,
  validTo: calendarDateSchema,
  approvedQuantity: quantityCodec,
  reimbursementRatio: unitRatioCodec.nullable(),
});

const drawdownSchema = z.strictObject({
  claimId: z.string().min(1),
  lineId: z.string().min(1),
  quantity: quantityCodec,
  on: calendarDateSchema,
  institutionCode: z.string().min(1).max(40).optional(),
});

const historyEntrySchema = z.strictObject({
  from: z.enum(APPROVAL_STATUSES).nullable(),
  to: z.enum(APPROVAL_STATUSES),
  on: calendarDateSchema,
  by: z.string().min(1),
  comment: z.string().optional(),
});

export const approvalSchema = approvalRequestSchema
  .safeExtend({
    status: z.enum(APPROVAL_STATUSES),
    decision: decisionSchema.nullable(),
    drawdowns: z.array(drawdownSchema),
    history: z.array(historyEntrySchema).min(1),
  })
  .meta({ id: 'Approval' });
export type ApprovalWire = z.input<typeof approvalSchema>;

/** The approval as JSON (the wire form above). */
export function approvalToWire(approval: Approval): ApprovalWire {
  return z.encode(approvalSchema, approval as z.output<typeof approvalSchema>);
}

/** A stored or received approval back as the engine value; throws on a malformed document. */
export function approvalFromWire(wire: unknown): Approval {
  return approvalSchema.decode(wire as ApprovalWire) as Approval;
}

/**
 * A reviewer's approval as the API receives it (POST /v1/approvals/{id}/approve). Shared by the
 * API and the admin UI's decision form, so both refuse the same input with the same paths.
 */
export const approveDecisionSchema = z
  .strictObject({
    comment: z.string().trim().max(2000).optional(),
    validFrom: calendarDateSchema,
    validTo: calendarDateSchema,
    approvedQuantity: quantityCodec,
    reimbursementRatio: unitRatioCodec
      .optional()
      .meta({ description: 'special_access only: the ratio the fund pays.' }),
    on: calendarDateSchema.optional().meta({ description: 'Decision date; today when absent.' }),
  })
  .meta({ id: 'ApproveRequest' });
export type ApproveDecisionWire = z.input<typeof approveDecisionSchema>;

/** A rejection as the API receives it (POST /v1/approvals/{id}/reject): the reason is required. */
export const rejectDecisionSchema = z
  .strictObject({
    comment: z.string().trim().min(1).max(2000),
    on: calendarDateSchema.optional(),
  })
  .meta({ id: 'RejectRequest' });
export type RejectDecisionWire = z.input<typeof rejectDecisionSchema>;
