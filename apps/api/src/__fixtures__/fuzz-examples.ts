import { readShipped } from '@openpayer/catalog/node';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { FHIR_SYSTEMS } from '../fhir/systems.ts';
import { fhirClaimJson } from './fhir.ts';
import { type TestApi, claimJson } from './harness.ts';

/**
 * Valid request bodies for the fuzz test, keyed by the route's documented path (`/v1/…/{id}/…`),
 * and real ids for the path parameters, created in the test's database. A route without an entry
 * here is fuzzed from its schema only.
 */

export interface FuzzSeed {
  /** Valid JSON bodies per documented POST path. */
  readonly examples: Readonly<Record<string, readonly unknown[]>>;
  /** Real ids for a `{param}` of the paths under a prefix (`/v1/approvals/` → approval ids). */
  readonly ids: readonly { readonly prefix: string; readonly ids: readonly string[] }[];
  /** Non-JSON texts that some routes take (YAML policies, NRDL CSV). */
  readonly texts: readonly { readonly contentType: string; readonly text: string }[];
}

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

export const approvalRequest = (id: string) => ({
  id,
  kind: 'out_of_catalog',
  item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
  personId: 'P-400001',
  institution: { code: 'H23010300012', tier: 'tertiary' },
  requestedBy: { id: 'D-0101', title: 'chief' },
  reason: '无目录内替代',
  alternativesConsidered: ['吉非替尼片'],
  informedConsent: true,
  requestedOn: '2025-06-30',
  requestedQuantity: '5',
  requestedDays: 30,
});

const releaseMeta = (id: string) => ({
  id,
  title: '地方增补（测试）',
  region: '230100',
  effective: { start: '2030-01-01', end: null },
  publishedOn: '2029-12-01',
  source: 'test',
});

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

export async function seedFuzz(api: TestApi): Promise<FuzzSeed> {
  // Objects for the {id} routes: a settlement, approvals, a saved (not active) policy.
  const settlementIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await api.request('/v1/claims/settle', {
      json: claimJson({ id: fresh('C-FUZZ'), personId: 'P-400001' }),
      headers: { 'idempotency-key': fresh('k-fuzz') },
      as: 'hospital',
    });
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`seed settle failed: ${res.status} ${await res.text()}`);
    }
    settlementIds.push((await json(res))['id'] as string);
  }
  const approvalIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = fresh('AP-FUZZ');
    const res = await api.request('/v1/approvals', { json: approvalRequest(id), as: 'hospital' });
    if (res.status >= 300) throw new Error(`seed approval failed: ${res.status}`);
    approvalIds.push(id);
  }
  // Principals of their own, so rotating or revoking one never touches the keys the test uses.
  const principalIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = fresh('fuzz-principal');
    const res = await api.request('/v1/principals', {
      json: { id, name: 'fuzz', role: 'institution_integrator', institutionCode: 'H23010300098' },
    });
    if (res.status !== 201) throw new Error(`seed principal failed: ${res.status}`);
    principalIds.push(id);
  }
  const policyText = readDemoPolicyText();
  const savedPolicy = 'fuzz-saved-policy';
  const saved = await api.request('/v1/policies', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: policyText.replace('id: demo-230100-2025.1', `id: ${savedPolicy}`),
  });
  if (saved.status !== 201) throw new Error(`seed policy failed: ${saved.status}`);

  // Wire forms read back from the API: the demo policy and a few catalog items.
  const policy = (await json(await api.request('/v1/policies/demo-230100-2025.1')))['policy'];
  const itemsRes = await api.request('/v1/catalog/releases/nrdl-2024/items?limit=3');
  const items = ((await json(itemsRes))['items'] ?? []) as unknown[];
  const edited = (items[0] ?? {}) as {
    id?: string;
    restrictions?: unknown[];
    indications?: unknown[];
  };

  const csvRows = readShipped('nrdlCsv').split('\n');
  const csv = csvRows.slice(0, 25).join('\n');

  const claim = claimJson({ id: 'C-FUZZ-EXAMPLE', personId: 'P-400009' });
  const examples: Record<string, unknown[]> = {
    '/v1/claims/validate': [claim],
    '/v1/claims/settle': [claim],
    '/v1/claims/precheck': [claim],
    '/v1/catalog/coverage': [claim],
    '/v1/catalog/slice': [claim],
    '/v1/fhir/Claim': [
      fhirClaimJson({ id: 'C-FUZZ-FHIR', personId: 'P-400010' }),
      fhirClaimJson({ id: 'C-FUZZ-FHIR-P', use: 'predetermination' }),
    ],
    '/v1/approvals': [approvalRequest('AP-FUZZ-EXAMPLE')],
    '/v1/approvals/{id}/approve': [
      { validFrom: '2025-07-01', validTo: '2025-07-20', approvedQuantity: '5', comment: '同意' },
    ],
    '/v1/approvals/{id}/reject': [{ comment: '不同意', on: '2025-07-01' }],
    '/v1/catalog/releases': [
      { format: 'release', release: { ...releaseMeta('fuzz-local'), items } },
      {
        format: 'nrdl-csv',
        csv,
        ruleBase: true,
        release: { ...releaseMeta('fuzz-csv'), region: null },
      },
    ],
    '/v1/policies': [policy],
    '/v1/policies/{id}/activate': [{ from: '2040-01-01' }],
    '/v1/principals': [
      {
        id: 'p-fuzz',
        name: '新医院',
        role: 'institution_integrator',
        institutionCode: 'H23010300099',
      },
    ],
    '/v1/settlements/{id}/reverse': [{ reason: '测试冲正' }],
    '/v1/catalog/releases/{id}/items/{itemId}/restrictions': [
      {
        releaseId: 'fuzz-edit',
        effectiveFrom: '2025-08-01',
        note: '人工结构化',
        restrictions: [
          ...(edited.restrictions ?? []),
          { kind: 'approval', source: 'manual', text: '需审批' },
        ],
        indications: edited.indications ?? [],
        unparsed: [],
      },
    ],
    '/v1/catalog/releases/{id}/crosswalk': [
      {
        format: 'entries',
        id: 'fuzz-xw',
        effectiveFrom: '2025-08-01',
        publishedOn: '2025-07-01',
        entries: [
          {
            institutionCode: 'H23010300012',
            localCode: 'YP-1',
            kind: 'drug',
            nationalCode: 'XL02BBA326A001010102180',
          },
        ],
      },
      {
        format: 'csv',
        id: 'fuzz-xw-csv',
        effectiveFrom: '2025-08-01',
        publishedOn: '2025-07-01',
        mode: 'replace',
        csv: 'institutionCode,localCode,kind,nationalCode\nH23010300012,YP-1,drug,XL02BBA326A001010102180\n',
      },
    ],
    '/v1/fhir/Observation': [
      {
        resourceType: 'Observation',
        identifier: [{ system: FHIR_SYSTEMS.outcomeEventId, value: 'E-FUZZ-OBS' }],
        status: 'final',
        code: { coding: [{ system: FHIR_SYSTEMS.outcome, code: 'response' }] },
        subject: { identifier: { system: FHIR_SYSTEMS.personId, value: 'P-400011' } },
        focus: [{ identifier: { system: FHIR_SYSTEMS.courseId, value: 'COURSE-FUZZ' } }],
        effectiveDateTime: '2025-04-10',
        valueCodeableConcept: { coding: [{ system: FHIR_SYSTEMS.recistResponse, code: 'SD' }] },
      },
    ],
    '/v1/value/outcomes': [
      {
        id: 'E-FUZZ-1',
        kind: 'course_started',
        personId: 'P-400011',
        date: '2025-01-10',
        course: 'COURSE-FUZZ',
        item: 'XL01EBA999B001010100001',
        institution: 'H23010300012',
      },
    ],
    '/v1/value/period-runs': [{ period: '2024', region: '230100', contracts: ['cart-survival'] }],
    '/v1/value/standards': [{ item: '270800001000000', date: '2025-06-01', region: '230100' }],
    '/v1/value/service-units': [
      {
        item: '331303001000000',
        date: '2025-06-01',
        region: '230100',
        charged: { equipment: '3000.00', operation: '5000.00' },
        consumables: [
          {
            lineId: 'L2',
            code: 'C03490111600000',
            quantity: '1',
            unitPrice: '2400.00',
            purchasePrice: '2000.00',
          },
        ],
      },
    ],
    '/v1/value/case-add-ons': [
      {
        date: '2025-06-01',
        region: '230100',
        procedures: [{ code: '48.5000', technique: 'robotic' }],
      },
    ],
    '/v1/value/courses/{course}/payments': [
      { date: '2025-05-10', claimed: '20000.00', rule: 'egfr-tki-response', region: '230100' },
    ],
    '/v1/value/icer': [
      { date: '2025-06-01', region: '230100', incrementalCost: '1500000.00', incrementalQaly: '1' },
    ],
    '/v1/value/assessments': [
      {
        technology: 'XL01XXA999B001010100001',
        date: '2025-06-01',
        region: '230100',
        incrementalCost: '1500000.00',
        incrementalQaly: '1',
        decision: 'negotiate',
      },
    ],
    '/v1/value/adjustment-proposals': [
      {
        region: '230100',
        effectiveFrom: '2026-01-01',
        id: 'fuzz-adjusted',
        measures: {
          '270800001000000': {
            cost_decline: '0.2',
            grade3_adverse_event_rate: '0.01',
            fund_spend_share: '0.01',
          },
        },
      },
    ],
    '/v1/drg/group': [
      {
        id: 'D1',
        sex: 'male',
        ageYears: 67,
        lengthOfStay: 9,
        principalDiagnosis: 'I21.900',
        secondaryDiagnoses: ['A02.100'],
      },
    ],
  };
  return {
    examples,
    ids: [
      { prefix: '/v1/settlements/', ids: settlementIds },
      { prefix: '/v1/approvals/', ids: approvalIds },
      { prefix: '/v1/policies/', ids: [savedPolicy, 'demo-230100-2025.1'] },
      {
        prefix: '/v1/catalog/releases/',
        // Release ids, and an item id for the restriction edit's {itemId}.
        ids: ['nrdl-2024', ...(edited.id === undefined ? [] : [encodeURIComponent(edited.id)])],
      },
      { prefix: '/v1/principals/', ids: principalIds },
      { prefix: '/v1/value/courses/', ids: ['COURSE-FUZZ'] },
    ],
    texts: [
      { contentType: 'application/yaml', text: policyText },
      { contentType: 'text/yaml', text: policyText.replace(/: /gu, ': &a ') },
      {
        contentType: 'application/yaml',
        // An alias bomb: each level doubles the expansion.
        text: [
          'a: &a ["x","x"]',
          ...Array.from(
            { length: 20 },
            (_, i) =>
              `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
          ),
        ].join('\n'),
      },
      { contentType: 'application/yaml', text: '!!binary AAAA' },
      { contentType: 'application/yaml', text: 'id: !!js/function "function(){}"' },
      { contentType: 'application/yaml', text: policyText.slice(0, policyText.length / 2) },
      { contentType: 'text/csv', text: csv },
      { contentType: 'text/plain', text: csv },
    ],
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function copyWith(target: Record<string, unknown>, key: string, value: unknown) {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target)) {
    Object.defineProperty(copy, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * The body with its `id` (at the root, and one level down: `release.id`, `person.id`) suffixed by
 * `n`, so a valid body creates a new object instead of hitting "already exists" first.
 */
export function withFreshIds(body: unknown, n: number): unknown {
  if (!isRecord(body)) return body;
  let out = body;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'id' && typeof value === 'string') out = copyWith(out, key, `${value}-f${n}`);
    else if (isRecord(value) && typeof value['id'] === 'string') {
      out = copyWith(out, key, copyWith(value, 'id', `${value['id']}-f${n}`));
    }
  }
  return out;
}
