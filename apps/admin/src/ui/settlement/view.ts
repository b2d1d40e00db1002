import type { ExplanationWire, LineSettlementWire, SettlementWire } from '@openpayer/pricing';

/**
 * The parts of a settlement (its wire form, `@openpayer/pricing`'s settlement schema: money as
 * exact decimal strings) that the settlement components read. Both a stored settlement's body and
 * the simulator's pre-check answer or in-browser preview have this shape.
 */

export type LayersView = Pick<SettlementWire, 'total' | 'eligible' | 'selfPay' | 'layers'>;

export type LineView = LineSettlementWire;

export type ExplanationView = ExplanationWire;
