import type { Checks } from '../review.ts';
import { ITEM_CHECKS } from './items.ts';
import { LISTED_CHECKS } from './listed.ts';

/** Every kind of check, by kind: the ones PRODUCT.md §5 lists and the rule base's item rules. */
export const CHECKS: Checks = { ...LISTED_CHECKS, ...ITEM_CHECKS };
