import { z } from 'zod';

/**
 * Wire shapes the catalog's route modules share (release headers), kept out of the route modules
 * so no route module imports another.
 */

export const releaseSummarySchema = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    region: z.string().nullable(),
    itemCount: z.int(),
  })
  .meta({ id: 'CatalogReleaseSummary' });
