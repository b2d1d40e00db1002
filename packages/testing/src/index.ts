/**
 * @openpayer/testing — golden fixtures and builders for OpenPayer's tests (private).
 * Fixtures are wire JSON (what an integrator sends; the example claim is the domain package's
 * documented example of the wire format), built from real national codes: ICD-10 医保版
 * C61.x00, ICD-9-CM-3 医保版 60.5x02, drug XL02BBA326A001010102180 (阿帕他胺片, from the national
 * smart-review rule base) and real 15-digit service item codes.
 */
import type { ClaimWire } from '@openpayer/domain';
import inpatientProstatectomy from '@openpayer/domain/examples/inpatient-prostatectomy.claim.json' with { type: 'json' };

/** A fresh deep copy of a valid inpatient claim (radical prostatectomy, 3 lines, 1,582.50 yuan). */
export function validInpatientClaim(): ClaimWire {
  return JSON.parse(JSON.stringify(inpatientProstatectomy)) as ClaimWire;
}

/** A claim with an override applied to a deep copy, for "change one thing" tests. */
export function claimWith(change: (claim: Record<string, unknown> & ClaimWire) => void): ClaimWire {
  const claim = validInpatientClaim() as Record<string, unknown> & ClaimWire;
  change(claim);
  return claim;
}

export {
  DEMO_PERSON,
  DEMO_HOSPITAL,
  type DemoClaimParts,
  demoClaimWire,
  lineAmount,
  sumAmounts,
} from './claims.ts';
