import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fail, hasErrors, ok } from '../issue/index.ts';
import {
  CLAIM_TYPES,
  ITEM_KINDS,
  PRESCRIBER_TITLES,
  SCHEMES,
  TECHNIQUES,
  claimSchema,
} from '../schemas/claim.ts';
import { INSTITUTION_TIERS, TECHNOLOGY_KINDS } from '../schemas/institution.ts';
import { INSURANCE_TYPES, PERSON_CATEGORIES, SEXES } from '../schemas/person.ts';
import { PROVINCE_PREFIXES } from '../schemas/region.ts';
import { decodeWellFormedClaim } from './claim-fast-path.ts';
import { checkClaim, validateClaim } from './validate-claim.ts';
import { issuesFromZod } from './zod-issues.ts';

/** validateClaim as it was before the fast path: the schema, then the semantic checks. */
function schemaOnly(input: unknown) {
  const parsed = claimSchema.safeParse(input);
  if (!parsed.success) return fail(issuesFromZod(parsed.error));
  const issues = checkClaim(parsed.data);
  return hasErrors(issues) ? fail(issues) : ok(parsed.data, issues);
}

/** Plain objects as [key, value] lists, so that key order counts when comparing. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.entries(value).map(([k, v]) => [k, ordered(v)]);
  }
  return value;
}

type Wire = Record<string, unknown>;

// ---- Valid wire claims, with every optional field sometimes present, keys in any order ----

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const idText = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
const textUnit = fc.constantFrom('a', 'Z', '0', ' ', '-', '"', '\\', '中', '文', '😀');
const text = (min: number, max: number) =>
  fc
    .string({ minLength: min, maxLength: max, unit: textUnit })
    .filter((s) => s.length >= min && s.length <= max);
const date = fc
  .date({ min: new Date('1930-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const region = fc
  .tuple(fc.constantFrom(...PROVINCE_PREFIXES), digits(4))
  .map(([p, rest]) => `${p}${rest}`);
const amount = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), digits(2))
  .map(([units, cents]) => `${units}.${cents}`);
const unitPrice = fc.oneof(
  digits(3).map((units) => String(Number(units))),
  fc
    .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 6 }))
    .chain(([units, places]) => digits(places).map((fraction) => `${units}.${fraction}`)),
);
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map(String),
  fc.constantFrom('0.5', '+2', '-1', '14', '0.333333333333333333333333333333333333'),
  fc.integer({ min: -5, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);
const decimalText = fc.constantFrom('42.5', '0', '-3', '+7.25', '1000000.000001');

/** `{ key: value }` or `{}`, each half the time. */
const maybe = <T>(key: string, value: fc.Arbitrary<T>): fc.Arbitrary<Wire> =>
  fc.option(value, { nil: undefined }).map((v) => (v === undefined ? {} : { [key]: v }));

/** The object's keys in a random order (the output's order must not depend on it). */
const shuffled = (parts: fc.Arbitrary<Wire>[]): fc.Arbitrary<Wire> =>
  fc
    .tuple(...parts)
    .map((list) => Object.assign({}, ...list) as Wire)
    .chain((o) =>
      fc
        .shuffledSubarray(Object.keys(o), { minLength: Object.keys(o).length })
        .map((keys) => Object.fromEntries(keys.map((k) => [k, o[k]]))),
    );

const required = <T>(key: string, value: fc.Arbitrary<T>) => value.map((v) => ({ [key]: v }));

const prescriber = shuffled([
  required('id', idText),
  required('title', fc.constantFrom(...PRESCRIBER_TITLES)),
]);

const person = shuffled([
  required('id', idText),
  required('birthDate', date),
  required('sex', fc.constantFrom(...SEXES)),
  required('insuranceType', fc.constantFrom(...INSURANCE_TYPES)),
  required('insuredRegion', region),
  maybe('categories', fc.shuffledSubarray([...PERSON_CATEGORIES])),
  maybe(
    'outOfRegionRegistrations',
    fc.array(
      fc.record({
        region: fc.option(region, { nil: null }),
        period: fc
          .tuple(date, fc.option(date, { nil: null }))
          .map(([start, end]) => ({ start, end: end !== null && end <= start ? null : end })),
      }),
      { maxLength: 3 },
    ),
  ),
]);

const institution = shuffled([
  required(
    'code',
    fc.tuple(fc.constantFrom('H', 'P'), digits(11)).map(([a, b]) => a + b),
  ),
  required('name', text(1, 200)),
  required('tier', fc.constantFrom(...INSTITUTION_TIERS)),
  required('region', region),
  maybe('alliance', fc.record({ id: text(1, 64), isLead: fc.boolean() })),
  maybe(
    'technologies',
    fc.array(
      fc.record({
        kind: fc.constantFrom(...TECHNOLOGY_KINDS),
        origin: fc.constantFrom('domestic', 'imported'),
      }),
      { maxLength: 3 },
    ),
  ),
]);

const codeText = fc.oneof(
  fc.constantFrom('C34.900', 'I10.x00', 'A01.001+K77.0*', 'M80000/3', '60.5x00', ''),
  fc.string({ maxLength: 30 }),
);

const diagnosis = shuffled([
  required('code', codeText),
  maybe('name', text(0, 200)),
  required('role', fc.constantFrom('principal', 'secondary')),
]);

const procedure = shuffled([
  required('code', codeText),
  maybe('name', text(0, 200)),
  required('role', fc.constantFrom('principal', 'secondary')),
  required('date', date),
  maybe('technique', fc.constantFrom(...TECHNIQUES)),
]);

const line = shuffled([
  required('id', idText),
  required('kind', fc.constantFrom(...ITEM_KINDS)),
  required(
    'code',
    fc.oneof(fc.constantFrom('XA07FAK084N001010200041', '003109020050000'), codeText),
  ),
  maybe('localCode', text(0, 64)),
  required('name', text(1, 200)),
  required('quantity', quantity),
  required('unitPrice', unitPrice),
  required('amount', amount),
  required('date', date),
  maybe('prescriber', prescriber),
  maybe('approvalRef', text(1, 64)),
  maybe('lineOfTherapy', fc.integer({ min: 1, max: 10 })),
  maybe('daysSupply', fc.integer({ min: 1, max: 366 })),
]);

const evidence = fc.oneof(
  shuffled([
    required('kind', fc.constant('biomarker')),
    required('test', text(1, 64)),
    required('result', fc.constantFrom('positive', 'negative', 'indeterminate')),
    maybe('variant', text(0, 100)),
    required('date', date),
  ]),
  shuffled([
    required('kind', fc.constant('lab')),
    required('test', text(1, 64)),
    required('value', decimalText),
    required('unit', text(1, 32)),
    maybe('upperLimitOfNormal', decimalText),
    required('date', date),
  ]),
  shuffled([
    required('kind', fc.constant('score')),
    required('instrument', text(1, 64)),
    required('value', decimalText),
    required('date', date),
  ]),
  shuffled([
    required('kind', fc.constant('prior_therapy')),
    required('therapy', text(1, 100)),
    required(
      'outcome',
      fc.constantFrom('received', 'failed', 'intolerant', 'contraindicated', 'not_received'),
    ),
    required('date', date),
  ]),
);

const outcome = fc.oneof(
  shuffled([
    required('kind', fc.constant('response')),
    required('value', fc.constantFrom('CR', 'PR', 'SD', 'PD')),
    required('date', date),
  ]),
  shuffled([
    required('kind', fc.constant('complication')),
    required('code', codeText),
    maybe('grade', fc.integer({ min: 1, max: 5 })),
    required('date', date),
  ]),
  shuffled([
    required('kind', fc.constant('survival')),
    required('status', fc.constantFrom('alive', 'deceased')),
    required('date', date),
  ]),
);

const wireClaim: fc.Arbitrary<Wire> = shuffled([
  required('id', idText),
  required('type', fc.constantFrom(...CLAIM_TYPES)),
  maybe('scheme', fc.constantFrom(...SCHEMES)),
  required('person', person),
  required('institution', institution),
  required('admissionDate', date),
  maybe('dischargeDate', date),
  maybe('department', text(1, 64)),
  maybe('attendingPrescriber', prescriber),
  maybe('emergency', fc.boolean()),
  maybe('tcmSyndromes', fc.array(text(1, 64), { maxLength: 3 })),
  required('diagnoses', fc.array(diagnosis, { minLength: 1, maxLength: 4 })),
  maybe('procedures', fc.array(procedure, { maxLength: 3 })),
  required('lines', fc.array(line, { minLength: 1, maxLength: 5 })),
  maybe('evidence', fc.array(evidence, { maxLength: 3 })),
  maybe('outcomes', fc.array(outcome, { maxLength: 3 })),
  required('totalAmount', amount),
]);

/** A claim with every optional field present (categories unique, lists short). */
const FULL_CLAIM: Wire = {
  id: 'C-2025-000001',
  type: 'inpatient',
  scheme: 'medical',
  person: {
    id: 'P-000123',
    birthDate: '1960-02-29',
    sex: 'female',
    insuranceType: 'employee',
    insuredRegion: '230100',
    categories: ['retired', 'low_income'],
    outOfRegionRegistrations: [
      { region: '110100', period: { start: '2025-01-01', end: '2026-01-01' } },
      { region: null, period: { start: '2025-01-01', end: null } },
    ],
  },
  institution: {
    code: 'H23010300012',
    name: '哈尔滨示范医院',
    tier: 'tertiary',
    region: '230100',
    alliance: { id: 'YLT-230110', isLead: true },
    technologies: [{ kind: 'robotic_surgery_system', origin: 'imported' }],
  },
  admissionDate: '2025-03-01',
  dischargeDate: '2025-03-10',
  department: 'urology',
  attendingPrescriber: { id: 'D-1', title: 'chief' },
  emergency: true,
  tcmSyndromes: ['气虚血瘀证'],
  diagnoses: [
    { code: 'C61.x00', name: '前列腺恶性肿瘤', role: 'principal' },
    { code: 'I10.x00', role: 'secondary' },
  ],
  procedures: [
    {
      code: '60.5x00',
      name: '前列腺根治性切除术',
      role: 'principal',
      date: '2025-03-03',
      technique: 'robotic',
    },
  ],
  lines: [
    {
      id: 'L1',
      kind: 'drug',
      code: 'XA07FAK084N001010200041',
      localCode: 'LOCAL-1',
      name: '枯草杆菌二联活菌',
      quantity: '14',
      unitPrice: '0.2631',
      amount: '3.68',
      date: '2025-03-02',
      prescriber: { id: 'D-2', title: 'attending' },
      approvalRef: 'APR-1',
      lineOfTherapy: 2,
      daysSupply: 7,
    },
    {
      id: 'L2',
      kind: 'service',
      code: '003109020050000',
      name: '纤维胃十二指肠镜检查',
      quantity: 1,
      unitPrice: '130',
      amount: '130.00',
      date: '2025-03-03',
    },
  ],
  evidence: [
    {
      kind: 'biomarker',
      test: 'EGFR',
      result: 'positive',
      variant: 'exon 19 deletion',
      date: '2025-03-01',
    },
    {
      kind: 'lab',
      test: 'ALT',
      value: '42.5',
      unit: 'U/L',
      upperLimitOfNormal: '40',
      date: '2025-03-01',
    },
    { kind: 'score', instrument: 'DAS28', value: '3.2', date: '2025-03-01' },
    { kind: 'prior_therapy', therapy: '含铂化疗', outcome: 'failed', date: '2025-02-01' },
  ],
  outcomes: [
    { kind: 'response', value: 'PR', date: '2025-03-09' },
    { kind: 'complication', code: 'N39.000', grade: 2, date: '2025-03-05' },
    { kind: 'survival', status: 'alive', date: '2025-03-10' },
  ],
  totalAmount: '133.68',
};

// ---- Mutations: one change anywhere in the tree ----

/** Values that are valid somewhere and wrong elsewhere, at the edges of every limit. */
const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  11,
  367,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  ' ',
  ...[1, 32, 33, 64, 65, 100, 101, 200, 201].map((n) => 'x'.repeat(n)),
  'a b',
  '2025-02-30',
  '2024-02-29',
  '990000',
  '230100',
  '23010',
  'H23010300012',
  'X23010300012',
  '1.00',
  '1.0',
  '-0.00',
  '0.1234567',
  '+1',
  '1e3',
  'medical',
  'inpatient',
  'principal',
  'child',
  'drug',
  'biomarker',
  'lab',
  'complication',
  [],
  {},
  ['child', 'child'],
  [{}],
  new Date(0),
];

type Path = readonly (string | number)[];

function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  }
  return out;
}

type Mutation =
  | { readonly kind: 'replace'; readonly value: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'unknown-key' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'null-prototype' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...REPLACEMENTS).map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'unknown-key' as const }),
  fc.constant({ kind: 'duplicate' as const }),
  fc.constant({ kind: 'null-prototype' as const }),
);

function mutate(claim: Wire, pick: number, change: Mutation): unknown {
  const all = paths(claim);
  return mutateAt(claim, all[pick % all.length] ?? [], change);
}

function mutateAt(claim: Wire, path: Path, change: Mutation): unknown {
  const copy = structuredClone(claim);
  if (path.length === 0) {
    if (change.kind === 'replace') return change.value;
    if (change.kind === 'null-prototype') return Object.assign(Object.create(null) as Wire, copy);
    if (change.kind === 'unknown-key') return { ...copy, extra: 1 };
    return copy;
  }
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1))
    parent = (parent as Record<string | number, unknown>)[segment];
  const last = path[path.length - 1] ?? '';
  const holder = parent as Record<string | number, unknown>;
  const target = holder[last];
  switch (change.kind) {
    case 'replace':
      holder[last] = change.value;
      break;
    case 'delete':
      if (Array.isArray(holder)) holder.splice(Number(last), 1);
      else Reflect.deleteProperty(holder, last);
      break;
    case 'unknown-key':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        (target as Wire)['unexpected'] = 'x';
      } else holder[last] = { unexpected: target };
      break;
    case 'duplicate':
      if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
      else if (Array.isArray(holder)) holder.push(structuredClone(target));
      break;
    case 'null-prototype':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        holder[last] = Object.assign(Object.create(null) as Wire, target);
      }
      break;
  }
  return copy;
}

describe('decodeWellFormedClaim', () => {
  it('decodes every well-formed claim to exactly the object the schema gives, keys in the same order', () => {
    fc.assert(
      fc.property(wireClaim, (claim) => {
        const parsed = claimSchema.safeParse(claim);
        expect(parsed.success).toBe(true);
        const fast = decodeWellFormedClaim(claim);
        // Every valid shape the generator makes is handled by the fast path (none left to zod).
        expect(fast).toBeDefined();
        expect(ordered(fast)).toStrictEqual(ordered(parsed.data));
        expect(validateClaim(claim)).toStrictEqual(schemaOnly(claim));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('gives up on whatever the schema refuses, so validateClaim reports exactly the schema’s issues', () => {
    let decoded = 0;
    let refused = 0;
    fc.assert(
      fc.property(wireClaim, fc.nat(), mutation, (claim, pick, change) => {
        const input = mutate(claim, pick, change);
        const parsed = claimSchema.safeParse(input);
        const fast = decodeWellFormedClaim(input);
        if (fast === undefined) refused++;
        else {
          decoded++;
          expect(parsed.success).toBe(true);
          if (parsed.success) expect(ordered(fast)).toStrictEqual(ordered(parsed.data));
        }
        expect(validateClaim(input)).toStrictEqual(schemaOnly(input));
      }),
      { numRuns: 1_500 },
    );
    // Both branches were exercised: mutations that stay valid, and ones the schema must judge.
    expect(decoded).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(300);
  }, 60_000);

  it('agrees with the schema on every field of a full claim set to every edge value', () => {
    let checked = 0;
    for (const path of paths(FULL_CLAIM)) {
      if (path.length === 0) continue;
      const edits: Mutation[] = [
        { kind: 'delete' },
        { kind: 'unknown-key' },
        { kind: 'duplicate' },
        ...REPLACEMENTS.map((value) => ({ kind: 'replace' as const, value })),
      ];
      for (const edit of edits) {
        const input = mutateAt(FULL_CLAIM, path, edit);
        const fast = decodeWellFormedClaim(input);
        const parsed = claimSchema.safeParse(input);
        expect(fast === undefined || parsed.success, `${path.join('.')} ${edit.kind}`).toBe(true);
        if (fast !== undefined && parsed.success) {
          expect(ordered(fast)).toStrictEqual(ordered(parsed.data));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3_000);
    expect(decodeWellFormedClaim(FULL_CLAIM)).toBeDefined();
  }, 60_000);

  it('agrees with the schema on every list at and just past its length limit', () => {
    for (const path of paths(FULL_CLAIM)) {
      const list = path.reduce<unknown>(
        (at, segment) => (at as Record<string | number, unknown>)[segment],
        FULL_CLAIM,
      );
      if (!Array.isArray(list) || list.length === 0) continue;
      for (const length of [0, 1, 11, 12, 20, 21, 50, 51, 200, 201, 5000, 5001]) {
        const input = mutateAt(FULL_CLAIM, path, {
          kind: 'replace',
          value: Array.from({ length }, (_, i) => list[i % list.length] as unknown),
        });
        const fast = decodeWellFormedClaim(input);
        const parsed = claimSchema.safeParse(input);
        expect(fast === undefined || parsed.success, `${path.join('.')} × ${length}`).toBe(true);
        if (fast !== undefined && parsed.success) {
          expect(ordered(fast)).toStrictEqual(ordered(parsed.data));
        }
      }
    }
  }, 60_000);

  it('refuses what is not a JSON object claim without throwing', () => {
    for (const input of [undefined, null, 0, 'claim', [], new Map(), Object.create(null)]) {
      expect(decodeWellFormedClaim(input)).toBeUndefined();
      expect(validateClaim(input)).toStrictEqual(schemaOnly(input));
    }
  });
});
