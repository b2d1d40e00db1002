import {
  INSTITUTION_TIERS,
  CLAIM_TYPES,
  INSURANCE_TYPES,
  Money,
  PERSON_CATEGORIES,
  Ratio,
  calendarDateSchema,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * The building blocks of a policy document's parameters, shared by the settlement parameters
 * (policy.ts) and the value-based payment models (value/): free text, the key an entry applies
 * to, a dated keyed entry, and a dated rule with an id.
 */

/**
 * A refinement of a container runs when its children have only non-aborting issues (a string
 * that fails its pattern), and then sees the child's wire text, not its decoded value: the
 * cross-field checks below compare only values that did decode.
 */
export const decodedMoney = (value: unknown): Money | undefined =>
  value instanceof Money ? value : undefined;

/**
 * Free text of a policy (title, notes, names, item codes). The document is stored as it came: the
 * database refuses a NUL character (such an upload answered 500) and an unpaired UTF-16 surrogate
 * cannot survive UTF-8 storage unchanged, so both are refused here, with the field's path.
 */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const storable = (value: string) => !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
export const text = (min: number, max: number) =>
  z.string().min(min).max(max).refine(storable, {
    error: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  });

export const parameterKeySchema = z
  .strictObject({
    region: regionCodeSchema.optional().meta({
      description: 'The insured region (统筹区), for a policy shared by several regions.',
    }),
    insuranceType: z.enum(INSURANCE_TYPES).optional(),
    tier: z.enum(INSTITUTION_TIERS).optional(),
    claimType: z.enum(CLAIM_TYPES).optional(),
    personCategory: z
      .enum(PERSON_CATEGORIES)
      .optional()
      .meta({ description: 'Applies when the person has this category (e.g. low_income).' }),
    institution: text(1, 64).optional().meta({
      description:
        'One institution (its code), e.g. its own DIP hospital coefficient; an entry for an institution beats every entry without one.',
    }),
  })
  .meta({ id: 'ParameterKey' });
export type ParameterKey = z.output<typeof parameterKeySchema>;

export function entry<T extends z.ZodType>(value: T) {
  return z.strictObject({
    from: calendarDateSchema,
    to: calendarDateSchema
      .nullable()
      .default(null)
      .meta({ description: 'First day no longer in force.' }),
    key: parameterKeySchema.default({}),
    value,
    note: text(0, 500).optional(),
  });
}

/** A decoded ratio, or undefined while its wire text did not decode (see `decodedMoney`). */
export const decodedRatio = (value: unknown): Ratio | undefined =>
  value instanceof Ratio ? value : undefined;

/**
 * The fields every rule of a rule list has (a sharing rule, a service-unit rule, a capitation
 * programme …): an id unique in its list (a rule's identity across versions), a name, and the
 * dates it is in force (`to` exclusive, null = open).
 */
export const ruleFields = {
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/u),
  name: text(0, 200).default(''),
  from: calendarDateSchema,
  to: calendarDateSchema
    .nullable()
    .default(null)
    .meta({ description: 'First day no longer in force.' }),
};

/** Whether a dated entry or rule is in force on a date. */
export const inForce = (e: { from: string; to: string | null }, date: string): boolean =>
  e.from <= date && (e.to === null || date < e.to);
