import { z } from 'zod';
import { calendarDateSchema } from '../dates/calendar-date.ts';
import { periodSchema } from '../dates/period.ts';
import { regionCodeSchema } from './region.ts';

export const INSURANCE_TYPES = ['employee', 'resident'] as const;
/** 职工 (employee) or 城乡居民 (resident) basic medical insurance. */
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export const SEXES = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/**
 * Categories that change what a person is owed: ratios, deductibles, assistance.
 * child 儿童 · student 学生 · elderly 老年人 · retired 退休 · low_income 低保 ·
 * extreme_poverty 特困 · low_income_edge 低保边缘 · poverty_risk 防返贫监测对象 ·
 * rare_disease 罕见病患者 · severe_disability 重度残疾 · entitled_veteran 优抚对象.
 */
export const PERSON_CATEGORIES = [
  'child',
  'student',
  'elderly',
  'retired',
  'low_income',
  'extreme_poverty',
  'low_income_edge',
  'poverty_risk',
  'rare_disease',
  'severe_disability',
  'entitled_veteran',
] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export const PERSON_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

export const personIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(PERSON_ID_PATTERN, {
    error: 'must be a pseudonymous id of letters, digits and . _ : -; never a national ID number',
  })
  .brand<'PersonId'>()
  .meta({
    description: 'Pseudonymous person id (never the raw 身份证 number).',
    example: 'P-000123',
  });
export type PersonId = z.output<typeof personIdSchema>;

/** Registration for care outside the insured region (异地就医备案). */
export const outOfRegionRegistrationSchema = z.strictObject({
  region: regionCodeSchema
    .nullable()
    .meta({ description: 'Region registered for; null = anywhere.' }),
  period: periodSchema,
});

/** The insured person (参保人) as a claim carries them. */
export const insuredPersonSchema = z
  .strictObject({
    id: personIdSchema,
    birthDate: calendarDateSchema,
    sex: z.enum(SEXES),
    insuranceType: z.enum(INSURANCE_TYPES),
    insuredRegion: regionCodeSchema,
    categories: z
      .array(z.enum(PERSON_CATEGORIES))
      .max(PERSON_CATEGORIES.length)
      .refine((list) => new Set(list).size === list.length, { error: 'categories must not repeat' })
      .default([]),
    outOfRegionRegistrations: z.array(outOfRegionRegistrationSchema).max(20).default([]),
  })
  .meta({ id: 'InsuredPerson' });
export type InsuredPerson = z.output<typeof insuredPersonSchema>;
