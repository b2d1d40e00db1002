import { Money, Ratio } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lungCancerClaim, nrdlIndex } from '../__fixtures__/nrdl.ts';
import { type LineDecision, decideClaim } from './decide.ts';
import { encodeLineDecisions, lineDecisionSchema } from './wire.ts';

describe('the coverage decision on the wire', () => {
  it('encodes every line of a real decision, and decodes back to the same decision', () => {
    const claim = lungCancerClaim((c) => {
      c.lines.push({
        id: 'L2',
        kind: 'drug',
        code: 'XL01XXZ999A001010100001',
        name: '目录外药品',
        quantity: '1',
        unitPrice: '10.00',
        amount: '10.00',
        date: '2025-04-10',
      });
      c.totalAmount = '4510.00';
    });
    const decisions = decideClaim(nrdlIndex(), claim);
    const wire = encodeLineDecisions(decisions);
    expect(wire.map((d) => [d.lineId, d.decision.outcome])).toEqual([
      ['L1', 'covered_first_self_pay'],
      ['L2', 'not_covered'],
    ]);
    expect(wire[0]?.decision.coverageClass).toBe('B');
    expect(wire[0]?.decision.reasons.map((r) => r.code)).toContain('coverage.first_self_pay');
    // Plain JSON: nothing is lost through a text round trip, and the schema reads it back.
    const back = JSON.parse(JSON.stringify(wire)) as unknown;
    expect(back).toEqual(wire);
    const decoded = lineDecisionSchema.array().parse(back);
    expect(decoded.map((d) => d.decision.outcome)).toEqual(
      decisions.map((d) => d.decision.outcome),
    );
    expect(z.encode(lineDecisionSchema.array(), decoded)).toEqual(wire);
  });

  it('writes a sub-fen payment standard and an approval ratio as exact decimal strings', () => {
    const decision: LineDecision = {
      lineId: 'L1',
      decision: {
        outcome: 'covered',
        itemId: 'X/item',
        coverageClass: 'A',
        firstSelfPay: false,
        matchedBy: 'code',
        paymentStandard: { amount: Money.of('0.1234'), unit: '片' },
        paymentStandardText: '0.1234元(片)',
        restrictions: [],
        review: false,
        unparsed: [],
        approval: { id: 'AP-1', kind: 'special_access', reimbursementRatio: Ratio.of('0.6') },
        alternatives: [],
        reasons: [],
        releaseId: 'nrdl-2024',
      },
    };
    const [wire] = encodeLineDecisions([decision]);
    expect(wire?.decision.paymentStandard).toEqual({ amount: '0.1234', unit: '片' });
    expect(wire?.decision.approval?.reimbursementRatio).toBe('0.6');
  });

  it('refuses a malformed decision, naming the field', () => {
    const result = lineDecisionSchema.safeParse({ lineId: 'L1', decision: { outcome: 'maybe' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('decision.outcome');
  });
});
