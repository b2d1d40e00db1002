import { COVERAGE_OUTCOMES } from '@openpayer/catalog';
import { Decimal, Money, Ratio, findingSchema, moneyCodec } from '@openpayer/domain';
import { z } from 'zod';
import { SHARE_PARTIES } from '../policy/policy.ts';
import { accumulatorsSchema } from './accumulators.ts';
import { type Explanation, SELF_PAY_REASONS, type Settlement } from './settle.ts';

/**
 * The settlement on the wire, field by field: the one description of it. The API's responses and
 * their OpenAPI document, the FHIR ClaimResponse mapping, what persistence stores, the admin UI's
 * types and the CLI's result line all come from this schema (`z.input` is the wire form, money as
 * fixed-scale strings; `z.output` is the engine's `Settlement`).
 *
 * Key order follows the order in which `settle()` builds the value, so `encodeSettlement` gives
 * the same bytes for the same settlement (a line's `payers` keep the order the layers added them).
 */

export const EXPLANATION_LAYERS = [
  'line',
  'basic',
  'critical_illness',
  'medical_assistance',
  'commercial',
  'sharing',
] as const satisfies readonly Explanation['layer'][];

export const partySchema = z.enum(SHARE_PARTIES).meta({ id: 'Party' });

export const selfPayPartSchema = z
  .strictObject({
    reason: z.enum(SELF_PAY_REASONS),
    amount: moneyCodec,
  })
  .meta({
    id: 'SelfPayPart',
    description: 'A part of a line the patient pays outside the policy scope, and why.',
  });

export const lineSettlementSchema = z
  .strictObject({
    lineId: z.string(),
    amount: moneyCodec,
    outcome: z.enum(COVERAGE_OUTCOMES),
    itemId: z
      .string()
      .nullable()
      .meta({ description: 'The catalog item the line matched, if any.' }),
    coverageReasons: z
      .array(z.string())
      .readonly()
      .meta({ description: "The coverage decision's reason codes." }),
    selfPay: z.array(selfPayPartSchema).readonly(),
    eligible: moneyCodec.meta({
      description: '政策范围内: the part of the line that enters the basic insurance layers.',
    }),
    payers: z.partialRecord(partySchema, moneyCodec).meta({
      description: "Each payer's part of this line; they sum to `amount`.",
    }),
    sharingRule: z.string().nullable(),
    approvalId: z
      .string()
      .nullable()
      .meta({ description: 'The approval the coverage decision used.' }),
    // Settlements stored before the review flag existed carry neither field: no flag then.
    review: z.boolean().default(false).meta({
      description:
        "The line needs a reviewer's look: a restriction the claim cannot tell, an item matched by name, or restriction text that was not read (see unparsedRestriction).",
    }),
    unparsedRestriction: z.array(z.string()).readonly().default([]).meta({
      description:
        "Fragments of the item's restriction text the decision could not read; never paid without the review flag.",
    }),
  })
  .meta({ id: 'LineSettlement' });

export const explanationSchema = z
  .strictObject({
    layer: z.enum(EXPLANATION_LAYERS),
    what: z.string(),
    parameter: z.string().nullable().meta({
      description: '`parameters.reimbursement[2]`: the policy entry used, when one was.',
    }),
    value: z.string().nullable().meta({ description: "The policy entry's value, as text." }),
    amount: moneyCodec,
  })
  .meta({ id: 'Explanation' });

export const accumulatorDeltaSchema = z
  .strictObject({
    // Settlements stored before the sharing counter existed have no sharingFundPaid: it was 0.
    // In MONEY_ACCUMULATORS order (the golden byte-for-byte test holds it there).
    money: z.strictObject({
      deductibleUsed: moneyCodec,
      fundPaid: moneyCodec,
      criticalIllnessBase: moneyCodec,
      criticalIllnessPaid: moneyCodec,
      assistancePaid: moneyCodec,
      commercialDeductibleUsed: moneyCodec,
      commercialPaid: moneyCodec,
      sharingFundPaid: moneyCodec.prefault('0.00'),
    }),
    admissions: z.int(),
  })
  .meta({ id: 'AccumulatorDelta', description: 'What one settlement added to the accumulators.' });

export const settlementSchema = z
  .strictObject({
    claimId: z.string(),
    versions: z.strictObject({ policy: z.string(), catalog: z.string() }),
    total: moneyCodec,
    eligible: moneyCodec,
    selfPay: moneyCodec,
    layers: z.strictObject({
      basic: z.strictObject({
        deductible: moneyCodec,
        base: moneyCodec,
        fund: moneyCodec,
        capReached: z.boolean(),
      }),
      criticalIllness: moneyCodec,
      medicalAssistance: moneyCodec,
      commercial: moneyCodec,
      sharing: moneyCodec,
    }),
    payers: z.record(partySchema, moneyCodec).meta({
      description: "Each payer's part of the claim; they sum to `total`.",
    }),
    lines: z.array(lineSettlementSchema).readonly(),
    accumulatorsBefore: accumulatorsSchema,
    accumulatorsAfter: accumulatorsSchema,
    delta: accumulatorDeltaSchema,
    explanations: z.array(explanationSchema).readonly(),
    // Present only when the review found something (settlements without findings keep their
    // bytes): the findings the settlement ran with, and whether one held the claim.
    findings: z.array(findingSchema).readonly().optional().meta({
      description: 'The smart-review findings the settlement ran with, and the actions they took.',
    }),
    held: z.literal(true).optional().meta({
      description:
        'A finding holds the claim for review: stored held, the accumulators untouched until released.',
    }),
  })
  .meta({
    id: 'Settlement',
    description:
      'A one-stop layered settlement: layers, payers, per-line splits, accumulators before and after, explanations and versions (money as strings).',
  });

/** The settlement as it travels: money as fixed-scale strings. */
export type SettlementWire = z.input<typeof settlementSchema>;
export type LineSettlementWire = z.input<typeof lineSettlementSchema>;
export type ExplanationWire = z.input<typeof explanationSchema>;

/**
 * The fast path of `encodeSettlement`: a walk of the settlement that writes Money as fixed-scale
 * strings ("1582.50"), ratios and decimals as strings, drops absent fields and keeps the keys in
 * the order the engine built them. Private to the settlement: any other value is encoded by its
 * own schema.
 */
function plainJson(value: unknown): unknown {
  if (value instanceof Money) return value.toFixedString();
  if (value instanceof Ratio) return value.toString();
  if (Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainJson(v);
    return out;
  }
  return value;
}

/** The settlement as JSON. The same settlement always gives byte-identical text. */
export function encodeSettlement(settlement: Settlement): SettlementWire {
  // The fast path: a walk of the value, ~4x cheaper than z.encode (39 vs 150 µs for a one-line
  // claim, measured), which the ledger pays on every settlement. wire.test.ts checks it gives
  // exactly z.encode(settlementSchema, …) over every golden scenario and generated settlements.
  return plainJson(settlement) as SettlementWire;
}

/** The schema's own encoding, which `encodeSettlement` must equal. */
export function encodeSettlementBySchema(settlement: Settlement): SettlementWire {
  return z.encode(settlementSchema, settlement);
}

/** A settlement back from its wire form (throws a ZodError on a malformed one). */
export function decodeSettlement(wire: SettlementWire): Settlement {
  return z.decode(settlementSchema, wire);
}

/**
 * A settlement read back as JSON (a stored body, an API's answer): checked field by field against
 * the schema and given back in its wire form, as `encodeSettlement` writes it (a figure stored
 * before a field existed gets its default). Throws a ZodError on a malformed one.
 */
export function settlementWireOf(json: unknown): SettlementWire {
  return z.encode(settlementSchema, settlementSchema.parse(json));
}
