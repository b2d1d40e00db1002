import { describe, expect, it } from 'vitest';
import {
  catalogIndex,
  demoPolicyWire,
  policyFrom,
  zeroAccumulatorsWire,
} from '../__fixtures__/harness.ts';
import { claimSchema } from '@openpayer/domain';
import { demoClaimWire } from '@openpayer/testing';
import { accumulatorsSchema } from './accumulators.ts';
import { encodeSettlement } from './wire.ts';
import { precheck, settleRequest } from './request.ts';

const policy = policyFrom(demoPolicyWire());
const request = () => ({
  claim: demoClaimWire({
    id: 'C-2025-400001',
    person: { id: 'P-000901', birthDate: '1970-03-03', sex: 'female' },
    admissionDate: '2025-07-01',
    dischargeDate: '2025-07-05',
    diagnoses: [{ code: 'I50.900', role: 'principal' }],
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: 'XC01EBC109B001010102049',
        name: '注射用重组人脑利钠肽',
        quantity: '3',
        unitPrice: '424.98',
        amount: '1274.94',
        date: '2025-07-02',
        daysSupply: 3,
      },
    ],
  }),
  accumulators: zeroAccumulatorsWire('P-000901', 2025),
});

describe('settleRequest', () => {
  it('settles a valid wire request and agrees with the pre-check', () => {
    const result = settleRequest(request(), { policy, catalog: catalogIndex() });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    // 1,274.94 − first self-pay 127.49 = 1,147.45 eligible; deductible 1,000.00; 147.45 × 85% = 125.3325 → 125.33.
    expect(result.value.payers.basic_fund.toFixedString()).toBe('125.33');
    expect(result.value.payers.patient.toFixedString()).toBe('1149.61');
    const wire = request();
    const pre = precheck(claimSchema.parse(wire.claim), {
      policy,
      catalog: catalogIndex(),
      accumulators: accumulatorsSchema.parse(wire.accumulators),
    });
    expect(pre.ok && JSON.stringify(encodeSettlement(pre.value))).toBe(
      JSON.stringify(encodeSettlement(result.value)),
    );
  });

  it('refuses bad input with issues naming the fields, never throwing', () => {
    const bad = request() as Record<string, unknown> & ReturnType<typeof request>;
    (bad.claim.lines[0] as Record<string, unknown>)['amount'] = '12.345';
    (bad.accumulators as Record<string, unknown>)['fundPaid'] = -1;
    bad['extra'] = true;
    const result = settleRequest(bad, { policy, catalog: catalogIndex() });
    expect(result.ok).toBe(false);
    expect(result.issues.every((i) => i.code === 'settlement.invalid_request')).toBe(true);
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['claim.lines.0.amount', 'accumulators.fundPaid', '']),
    );
    expect(settleRequest(null, { policy, catalog: catalogIndex() }).ok).toBe(false);
    expect(settleRequest('{}', { policy, catalog: catalogIndex() }).ok).toBe(false);
  });
});
