import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Issue, validateClaim } from '@openpayer/domain';
import { type Settlement, emptyAccumulators, encodeSettlement, settle } from '@openpayer/pricing';
import { describe, expect, it } from 'vitest';
import { generateClaims } from '../demo/generate.ts';
import {
  EXPLAINED_SETTLEMENT_FIELDS,
  RESULT_LINE_FIELDS,
  RESULT_OWN_FIELDS,
  RESULT_SETTLEMENT_FIELDS,
  loadCatalogFile,
  loadPolicyFile,
  resultJson,
  resultText,
} from './engine.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const policy = loadPolicyFile(
  path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml'),
);
const catalog = loadCatalogFile(path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv'));

const nonZero = (payers: Readonly<Partial<Record<string, string>>>) =>
  Object.fromEntries(
    Object.entries(payers).filter(([, amount]) => !/^-?0\.00$/u.test(amount ?? '')),
  );

function settlements(count: number): Settlement[] {
  const out: Settlement[] = [];
  for (const claim of generateClaims({ claims: count, seed: 31 })) {
    const validated = validateClaim(JSON.parse(JSON.stringify(claim)));
    if (!validated.ok) continue;
    const c = validated.value;
    const year = Number((c.dischargeDate ?? c.admissionDate).slice(0, 4));
    const result = settle(c, {
      policy,
      catalog,
      accumulators: emptyAccumulators(c.person.id, year),
    });
    if (result.ok) out.push(result.value);
  }
  return out;
}

type Json = Record<string, unknown>;

/** A written result line against the settlement's wire form: exactly the declared projection. */
function expectProjection(written: Json, s: Settlement, explained: boolean) {
  const wire: Json = encodeSettlement(s);
  const fields = [
    ...RESULT_OWN_FIELDS,
    ...RESULT_SETTLEMENT_FIELDS,
    ...(explained ? EXPLAINED_SETTLEMENT_FIELDS : []),
  ];
  expect(Object.keys(written).sort()).toEqual([...fields].sort());
  for (const field of [
    ...RESULT_SETTLEMENT_FIELDS,
    ...(explained ? EXPLAINED_SETTLEMENT_FIELDS : []),
  ]) {
    if (field === 'payers' || field === 'lines') continue;
    expect(written[field], field).toEqual(wire[field]);
  }
  expect(written['payers']).toEqual(nonZero(wire['payers'] as Record<string, string>));
  const after = wire['accumulatorsAfter'] as Json;
  expect(written['accumulators']).toEqual(after);
  expect(written['personId']).toBe(after['personId']);

  const lines = written['lines'] as Json[];
  const wireLines = wire['lines'] as Json[];
  expect(lines).toHaveLength(wireLines.length);
  lines.forEach((line, i) => {
    const wireLine = wireLines[i] ?? {};
    const selfPay = wireLine['selfPay'] as unknown[];
    const expected = RESULT_LINE_FIELDS.filter((f) => f !== 'selfPay' || selfPay.length > 0);
    expect(Object.keys(line).sort()).toEqual([...expected].sort());
    for (const field of expected) {
      if (field === 'payers') continue;
      expect(line[field], `lines[${String(i)}].${field}`).toEqual(wireLine[field]);
    }
    expect(line['payers']).toEqual(nonZero(wireLine['payers'] as Record<string, string>));
  });
}

describe('the result line is a projection of the settlement schema', () => {
  const all = settlements(300);
  const warnings: Issue[] = [];

  it('has settlements to check, lines with and without self-pay parts among them', () => {
    expect(all.length).toBeGreaterThan(250);
    expect(all.some((s) => s.lines.some((l) => l.selfPay.length > 0))).toBe(true);
    expect(all.some((s) => s.lines.some((l) => l.selfPay.length === 0))).toBe(true);
  });

  it('writes exactly the projected fields, with the schema’s values (compact lines)', () => {
    for (const [i, s] of all.entries()) {
      expectProjection(JSON.parse(resultText(i + 1, i + 1, s, warnings)) as Json, s, false);
    }
  });

  it('adds exactly the explained fields with --explain', () => {
    for (const [i, s] of all.entries()) {
      const written = JSON.parse(
        JSON.stringify(resultJson(i + 1, i + 1, s, warnings, true)),
      ) as Json;
      expectProjection(written, s, true);
    }
  });
});
