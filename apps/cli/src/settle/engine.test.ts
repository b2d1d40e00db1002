import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Issue,
  checkClaim,
  claimSchema,
  fail,
  hasErrors,
  issuesFromZod,
  ok,
  validateClaim,
} from '@openpayer/domain';
import { type Settlement, emptyAccumulators, settle } from '@openpayer/pricing';
import { describe, expect, it } from 'vitest';
import { generateClaims } from '../demo/generate.ts';
import { hashString } from '../demo/rng.ts';
import { personHash, personOf } from '../batch/person.ts';
import { loadCatalogFile, loadPolicyFile, resultJson, resultText } from './engine.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const policy = loadPolicyFile(
  path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml'),
);
const catalog = loadCatalogFile(path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv'));

/** validateClaim without its fast path: the schema, then the semantic checks. */
function schemaOnly(input: unknown) {
  const parsed = claimSchema.safeParse(input);
  if (!parsed.success) return fail(issuesFromZod(parsed.error));
  const issues = checkClaim(parsed.data);
  return hasErrors(issues) ? fail(issues) : ok(parsed.data, issues);
}

const SAMPLE = 4000;
const wire = [...generateClaims({ claims: SAMPLE, seed: 29 })];

describe('the batch engine’s hand-written paths', () => {
  it('validates thousands of generated claims exactly as the schema alone does', () => {
    for (const claim of wire) {
      // Through JSON, as a batch reads them.
      const input: unknown = JSON.parse(JSON.stringify(claim));
      expect(validateClaim(input)).toStrictEqual(schemaOnly(input));
    }
  }, 120_000);

  it('writes each result line byte for byte as JSON.stringify of the wire object', () => {
    let settled = 0;
    for (const [i, claim] of wire.entries()) {
      const validated = validateClaim(JSON.parse(JSON.stringify(claim)));
      if (!validated.ok) continue;
      const c = validated.value;
      const year = Number((c.dischargeDate ?? c.admissionDate).slice(0, 4));
      const result = settle(c, {
        policy,
        catalog,
        accumulators: emptyAccumulators(c.person.id, year),
        explain: false,
      });
      if (!result.ok) continue;
      // Demo claims carry no warnings; every seventh gets one, to cover their serialisation.
      const warnings: Issue[] = [...validated.issues, ...result.issues];
      if (i % 7 === 0) {
        warnings.push({
          code: 'claim.duplicate_diagnosis',
          severity: 'warning',
          path: ['diagnoses', 1, 'code'],
          message: 'diagnoses[1].code: I10.x00 repeats diagnoses[0]',
        });
      }
      expect(resultText(i + 1, i + 2, result.value, warnings)).toBe(
        JSON.stringify(resultJson(i + 1, i + 2, result.value, warnings, false)),
      );
      settled++;
    }
    expect(settled).toBeGreaterThan(SAMPLE * 0.9);
  }, 120_000);

  it('escapes ids and versions that JSON has to escape', () => {
    const claim = validateClaim(JSON.parse(JSON.stringify(wire[0])));
    if (!claim.ok) throw new Error('the first generated claim is valid');
    const c = claim.value;
    const result = settle(c, {
      policy,
      catalog,
      accumulators: emptyAccumulators(c.person.id, Number(c.admissionDate.slice(0, 4))),
    });
    if (!result.ok) throw new Error('the first generated claim settles');
    const odd: Settlement = {
      ...result.value,
      claimId: 'C-"1"\\',
      versions: { policy: 'p\n"q"', catalog: '目录\u0001' },
    };
    const warnings: Issue[] = [
      { code: 'x', severity: 'warning', path: ['a', 0], message: '"∑"\n' },
    ];
    expect(resultText(7, 9, odd, warnings)).toBe(
      JSON.stringify(resultJson(7, 9, odd, warnings, false)),
    );
  });
});

describe('routing a claim line to its person’s worker', () => {
  const hashOf = (line: string) => {
    const buf = Buffer.from(line, 'utf8');
    return personHash(buf, 0, buf.length);
  };

  it('hashes the person id read from the bytes as from the parsed line', () => {
    for (const claim of wire.slice(0, 500)) {
      const line = JSON.stringify(claim);
      expect(hashOf(line)).toBe(hashString(claim.person.id));
      expect(hashOf(line)).toBe(hashString(personOf(line)));
    }
  });

  it('routes an escaped or spaced-out person id like the plain one', () => {
    const plain = hashString('P-1');
    expect(hashOf('{"person":{"id":"P-1"}}')).toBe(plain);
    expect(hashOf('{"person":{"id":"P-\\u0031"}}')).toBe(plain);
    expect(hashOf('{ "person" : { "birthDate": "2000-01-01", "id" : "P-1" } }')).toBe(plain);
    expect(hashOf('{"id":"C-1","person":{"id":"P-1"},"lines":[]}')).toBe(plain);
    expect(hashOf('not json')).toBe(hashString(''));
    expect(hashOf('{"person":{"id":"P-é"}}')).toBe(hashString('P-é'));
  });

  it('reads the person only within its own line', () => {
    const two = Buffer.from('{"id":"C-1"}\n{"person":{"id":"P-2"}}\n', 'utf8');
    expect(personHash(two, 0, 12)).toBe(hashString(''));
    expect(personHash(two, 13, two.length - 1)).toBe(hashString('P-2'));
  });
});
