/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   response bodies are untyped JSON here. */
import type {
  ClaimItem,
  ClaimResponse,
  Claim as FhirClaim,
  OperationOutcome,
} from '@medplum/fhirtypes';
import { Decimal } from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClaimJson } from '../__fixtures__/fhir.ts';
import {
  type As,
  type TestApi,
  OTHER_INSTITUTION,
  claimJson,
  testApi,
} from '../__fixtures__/harness.ts';
import { claimFromFhir } from './claim.ts';
import { validateFhir } from './definitions.ts';
import { FHIR_SYSTEMS } from './systems.ts';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let api: TestApi;
// Seeding the demo data takes seconds on a loaded machine.
beforeAll(async () => {
  api = await testApi();
}, 60_000);
afterAll(() => api.close());

const FHIR_JSON = 'application/fhir+json';

function postFhir(
  body: unknown,
  options: { as?: As; key?: string; contentType?: string } = {},
): Promise<Response> {
  return api.request('/v1/fhir/Claim', {
    method: 'POST',
    as: options.as ?? 'hospital',
    headers: {
      'content-type': options.contentType ?? FHIR_JSON,
      ...(options.key === undefined ? {} : { 'idempotency-key': options.key }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A Claim.supportingInfo entry of OpenPayer's own category (emergency, tcm-syndrome). */
function info(
  sequence: number,
  code: string,
  value: { valueBoolean: boolean } | { valueString: string },
): Body {
  return {
    sequence,
    category: { coding: [{ system: FHIR_SYSTEMS.supportingInfo, code }] },
    ...value,
  };
}

/** An adjudication amount by category code (HL7 or OpenPayer payer). */
function amount(
  adjudications: readonly {
    category: { coding?: { code?: string }[] };
    amount?: { value?: number };
  }[],
  code: string,
): number | undefined {
  return adjudications.find((a) => a.category.coding?.[0]?.code === code)?.amount?.value;
}

/** A drug item: its national code and name, quantity, unit price and net amount in CNY. */
function drugItem(
  sequence: number,
  [code, display]: [string, string],
  quantity: number,
  unitPrice: number,
  net: number,
): ClaimItem {
  return {
    sequence,
    productOrService: { coding: [{ system: FHIR_SYSTEMS.drug, code, display }] },
    quantity: { value: quantity },
    unitPrice: { value: unitPrice, currency: 'CNY' },
    net: { value: net, currency: 'CNY' },
  };
}

const TWO_LINES: ClaimItem[] = [
  drugItem(1, ['XC04ABF039A001010100141', '酚妥拉明注射剂'], 2, 1250.5, 2501),
  {
    sequence: 2,
    productOrService: {
      coding: [
        { system: FHIR_SYSTEMS.drug, code: 'XL01EBD350A001010100000', display: '达可替尼片' },
      ],
    },
    quantity: { value: 30 },
    unitPrice: { value: 20, currency: 'CNY' },
  },
];

describe('FHIR R4 Claim → ClaimResponse', () => {
  it('pre-checks a predetermination: a valid ClaimResponse with the same amounts as the native pre-check, nothing committed', async () => {
    const fhir = fhirClaimJson({ id: 'C-FHIR-PRE', use: 'predetermination', items: TWO_LINES });
    // The second line has no net: it is quantity × unit price.
    delete (fhir as Body)['total'];
    const res = await postFhir(fhir);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const response = (await res.json()) as ClaimResponse;
    expect(validateFhir(response)).toEqual([]);
    expect(response).toMatchObject({
      resourceType: 'ClaimResponse',
      status: 'active',
      use: 'predetermination',
      outcome: 'complete',
      request: { identifier: { value: 'C-FHIR-PRE' } },
      patient: { identifier: { system: FHIR_SYSTEMS.personId, value: 'P-000501' } },
      insurer: { identifier: { value: '230100' } },
    });
    expect(response.identifier).toBeUndefined();

    const native = (await (
      await api.request('/v1/claims/precheck', {
        as: 'hospital',
        json: claimJson({
          id: 'C-FHIR-PRE',
          lines: [
            {
              code: 'XC04ABF039A001010100141',
              name: '酚妥拉明注射剂',
              quantity: '2',
              unitPrice: '1250.50',
            },
            {
              code: 'XL01EBD350A001010100000',
              name: '达可替尼片',
              quantity: '30',
              unitPrice: '20.00',
            },
          ],
        }),
      })
    ).json()) as Body;
    const items = response.item ?? [];
    expect(items.map((i) => i.itemSequence)).toEqual([1, 2]);
    for (const [index, line] of (native['lines'] as Body[]).entries()) {
      const adjudication = items[index]?.adjudication ?? [];
      expect(amount(adjudication, 'submitted')).toBe(Number(line['amount']));
      expect(amount(adjudication, 'eligible')).toBe(Number(line['eligible']));
      expect(amount(adjudication, 'patient')).toBe(Number(line['payers']['patient'] ?? 0));
    }
    // The second line is outside its restriction: self-pay, with the reason.
    const second = items[1]?.adjudication ?? [];
    expect(second.find((a) => a.category.coding?.[0]?.code === 'self_pay')?.reason).toEqual({
      coding: [{ system: FHIR_SYSTEMS.selfPay, code: 'restriction_not_met' }],
    });
    const totals = response.total ?? [];
    expect(amount(totals, 'submitted')).toBe(Number(native['total']));
    expect(amount(totals, 'eligible')).toBe(Number(native['eligible']));
    expect(amount(totals, 'basic_fund')).toBe(Number(native['payers']['basic_fund']));
    expect(amount(totals, 'benefit')).toBe(
      new Decimal(native['total']).minus(native['payers']['patient']).toNumber(),
    );
    expect(response.processNote?.[0]?.text).toBe('policy demo-230100-2025.1, catalog nrdl-2024');
    // Each explanation reads as written: "(parameter = value)" only where the policy gave them.
    const explained = native['explanations'] as Body[];
    expect(explained.length).toBeGreaterThan(0);
    expect(response.processNote?.slice(1).map((n) => n.text)).toEqual(
      explained.map((e) => {
        const source =
          e['parameter'] === null
            ? e['value'] === null
              ? ''
              : ` (${String(e['value'])})`
            : ` (${String(e['parameter'])}${e['value'] === null ? '' : ` = ${String(e['value'])}`})`;
        return `${String(e['layer'])}: ${String(e['what'])}${source} → ${String(e['amount'])}`;
      }),
    );
    for (const note of response.processNote ?? []) expect(note.text).not.toContain('null');

    const stored = await api.request('/v1/settlements?claim=C-FHIR-PRE', { as: 'hospital' });
    expect(((await stored.json()) as Body)['items']).toEqual([]);
  });

  it('settles a claim once per Idempotency-Key: 201 with the settlement, a retry replays it, another body is 409', async () => {
    const fhir = fhirClaimJson({ id: 'C-FHIR-1', personId: 'P-700001' });
    const first = await postFhir(fhir, { key: 'fhir-k1' });
    expect(first.status).toBe(201);
    const response = (await first.json()) as ClaimResponse;
    expect(validateFhir(response)).toEqual([]);
    const settlementId = response.identifier?.[0]?.value ?? '';
    expect(response.identifier?.[0]?.system).toBe(FHIR_SYSTEMS.settlement);
    expect(first.headers.get('location')).toBe(`/v1/settlements/${settlementId}`);

    const stored = (await (
      await api.request(`/v1/settlements/${settlementId}`, { as: 'hospital' })
    ).json()) as Body;
    expect(stored['claimId']).toBe('C-FHIR-1');
    const totals = response.total ?? [];
    expect(amount(totals, 'basic_fund')).toBe(Number(stored['settlement']['payers']['basic_fund']));
    expect(amount(totals, 'patient')).toBe(Number(stored['settlement']['payers']['patient']));
    expect(amount(totals, 'basic_fund')).toBeGreaterThan(0);

    const retry = await postFhir(fhir, { key: 'fhir-k1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const replayed = (await retry.json()) as ClaimResponse;
    expect({ ...replayed, created: '' }).toEqual({ ...response, created: '' });

    const other = await postFhir(fhirClaimJson({ id: 'C-FHIR-2', personId: 'P-700001' }), {
      key: 'fhir-k1',
    });
    expect(other.status).toBe(409);
    const conflict = (await other.json()) as OperationOutcome;
    expect(conflict.issue[0]).toMatchObject({
      code: 'conflict',
      details: { coding: [{ code: 'ledger.idempotency_key_reused' }] },
    });

    const noKey = await postFhir(fhirClaimJson({ id: 'C-FHIR-3' }));
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as OperationOutcome).issue[0]?.details?.coding?.[0]?.code).toBe(
      'settlement.idempotency_key_required',
    );
  });

  it('refuses what is not a valid R4 Claim with the FHIRPath of each element, from the R4 definitions', async () => {
    const fhir = fhirClaimJson({ id: 'C-FHIR-BAD' }) as Body;
    delete fhir['status'];
    fhir['item'][0]['quantity'] = { value: 'two' };
    fhir['colour'] = 'blue';
    const res = await postFhir(fhir, { key: 'fhir-bad' });
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(validateFhir(outcome)).toEqual([]);
    const expressions = outcome.issue.flatMap((i) => i.expression ?? []);
    expect(expressions).toEqual(
      expect.arrayContaining(['Claim.status', 'Claim.item[0].quantity.value', 'Claim.colour']),
    );
    for (const i of outcome.issue) expect(i.details?.coding?.[0]?.code).toBe('fhir.invalid');
  });

  it("refuses a valid Claim OpenPayer cannot read, and the engine's problems, at the FHIR elements", async () => {
    const uncoded = fhirClaimJson({
      id: 'C-FHIR-UNCODED',
      use: 'predetermination',
      items: [
        {
          sequence: 1,
          productOrService: { coding: [{ system: 'http://loinc.org', code: '1234-5' }] },
          quantity: { value: 1 },
          unitPrice: { value: 10.005, currency: 'USD' },
          net: { value: 10.01, currency: 'USD' },
        },
      ],
    });
    const res = await postFhir(uncoded);
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as OperationOutcome).issue;
    expect(issues.map((i) => i.expression?.[0])).toEqual(
      expect.arrayContaining([
        'Claim.item[0].productOrService',
        'Claim.item[0].unitPrice.currency',
        'Claim.item[0].net.currency',
      ]),
    );

    // Valid FHIR, read fine, but the engine finds a malformed diagnosis and a wrong line amount.
    const wrong = fhirClaimJson({ id: 'C-FHIR-WRONG', use: 'predetermination' }) as Body;
    wrong['diagnosis'][0]['diagnosisCodeableConcept']['coding'][0]['code'] = 'c34.900';
    wrong['item'][0]['net']['value'] = 4999.99;
    const res2 = await postFhir(wrong);
    expect(res2.status).toBe(400);
    const engine = ((await res2.json()) as OperationOutcome).issue.map((i) => [
      i.expression?.[0],
      i.details?.coding?.[0]?.code,
    ]);
    expect(engine).toEqual(
      expect.arrayContaining([
        ['Claim.diagnosis[0].diagnosisCodeableConcept', 'code.diagnosis.format'],
        ['Claim.item[0].net.value', 'claim.line_amount_mismatch'],
      ]),
    );

    const tooFine = fhirClaimJson({ id: 'C-FHIR-FEN', use: 'predetermination' }) as Body;
    tooFine['total']['value'] = 5000.001;
    const res3 = await postFhir(tooFine);
    expect(res3.status).toBe(400);
    expect(((await res3.json()) as OperationOutcome).issue[0]?.expression).toEqual([
      'Claim.total.value',
    ]);
  });

  it('accepts any R4 resource contained in the Claim (a care-team Practitioner) and refuses an unknown one', async () => {
    const withDoctor = fhirClaimJson({ id: 'C-FHIR-DR', use: 'predetermination' }) as Body;
    (withDoctor['contained'] as unknown[]).push({
      resourceType: 'Practitioner',
      id: 'dr',
      name: [{ family: '王', given: ['明'] }],
    });
    withDoctor['careTeam'] = [{ sequence: 1, provider: { reference: '#dr' } }];
    const res = await postFhir(withDoctor);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ClaimResponse).resourceType).toBe('ClaimResponse');

    const unknown = fhirClaimJson({ id: 'C-FHIR-UNK', use: 'predetermination' }) as Body;
    (unknown['contained'] as unknown[]).push({ resourceType: 'Spaceship', id: 'x' });
    const refused = await postFhir(unknown);
    expect(refused.status).toBe(400);
    const issue = ((await refused.json()) as OperationOutcome).issue[0];
    expect(issue?.details?.text).toContain('Spaceship');
    expect(issue?.expression).toEqual(['Claim']);
  });

  it('answers the request’s own faults with an OperationOutcome: media type, JSON, resource type, use', async () => {
    const text = await postFhir('{}', { contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
    const junk = await postFhir('{"resourceType": "Claim", ');
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as OperationOutcome).issue[0]?.details?.coding?.[0]?.code).toBe(
      'malformed_json',
    );
    const patient = await postFhir({ resourceType: 'Patient', gender: 'male' });
    expect(patient.status).toBe(400);
    const preauth = await postFhir(fhirClaimJson({ id: 'C-FHIR-PA', use: 'preauthorization' }));
    expect(preauth.status).toBe(422);
    expect(((await preauth.json()) as OperationOutcome).issue[0]?.expression).toEqual([
      'Claim.use',
    ]);
    for (const body of [null, [], 42, '"Claim"']) {
      expect((await postFhir(JSON.stringify(body))).status).toBe(400);
    }
  });

  it('lets an integrator settle only its own institution, and no one without a key', async () => {
    const foreign = fhirClaimJson({
      id: 'C-FHIR-OTHER',
      institutionCode: OTHER_INSTITUTION,
      personId: 'P-700009',
    });
    const res = await postFhir(foreign, { key: 'fhir-foreign' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual([
      'Claim.contained[1].identifier',
    ]);
    expect((await postFhir(foreign, { key: 'fhir-foreign-2', as: 'auditor' })).status).toBe(403);
    expect((await postFhir(foreign, { key: 'fhir-foreign-3', as: 'anonymous' })).status).toBe(401);
    const precheck = await postFhir(fhirClaimJson({ id: 'C-FHIR-AUD', use: 'predetermination' }), {
      as: 'auditor',
    });
    expect(precheck.status).toBe(200);
  });

  it('publishes a CapabilityStatement that is valid R4', async () => {
    const res = await api.request('/v1/fhir/metadata', { as: 'auditor' });
    expect(res.status).toBe(200);
    const capabilities = (await res.json()) as Body;
    expect(validateFhir(capabilities as ClaimResponse)).toEqual([]);
    expect(capabilities['fhirVersion']).toBe('4.0.1');
  });

  it('reads the pooling region from the extension, else the prefecture of the institution code, and maps paths back', () => {
    const derived = claimFromFhir(fhirClaimJson({ id: 'C-R1' }));
    if (!derived.ok) throw new Error('mapping failed');
    expect(derived.value.claim['institution']).toMatchObject({
      code: 'H23010300012',
      region: '230100',
    });
    const beijing = fhirClaimJson({ id: 'C-R2', institutionCode: 'H11010500001' }) as Body;
    beijing['contained'][1]['extension'] = [
      { url: FHIR_SYSTEMS.poolingRegion, valueCode: '110000' },
    ];
    const explicit = claimFromFhir(beijing);
    if (!explicit.ok) throw new Error('mapping failed');
    expect(explicit.value.claim['institution']).toMatchObject({ region: '110000' });
    const { expression } = explicit.value;
    expect(
      [
        ['lines', 0, 'unitPrice'],
        ['diagnoses', 0, 'role'],
        ['person', 'insuredRegion'],
        ['person', 'birthDate'],
        ['institution', 'region'],
        ['dischargeDate'],
        [],
      ].map((path) => expression(path)),
    ).toEqual([
      'Claim.item[0].unitPrice.value',
      'Claim.diagnosis[0].type',
      'Claim.contained[2].class',
      'Claim.contained[0].birthDate',
      'Claim.contained[1].extension',
      'Claim.billablePeriod.end',
      'Claim',
    ]);
  });
  it('reads the emergency flag and the TCM syndromes from supportingInfo, and maps their paths back', () => {
    const fhir = fhirClaimJson({ id: 'C-SI-1' }) as Body;
    fhir['supportingInfo'] = [
      {
        sequence: 1,
        category: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
              code: 'info',
            },
          ],
        },
        valueString: 'not read',
      },
      info(2, 'emergency', { valueBoolean: true }),
      info(3, 'tcm-syndrome', { valueString: '气虚血瘀证' }),
      info(4, 'tcm-syndrome', { valueString: '肝郁脾虚证' }),
    ];
    expect(validateFhir(fhir as FhirClaim)).toEqual([]);
    const mapped = claimFromFhir(fhir);
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
    expect(mapped.value.claim['emergency']).toBe(true);
    expect(mapped.value.claim['tcmSyndromes']).toEqual(['气虚血瘀证', '肝郁脾虚证']);
    expect(
      [['emergency'], ['tcmSyndromes', 1], ['tcmSyndromes']].map((p) => mapped.value.expression(p)),
    ).toEqual([
      'Claim.supportingInfo[1].valueBoolean',
      'Claim.supportingInfo[3].valueString',
      'Claim.supportingInfo',
    ]);
    // Without supportingInfo: neither is said (absent, as in a native claim).
    const plain = claimFromFhir(fhirClaimJson({ id: 'C-SI-2' }));
    if (!plain.ok) throw new Error('mapping failed');
    expect('emergency' in plain.value.claim || 'tcmSyndromes' in plain.value.claim).toBe(false);

    // A flag that is not a boolean, entries that disagree, a code of ours that does not exist.
    const bad = fhirClaimJson({ id: 'C-SI-3' }) as Body;
    bad['supportingInfo'] = [
      info(1, 'emergency', { valueString: 'yes' }),
      info(2, 'emergency', { valueBoolean: true }),
      info(3, 'emergency', { valueBoolean: false }),
      info(4, 'tcm', { valueString: '气虚血瘀证' }),
    ];
    const refused = claimFromFhir(bad);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues.map((i) => [i.expression?.[0], i.code])).toEqual([
      ['Claim.supportingInfo[0].valueBoolean', 'required'],
      ['Claim.supportingInfo[2].valueBoolean', 'value'],
      ['Claim.supportingInfo[3].category', 'code-invalid'],
    ]);
  });

  it('decides an emergency-only drug by the supportingInfo flag, over HTTP', async () => {
    // 纳美芬 注射剂: 限急救抢救 (the 2024 list).
    const nalmefene = [drugItem(1, ['XN02AAN057B002010100000', '纳美芬'], 1, 40, 40)];
    const selfPayReason = async (id: string, emergency: boolean | undefined) => {
      const fhir = fhirClaimJson({ id, use: 'predetermination', items: nalmefene }) as Body;
      if (emergency !== undefined) {
        fhir['supportingInfo'] = [info(1, 'emergency', { valueBoolean: emergency })];
      }
      const res = await postFhir(fhir);
      expect(res.status).toBe(200);
      const response = (await res.json()) as ClaimResponse;
      const adjudication = response.item?.[0]?.adjudication ?? [];
      return {
        eligible: amount(adjudication, 'eligible'),
        reason: adjudication.find((a) => a.category.coding?.[0]?.code === 'self_pay')?.reason
          ?.coding?.[0]?.code,
      };
    };
    // Covered in emergency care: a class-B drug, its first 10% the patient's.
    expect(await selfPayReason('C-SI-E1', true)).toEqual({
      eligible: 36,
      reason: 'first_self_pay',
    });
    expect(await selfPayReason('C-SI-E2', false)).toEqual({
      eligible: 0,
      reason: 'restriction_not_met',
    });
    // Not said: it cannot be told, so the line is paid (and flagged for review), as a native claim.
    expect(await selfPayReason('C-SI-E3', undefined)).toEqual({
      eligible: 36,
      reason: 'first_self_pay',
    });
  });
});
