import { type CalendarDate, type Evidence, type PriorTherapyOutcome } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { lungCancerClaim } from '../__fixtures__/nrdl.ts';
import {
  type Restriction,
  type RestrictionOf,
  restrictionSchema,
} from '../restrictions/restriction.ts';
import {
  type EvaluationSubject,
  claimFacts,
  evaluateRestriction,
  normalizeTherapy,
} from './evaluate.ts';

/**
 * Restrictions on facts of the claim's care beside its codes: an earlier therapy (既往…治疗失败 /
 * 未经…治疗) against the claim's prior_therapy evidence, emergency care (急救、抢救) against its flag,
 * a TCM syndrome (中医辨证属…证) against the syndromes it records, a procedure (膀胱镜检查, 血液透析)
 * against its procedure codes and status diagnoses.
 * A claim that does not say cannot be told (paid and flagged), one that says otherwise is not met.
 */

const base = lungCancerClaim();
const date = '2025-03-01' as CalendarDate;

function subject(evidence: Evidence[]): EvaluationSubject {
  return {
    person: base.person,
    tier: 'tertiary',
    claim: claimFacts({
      type: 'outpatient',
      diagnoses: [{ code: 'C34.900' }],
      evidence,
    }),
    line: { date: '2025-04-10' as CalendarDate, approved: false },
  };
}

const had = (therapy: string, outcome: PriorTherapyOutcome): Evidence => ({
  kind: 'prior_therapy',
  therapy,
  outcome,
  date,
});

function prior(
  therapies: string[],
  outcomes: PriorTherapyOutcome[],
  require: 'any' | 'all' = 'any',
): RestrictionOf<'prior_therapy'> {
  return restrictionSchema.parse({
    kind: 'prior_therapy',
    source: 'nrdl',
    text: '既往…',
    therapies,
    require,
    outcomes,
  }) as RestrictionOf<'prior_therapy'>;
}

const judge = (r: RestrictionOf<'prior_therapy'>, evidence: Evidence[]) => {
  const e = evaluateRestriction(r, subject(evidence));
  return [e.result, e.code];
};

describe('prior_therapy restrictions', () => {
  const platinumFailed = prior(['含铂化疗'], ['failed']);

  it('is met by a record of the therapy with a required outcome', () => {
    expect(judge(platinumFailed, [had('含铂化疗', 'failed')])).toEqual(['met', 'restriction.met']);
  });

  it('cannot be told when the claim says nothing of the therapy (paid and flagged for review)', () => {
    expect(judge(platinumFailed, [])).toEqual(['cannot_tell', 'restriction.prior_therapy.unknown']);
    expect(judge(platinumFailed, [had('EGFR-TKI', 'failed')])).toEqual([
      'cannot_tell',
      'restriction.prior_therapy.unknown',
    ]);
  });

  it('is not met when the therapy was given with another outcome', () => {
    expect(judge(platinumFailed, [had('含铂化疗', 'received')])).toEqual([
      'not_met',
      'restriction.prior_therapy.contrary',
    ]);
    expect(judge(platinumFailed, [had('含铂化疗', 'intolerant')])).toEqual([
      'not_met',
      'restriction.prior_therapy.contrary',
    ]);
  });

  it('counts a failed or intolerant therapy as received, not a contraindicated one', () => {
    const received = prior(['含铂化疗'], ['received']);
    for (const outcome of ['received', 'failed', 'intolerant'] as const) {
      expect(judge(received, [had('含铂化疗', outcome)])[0]).toBe('met');
    }
    expect(judge(received, [had('含铂化疗', 'contraindicated')])[0]).toBe('not_met');
    expect(judge(received, [had('含铂化疗', 'not_received')])[0]).toBe('not_met');
  });

  it('is met by any one of several outcomes (耐药或不耐受)', () => {
    const either = prior(['TNF抑制剂'], ['failed', 'intolerant', 'contraindicated']);
    expect(judge(either, [had('TNF抑制剂', 'contraindicated')])[0]).toBe('met');
    expect(judge(either, [had('TNF抑制剂', 'received')])[0]).toBe('not_met');
  });

  it('needs a record for a therapy never given (未经…治疗)', () => {
    const naive = prior(['ALK抑制剂'], ['not_received']);
    expect(judge(naive, [had('ALK抑制剂', 'not_received')])[0]).toBe('met');
    expect(judge(naive, [had('ALK抑制剂', 'failed')])).toEqual([
      'not_met',
      'restriction.prior_therapy.contrary',
    ]);
    expect(judge(naive, [])).toEqual(['cannot_tell', 'restriction.prior_therapy.unknown']);
  });

  it('needs one therapy of an any-of list and each of an all-of list', () => {
    const anyOf = prior(['舒尼替尼', '索拉非尼'], ['failed']);
    expect(judge(anyOf, [had('索拉非尼', 'failed')])[0]).toBe('met');
    const allOf = prior(['来那度胺', '蛋白酶体抑制剂'], ['received'], 'all');
    expect(judge(allOf, [had('来那度胺', 'received')])).toEqual([
      'cannot_tell',
      'restriction.prior_therapy.unknown',
    ]);
    // One of an all-of list given with another outcome: not met, whatever the other.
    expect(judge(allOf, [had('来那度胺', 'contraindicated')])).toEqual([
      'not_met',
      'restriction.prior_therapy.contrary',
    ]);
    expect(judge(allOf, [had('来那度胺', 'failed'), had('蛋白酶体抑制剂', 'received')])[0]).toBe(
      'met',
    );
  });

  it('compares names without case, width, spaces, hyphens or brackets', () => {
    expect(normalizeTherapy('EGFR-TKI')).toBe(normalizeTherapy('egfr tki'));
    expect(normalizeTherapy('ＥＧＦＲ－ＴＫＩ')).toBe('EGFRTKI');
    expect(normalizeTherapy('抗PD-1/PD-L1治疗')).toBe('抗PD1/PDL1治疗');
    const tki = prior(['EGFR-TKI'], ['failed']);
    expect(judge(tki, [had('egfr tki', 'failed')])[0]).toBe('met');
  });

  it('is refused by the schema without therapies or outcomes', () => {
    const bad = restrictionSchema.safeParse({
      kind: 'prior_therapy',
      source: 'manual',
      text: 'x',
      therapies: [],
      require: 'any',
      outcomes: ['sometimes'],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'outcomes.0',
      'therapies',
    ]);
  });
});

/** A restriction judged against a claim of `facts` (the base subject's person, tier and line). */
const judgeWith = (restriction: Restriction, facts: Parameters<typeof claimFacts>[0]) =>
  evaluateRestriction(restriction, { ...subject([]), claim: claimFacts(facts) });

describe('emergency restrictions', () => {
  const emergency = restrictionSchema.parse({
    kind: 'emergency',
    source: 'nrdl',
    text: '急救、抢救',
  });
  const judgeClaim = (flag: boolean | undefined) =>
    judgeWith(emergency, {
      type: 'inpatient',
      diagnoses: [{ code: 'I63.900' }],
      ...(flag === undefined ? {} : { emergency: flag }),
    });

  it('is met by emergency or rescue care, not by other care; a claim that does not say is flagged', () => {
    expect(judgeClaim(true).result).toBe('met');
    expect(judgeClaim(false)).toEqual({
      result: 'not_met',
      code: 'restriction.emergency.not_emergency',
    });
    expect(judgeClaim(undefined)).toEqual({
      result: 'cannot_tell',
      code: 'restriction.emergency.unknown',
    });
  });
});

describe('TCM syndrome restrictions', () => {
  const restriction = (syndromes: string[]) =>
    restrictionSchema.parse({
      kind: 'tcm_syndrome',
      source: 'nrdl',
      text: '中医辨证属气阴两虚、肾气不足证',
      syndromes,
    });
  const judge = (syndromes: string[], recorded: string[] | undefined) =>
    judgeWith(restriction(syndromes), {
      type: 'outpatient',
      diagnoses: [{ code: 'F32.900' }],
      ...(recorded === undefined ? {} : { tcmSyndromes: recorded }),
    });

  it('is met by the syndrome the claim records, written with or without 证 / 型', () => {
    expect(judge(['气虚血瘀证'], ['气虚血瘀证']).result).toBe('met');
    expect(judge(['气虚血瘀证'], [' 气虚血瘀型'])).toEqual({
      result: 'met',
      code: 'restriction.met',
    });
    expect(judge(['虚秘证', '血瘀气滞证'], ['血瘀气滞'])).toEqual({
      result: 'met',
      code: 'restriction.met',
    });
  });

  it('needs each part of a compound syndrome, recorded whole or one by one', () => {
    expect(judge(['气阴两虚、肾气不足证'], ['气阴两虚、肾气不足证']).result).toBe('met');
    expect(judge(['气阴两虚、肾气不足证'], ['肾气不足证', '气阴两虚证']).result).toBe('met');
    expect(judge(['气阴两虚、肾气不足证'], ['气阴两虚证'])).toEqual({
      result: 'not_met',
      code: 'restriction.tcm_syndrome.mismatch',
    });
  });

  it('is not met by another syndrome; a claim that records none is flagged', () => {
    expect(judge(['心脾两虚证'], ['肝郁气滞证'])).toEqual({
      result: 'not_met',
      code: 'restriction.tcm_syndrome.mismatch',
    });
    expect(judge(['心脾两虚证'], undefined)).toEqual({
      result: 'cannot_tell',
      code: 'restriction.tcm_syndrome.unknown',
    });
    expect(judge(['心脾两虚证'], [])).toEqual({
      result: 'cannot_tell',
      code: 'restriction.tcm_syndrome.unknown',
    });
  });
});

describe('procedure restrictions', () => {
  const dialysis = restrictionSchema.parse({
    kind: 'procedure',
    source: 'nrdl',
    text: '接受血液透析',
    procedures: ['血液透析'],
    procedureCodes: ['=39.9500', '39.9500x007', '39.9501'],
    statusCodes: ['Z49.1', 'Z99.201'],
  });
  const judge = (
    type: 'inpatient' | 'outpatient',
    procedures: string[],
    diagnoses: string[] = ['N18.500'],
  ) =>
    judgeWith(dialysis, {
      type,
      diagnoses: diagnoses.map((code) => ({ code })),
      procedures: procedures.map((code) => ({ code })),
    });

  it('is met by one of its procedure codes, or by a status diagnosis that shows it', () => {
    expect(judge('inpatient', ['39.9500']).result).toBe('met');
    expect(judge('inpatient', ['99.0400', '39.9500x007']).result).toBe('met');
    expect(judge('outpatient', [], ['N18.500', 'Z99.201']).result).toBe('met');
    // 39.9500x005 单膜血浆置换 sits under 39.9500: the exact code does not take it.
    expect(judge('inpatient', ['39.9500x005'])).toEqual({
      result: 'not_met',
      code: 'restriction.procedure.not_performed',
    });
  });

  it('is not met by a stay that coded other procedures; otherwise cannot be told', () => {
    expect(judge('inpatient', ['45.2300'])).toEqual({
      result: 'not_met',
      code: 'restriction.procedure.not_performed',
    });
    expect(judge('inpatient', [])).toEqual({
      result: 'cannot_tell',
      code: 'restriction.procedure.unknown',
    });
    expect(judge('outpatient', ['45.2300'])).toEqual({
      result: 'cannot_tell',
      code: 'restriction.procedure.unknown',
    });
  });
});
