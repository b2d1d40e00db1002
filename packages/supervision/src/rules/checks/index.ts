import type { Checks, Gates, LinePasses } from '../review.ts';
import { ITEM_CHECKS, ITEM_GATES, ITEM_LINE_PASSES } from './items.ts';
import { LISTED_CHECKS } from './listed.ts';

/** Every kind of check, by kind: the ones PRODUCT.md §5 lists and the rule base's item rules. */
export const CHECKS: Checks = { ...LISTED_CHECKS, ...ITEM_CHECKS };

/** The kinds whose rules a claim can be told apart from all at once (see `Gate`). */
export const GATES: Gates = { ...ITEM_GATES };

/** The kinds whose rules a line can be told to pass from the claim and the line alone (see `LinePass`). */
export const LINE_PASSES: LinePasses = { ...ITEM_LINE_PASSES };
