import { ITEM_KINDS, institutionCodeSchema } from '@openpayer/domain';
import { z } from 'zod';

/**
 * A hospital's own item codes (院内码) mapped to national codes (对照), as institutions submit
 * them to the fund. One institution's `localCode` means nothing at another, so the key is the pair.
 */
export const crosswalkEntrySchema = z
  .strictObject({
    institutionCode: institutionCodeSchema,
    localCode: z.string().min(1).max(64),
    kind: z.enum(ITEM_KINDS),
    nationalCode: z.string().min(1).max(40),
    localName: z.string().max(200).optional(),
  })
  .meta({ id: 'CrosswalkEntry' });
export type CrosswalkEntry = z.output<typeof crosswalkEntrySchema>;

export const crosswalkSchema = z
  .array(crosswalkEntrySchema)
  .max(1_000_000)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const key = crosswalkKey(entry.institutionCode, entry.localCode);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `local code "${entry.localCode}" of ${entry.institutionCode} is mapped twice (first at ${first})`,
          path: [index, 'localCode'],
        });
      } else {
        seen.set(key, index);
      }
    });
  });

export function crosswalkKey(institutionCode: string, localCode: string): string {
  return `${institutionCode}\u0000${localCode}`;
}
