import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_PARAMETERS, diffPolicies } from './diff.ts';
import type { Policy } from './policy.ts';
import { parsePolicyText } from './text.ts';

const demoText = readFileSync(
  new URL('../../data/policies/demo-230100-2025.yaml', import.meta.url),
  'utf8',
);

function load(text: string): Policy {
  const parsed = parsePolicyText(text, 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** The demo policy with textual edits applied, each of which must change the document. */
function edited(...edits: [string, string][]): Policy {
  let text = demoText.replace('id: demo-230100-2025.1', 'id: demo-230100-2025.edited');
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    expect(next, `edit ${from}`).not.toBe(text);
    text = next;
  }
  return load(text);
}

const demo = load(demoText);

describe('diffPolicies', () => {
  it('finds nothing between the demo policy and itself under another id', () => {
    const diff = diffPolicies(demo, edited());
    expect(diff.from).toBe('demo-230100-2025.1');
    expect(diff.to).toBe('demo-230100-2025.edited');
    expect(diff.fields).toEqual([]);
    expect(diff.parameters).toEqual([]);
    expect(diff.counts.entries).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: Object.values(demo.parameters).reduce((n, entries) => n + entries.length, 0),
    });
    expect(diff.counts.parameters.unchanged).toBe(Object.keys(POLICY_PARAMETERS).length);
  });

  it('shows a changed ratio with both sides and its dates, matched by the entry’s keys', () => {
    const diff = diffPolicies(
      demo,
      edited([
        "- upTo: '50000.00'\n          ratio: '0.85'",
        "- upTo: '50000.00'\n          ratio: '0.88'",
      ]),
    );
    expect(diff.parameters).toHaveLength(1);
    const [reimbursement] = diff.parameters;
    expect(reimbursement).toMatchObject({
      parameter: 'reimbursement',
      layer: 'basic_medical_insurance',
      status: 'changed',
      counts: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    });
    expect(reimbursement?.entries).toEqual([
      {
        status: 'changed',
        identity: 'claimType=inpatient insuranceType=employee',
        beforeIndex: 0,
        afterIndex: 0,
        before: {
          from: '2025-01-01',
          to: null,
          key: { insuranceType: 'employee', claimType: 'inpatient' },
          value: [
            { upTo: '50000.00', ratio: '0.85' },
            { upTo: null, ratio: '0.9' },
          ],
        },
        after: {
          from: '2025-01-01',
          to: null,
          key: { insuranceType: 'employee', claimType: 'inpatient' },
          value: [
            { upTo: '50000.00', ratio: '0.88' },
            { upTo: null, ratio: '0.9' },
          ],
        },
        fields: ['value'],
      },
    ]);
    expect(diff.counts.entries.changed).toBe(1);
    expect(diff.counts.parameters).toMatchObject({ changed: 1, added: 0, removed: 0 });
  });

  it('pairs an entry whose dates moved as changed, and reports added and removed entries', () => {
    const diff = diffPolicies(
      demo,
      edited(
        // the resident cap ends mid-year and a raised cap follows it
        [
          "        insuranceType: resident\n      value: '200000.00'",
          "        insuranceType: resident\n      value: '200000.00'\n      to: 2025-07-01\n" +
            "    - from: 2025-07-01\n      key:\n        insuranceType: resident\n      value: '250000.00'",
        ],
        // the extreme-poverty assistance entry is dropped
        [
          "    - from: 2025-01-01\n      key:\n        personCategory: extreme_poverty\n      value:\n        ratio: '0.9'\n        annualCap: '80000.00'\n",
          '',
        ],
        // the first self-pay ratio starts later
        [
          '  firstSelfPayRatio:\n    - from: 2025-01-01',
          '  firstSelfPayRatio:\n    - from: 2025-02-01',
        ],
      ),
    );
    const byParameter = Object.fromEntries(diff.parameters.map((p) => [p.parameter, p]));
    expect(byParameter['annualCap']?.entries.map((e) => [e.status, e.identity, e.fields])).toEqual([
      ['changed', 'insuranceType=resident', ['to']],
      ['added', 'insuranceType=resident', []],
    ]);
    expect(byParameter['annualCap']?.entries[1]?.after).toMatchObject({
      from: '2025-07-01',
      value: '250000.00',
    });
    expect(byParameter['medicalAssistance']?.entries).toMatchObject([
      {
        status: 'removed',
        identity: 'personCategory=extreme_poverty',
        before: { value: { ratio: '0.9', annualCap: '80000.00' } },
        after: null,
      },
    ]);
    expect(byParameter['firstSelfPayRatio']?.entries).toMatchObject([
      {
        status: 'changed',
        fields: ['from'],
        before: { from: '2025-01-01' },
        after: { from: '2025-02-01' },
      },
    ]);
    expect(diff.counts.entries).toMatchObject({ added: 1, removed: 1, changed: 2 });
  });

  it('reports a parameter that gains its first entries as added, and version fields that changed', () => {
    const diff = diffPolicies(
      demo,
      edited(
        [
          '  commercial: []',
          "  commercial:\n    - from: 2025-01-01\n      value:\n        deductible: '20000.00'\n" +
            "        ratio: '0.8'\n        coversSelfPay: true\n        annualCap: '1000000.00'",
        ],
        ['publishedOn: 2024-12-15', 'publishedOn: 2025-03-01'],
      ),
    );
    expect(diff.fields).toEqual([
      { field: 'publishedOn', before: '2024-12-15', after: '2025-03-01' },
    ]);
    expect(diff.parameters).toMatchObject([
      {
        parameter: 'commercial',
        layer: 'commercial_supplementary',
        status: 'added',
        counts: { added: 1 },
      },
    ]);
    // and the other way round it is removed
    const withCommercial = edited([
      '  commercial: []',
      "  commercial:\n    - from: 2025-01-01\n      value:\n        deductible: '20000.00'\n" +
        "        ratio: '0.8'\n        coversSelfPay: true\n        annualCap: '1000000.00'",
    ]);
    expect(diffPolicies(withCommercial, demo).parameters).toMatchObject([
      { parameter: 'commercial', status: 'removed', counts: { removed: 1 } },
    ]);
  });

  it('matches sharing rules by id and names the field that changed', () => {
    const diff = diffPolicies(
      demo,
      edited(
        [
          "- party: civil_assistance\n          ratio: '0.2'",
          "- party: civil_assistance\n          ratio: '0.15'",
        ],
        [
          "- party: manufacturer\n          ratio: '0.1'",
          "- party: manufacturer\n          ratio: '0.15'",
        ],
      ),
    );
    expect(diff.parameters).toMatchObject([
      {
        parameter: 'sharing',
        layer: 'multi_party_sharing',
        status: 'changed',
        entries: [{ status: 'changed', identity: 'rare-disease-car-t', fields: ['shares'] }],
      },
    ]);
  });

  it('is symmetric: swapping the versions swaps added and removed', () => {
    const changed = edited([
      "      value: '0.1'\n      note: 乙类先行自付 10%",
      "      value: '0.12'\n      note: 乙类先行自付 12%",
    ]);
    const forward = diffPolicies(demo, changed);
    const backward = diffPolicies(changed, demo);
    expect(forward.counts.entries).toEqual(backward.counts.entries);
    expect(forward.parameters[0]?.entries[0]?.fields).toEqual(['value', 'note']);
    expect(backward.parameters[0]?.entries[0]?.before).toEqual(
      forward.parameters[0]?.entries[0]?.after,
    );
  });
});
