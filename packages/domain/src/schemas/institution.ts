import { z } from 'zod';
import { regionCodeSchema } from './region.ts';

export const INSTITUTION_TIERS = ['primary', 'secondary', 'tertiary'] as const;
/** 基层 (primary / community), 二级 (secondary), 三级 (tertiary). */
export type InstitutionTier = (typeof INSTITUTION_TIERS)[number];

/**
 * National code of a designated institution (定点医药机构编码): `H` (medical institution) or `P`
 * (pharmacy) followed by the 6-digit region code and a 5-digit serial, e.g. `H23010300012`.
 */
export const INSTITUTION_CODE_PATTERN = /^[HP]\d{11}$/;

export const institutionCodeSchema = z
  .string()
  .regex(INSTITUTION_CODE_PATTERN, {
    error: 'must be H or P followed by 11 digits (region code + serial), e.g. "H23010300012"',
  })
  .brand<'InstitutionCode'>()
  .meta({
    description: 'Designated institution code (H… hospital, P… pharmacy).',
    example: 'H23010300012',
  });
export type InstitutionCode = z.output<typeof institutionCodeSchema>;

export const TECHNOLOGY_KINDS = [
  'robotic_surgery_system',
  'pet_ct',
  'proton_therapy',
  'car_t_center',
] as const;

export const institutionSchema = z
  .strictObject({
    code: institutionCodeSchema,
    name: z.string().min(1).max(200),
    tier: z.enum(INSTITUTION_TIERS),
    region: regionCodeSchema,
    alliance: z
      .strictObject({
        id: z.string().min(1).max(64).meta({ description: 'Medical alliance (医联体) id.' }),
        isLead: z.boolean().meta({ description: 'Whether this is the lead hospital (牵头医院).' }),
      })
      .optional(),
    technologies: z
      .array(
        z.strictObject({
          kind: z.enum(TECHNOLOGY_KINDS),
          origin: z.enum(['domestic', 'imported']),
        }),
      )
      .max(50)
      .default([]),
  })
  .meta({ id: 'Institution' });
export type Institution = z.output<typeof institutionSchema>;
