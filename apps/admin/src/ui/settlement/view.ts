/**
 * The parts of a settlement (the engine's wire form: money as exact decimal strings) that the
 * settlement components read. Both a stored settlement's body and the simulator's pre-check answer
 * or in-browser preview have this shape.
 */

export interface LayersView {
  readonly total: string;
  readonly eligible: string;
  readonly selfPay: string;
  readonly layers: {
    readonly basic: {
      readonly deductible: string;
      readonly base: string;
      readonly fund: string;
      readonly capReached: boolean;
    };
    readonly criticalIllness: string;
    readonly medicalAssistance: string;
    readonly commercial: string;
    readonly sharing: string;
  };
}

export interface LineView {
  readonly lineId: string;
  readonly amount: string;
  readonly outcome: string;
  readonly itemId: string | null;
  readonly coverageReasons: readonly string[];
  readonly selfPay: readonly { readonly reason: string; readonly amount: string }[];
  readonly eligible: string;
  readonly payers: Readonly<Partial<Record<string, string>>>;
  readonly approvalId: string | null;
}

export interface ExplanationView {
  readonly layer: string;
  readonly what: string;
  readonly parameter: string | null;
  readonly value: string | null;
  readonly amount: string;
}
