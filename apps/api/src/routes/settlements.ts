import {
  RELEASE_DECISIONS,
  SETTLEMENT_STATUSES,
  claimSchema,
  errorBodySchema,
  issue,
} from '@openpayer/domain';
import {
  SHARE_PARTIES,
  accumulatorsSchema,
  encodeSettlement,
  settlementSchema,
} from '@openpayer/pricing';
import {
  type StoredSettlement,
  listSettlements,
  newSettlementId,
  precheckClaim,
  readSettlement,
  releaseHeld,
  reverseStored,
  settleClaim,
  settlementTotalsByMonth,
  settlementWireFor,
} from '@openpayer/persistence';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow, institutionScope } from '../auth.ts';
import { idempotencyKeySchema, readClaim } from '../claim-input.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { checked, forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import { type ApiServices, today } from '../services.ts';

/** Settle, pre-check, reverse, read and list settlements. */

/**
 * A settlement as the API answers it: the settlement schema, with the accumulators withheld
 * (`accumulatorsWithheld: true`) from a caller who may not read the person's records.
 */
export const settlementAnswerSchema = settlementSchema
  .extend({
    accumulatorsBefore: accumulatorsSchema.optional(),
    accumulatorsAfter: accumulatorsSchema.optional(),
    accumulatorsWithheld: z.literal(true).optional().meta({
      description: "Present when the caller may not read the person's accumulators.",
    }),
  })
  .meta({ id: 'SettlementAnswer' });

export const settlementViewSchema = z
  .looseObject({
    id: z.string(),
    status: z.enum(SETTLEMENT_STATUSES).meta({
      description:
        '`held`: a review finding holds the claim (its accumulators untouched until released); `released`: a held claim whose release stored its settlement anew.',
    }),
    institutionCode: z.string(),
    claimId: z.string(),
    serviceDate: z.iso.date().optional().meta({
      description: "The claim's service date (discharge, else admission).",
    }),
    createdAt: z.string().optional(),
    reversal: z.strictObject({ by: z.string(), reason: z.string(), at: z.string() }).optional(),
    settlement: settlementSchema,
  })
  .meta({ id: 'StoredSettlement' });

const settlementPageSchema = z
  .strictObject({ items: z.array(settlementViewSchema), next: z.string().nullable() })
  .meta({ id: 'SettlementPage' });

const reverseBodySchema = z
  .strictObject({ reason: z.string().trim().min(1).max(2000) })
  .meta({ id: 'ReverseRequest' });

const releaseBodySchema = z
  .strictObject({
    decision: z.enum(RELEASE_DECISIONS).meta({
      description:
        '`pay`: the holding findings become warnings; `deduct`: they deduct their lines (a finding on the whole claim, every line).',
    }),
    note: z.string().trim().min(1).max(2000),
  })
  .meta({ id: 'ReleaseRequest' });

const listQuerySchema = z.strictObject({
  institution: z.string().min(1).max(40).optional(),
  person: z.string().min(1).max(64).optional(),
  claim: z.string().min(1).max(64).optional(),
  status: z.enum(SETTLEMENT_STATUSES).optional(),
  serviceFrom: z.iso.date().optional(),
  serviceTo: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z
    .string()
    .regex(/^\d{1,18}$/u, { error: 'a cursor from a previous page' })
    .optional(),
});

const totalsQuerySchema = z.strictObject({
  groupBy: z.enum(['month']).default('month').meta({
    description:
      'The period a row sums: the month of the service date (discharge, else admission).',
  }),
  institution: z.string().min(1).max(40).optional(),
  status: z
    .enum(['settled', 'reversed', 'all'])
    .default('settled')
    .meta({
      description:
        'Which settlements to sum: `settled` (the default: what stands and what a fund reports, reversals excluded), ' +
        '`reversed` (only the reversed ones) or `all` (both, as the list without a status filter).',
    }),
  serviceFrom: z.iso.date().optional(),
  serviceTo: z.iso.date().optional(),
});

const money = z.string().regex(/^-?\d+\.\d{2}$/u);

const totalsSchema = z
  .strictObject({
    groupBy: z.enum(['month']),
    status: z.enum(['settled', 'reversed', 'all']).meta({
      description: 'Which settlements the sums count (the query’s, `settled` by default).',
    }),
    parties: z.array(z.enum(SHARE_PARTIES)),
    periods: z.array(
      z.strictObject({
        period: z.string().meta({ description: '`2025-06`' }),
        settlements: z.int(),
        total: money,
        payers: z.record(z.enum(SHARE_PARTIES), money),
      }),
    ),
  })
  .meta({ id: 'SettlementTotals' });

const errors = {
  400: { description: 'Not JSON, or a field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or the institution may not do this.', schema: errorBodySchema },
  429: { description: 'Too many requests for this API key.', schema: errorBodySchema },
} as const;

export const settlementRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/claims/settle',
    operationId: 'settleClaim',
    summary: 'Settle a claim (commits)',
    description:
      'One-stop layered settlement against the catalog release and the activated policy in force on the service date ' +
      "in the person's insured region, with the person's stored year-to-date accumulators; the settlement, the " +
      'accumulators and any approval drawdowns commit together. Requires an `Idempotency-Key` header: a retry with the ' +
      'same key and body returns the original result (200, `Idempotent-Replayed: true`); the same key with another body is 409. ' +
      'A claim (institution + claim id) is settled at most once while its settlement is live: sent again under another key it is 409 ' +
      '`ledger.claim_already_settled` (naming the settlement); a correction is a reversal and a new settlement.',
    tags: ['claims'],
    requestBody: claimSchema,
    responses: {
      201: { description: 'Settled.', schema: settlementViewSchema },
      200: {
        description: 'A replay of an earlier request with this key.',
        schema: settlementViewSchema,
      },
      ...errors,
      409: {
        description:
          'The Idempotency-Key was used for another request, or the claim already has a live settlement.',
        schema: errorBodySchema,
      },
      422: {
        description: 'No policy or catalog in force, or the engine refused the claim.',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/claims/precheck',
    operationId: 'precheckClaim',
    summary: 'Pre-check a claim (nothing is committed)',
    description:
      "The same pipeline as settle, with the person's stored accumulators and the approved approvals usable at the claim's institution, without committing or drawing down anything. " +
      'An institution integrator gets the decision for a person who is not yet its patient without the accumulators (accumulatorsWithheld: true), as GET /v1/accumulators would refuse them.',
    tags: ['claims'],
    requestBody: claimSchema,
    responses: {
      200: { description: 'What the claim would pay.', schema: settlementAnswerSchema },
      ...errors,
      422: {
        description: 'No policy or catalog in force, or the engine refused the claim.',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/settlements',
    operationId: 'listSettlements',
    summary: 'List settlements (newest first, cursor pagination)',
    description:
      'Filters: institution, person, claim, status, serviceFrom, serviceTo (exclusive); limit (≤ 200); after = the `next` of the previous page. ' +
      'An institution integrator sees only its own institution.',
    tags: ['claims'],
    responses: { 200: { description: 'A page.', schema: settlementPageSchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/settlements/totals',
    operationId: 'settlementTotals',
    summary: 'Settlement totals per payer, per month of service date',
    description:
      'Exact decimal sums (computed by the database over the stored amounts) of the settlements the list would return for ' +
      'the same filters: institution, status, serviceFrom, serviceTo (exclusive). Without `status` only settled settlements ' +
      'count (reversals excluded, as a fund reports); `status=reversed` sums the reversed ones, `status=all` both. ' +
      'Months without settlements are absent. An institution integrator sees only its own institution.',
    tags: ['claims'],
    responses: { 200: { description: 'The totals.', schema: totalsSchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/settlements/{id}',
    operationId: 'getSettlement',
    summary: 'Get a settlement',
    tags: ['claims'],
    responses: {
      200: { description: 'The settlement.', schema: settlementViewSchema },
      ...errors,
      404: {
        description: 'No such settlement (or not visible to this key).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/settlements/{id}/reverse',
    operationId: 'reverseSettlement',
    summary: 'Reverse a settlement',
    description:
      'The accumulators go back exactly by what the settlement added and its approval drawdowns are given back; recorded with who and why.',
    tags: ['claims'],
    requestBody: reverseBodySchema,
    responses: {
      200: { description: 'Reversed.', schema: settlementViewSchema },
      ...errors,
      404: {
        description: 'No such settlement (or not visible to this key).',
        schema: errorBodySchema,
      },
      409: { description: 'Already reversed.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/settlements/{id}/release',
    operationId: 'releaseSettlement',
    summary: 'Release a claim a review finding held (reviewers)',
    description:
      'The held settlement becomes `released` and the claim is settled anew, with the versions it recorded, against the ' +
      "person's accumulators and approvals as they stand now, its holding findings decided: `pay` turns them into warnings, " +
      '`deduct` deducts their lines. Answers the new settlement.',
    tags: ['claims'],
    requestBody: releaseBodySchema,
    responses: {
      200: { description: 'Released: the new settlement.', schema: settlementViewSchema },
      ...errors,
      404: { description: 'No such settlement.', schema: errorBodySchema },
      409: { description: 'The settlement is not held.', schema: errorBodySchema },
      422: { description: 'The release was refused (issues say why).', schema: errorBodySchema },
    },
  },
];

export function view(s: StoredSettlement) {
  return {
    id: s.id,
    status: s.status,
    institutionCode: s.institutionCode,
    claimId: s.claimId,
    ...(s.serviceDate === undefined ? {} : { serviceDate: s.serviceDate }),
    ...(s.createdAt === undefined ? {} : { createdAt: s.createdAt }),
    ...(s.reversal === undefined ? {} : { reversal: s.reversal }),
    settlement: s.body,
  };
}

export function settlementRoutes(services: ApiServices) {
  const claims = new Hono<ApiEnv>()
    .post('/settle', allow('settle'), async (c) => {
      const principal = c.get('principal');
      const key = checked(
        c,
        idempotencyKeySchema,
        c.req.header('idempotency-key'),
        'the Idempotency-Key header',
      );
      if (!key.ok) {
        return c.json(
          errorBody(
            'invalid_request',
            'send an Idempotency-Key header (1–200 printable characters)',
            [
              issue('settlement.idempotency_key_required', 'Idempotency-Key is required', {
                path: ['Idempotency-Key'],
              }),
            ],
          ),
          400,
        );
      }
      const read = await readClaim(c);
      if (!read.ok) return read.response;
      const { claim } = read;
      if (!actsFor(principal, claim.institution.code))
        return forbiddenInstitution(c, claim.institution.code);
      const result = await settleClaim(services, {
        claim,
        principal: principal.id,
        idempotencyKey: key.value,
        requestText: read.text,
      });
      if (!result.ok) return refused(c, result.status, result.issues);
      const stored = result.value;
      if (stored.replayed) {
        c.header('idempotent-replayed', 'true');
        return c.json(view(stored), 200);
      }
      c.header('location', `/v1/settlements/${stored.id}`);
      return c.json(view(stored), 201);
    })
    .post('/precheck', async (c) => {
      const principal = c.get('principal');
      const read = await readClaim(c);
      if (!read.ok) return read.response;
      const { claim } = read;
      if (!actsFor(principal, claim.institution.code))
        return forbiddenInstitution(c, claim.institution.code);
      const result = await precheckClaim(services, claim);
      if (!result.ok) return refused(c, result.status, result.issues);
      const body = encodeSettlement(result.value);
      return c.json(await settlementWireFor(services, principal, claim.person.id, body), 200);
    });

  const settlements = new Hono<ApiEnv>()
    .get('/', validQuery(listQuerySchema), async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const scope = institutionScope(principal, q.institution);
      if (!scope.ok) return forbiddenInstitution(c, scope.forbidden);
      const page = await listSettlements(
        services.store,
        {
          institutionCode: scope.institution,
          personId: q.person,
          claimId: q.claim,
          status: q.status,
          serviceFrom: q.serviceFrom,
          serviceTo: q.serviceTo,
        },
        { limit: q.limit, after: q.after === undefined ? undefined : Number(q.after) },
      );
      return c.json(
        { items: page.items.map(view), next: page.next === null ? null : String(page.next) },
        200,
      );
    })
    .get('/totals', validQuery(totalsQuerySchema), async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const scope = institutionScope(principal, q.institution);
      if (!scope.ok) return forbiddenInstitution(c, scope.forbidden);
      const months = await settlementTotalsByMonth(services.store, {
        institutionCode: scope.institution,
        status: q.status === 'all' ? undefined : q.status,
        serviceFrom: q.serviceFrom,
        serviceTo: q.serviceTo,
      });
      return c.json(
        {
          groupBy: q.groupBy,
          status: q.status,
          parties: [...SHARE_PARTIES],
          periods: months.map((m) => ({
            period: m.month,
            settlements: m.settlements,
            total: m.total,
            payers: { ...m.payers },
          })),
        },
        200,
      );
    })
    .get('/:id', async (c) => {
      const stored = await readSettlement(services.store, c.req.param('id'));
      if (stored === undefined || !actsFor(c.get('principal'), stored.institutionCode)) {
        return notFound(c, c.req.param('id'));
      }
      return c.json(view(stored), 200);
    })
    .post(
      '/:id/reverse',
      allow('reverse'),
      validJson(reverseBodySchema, 'the reversal'),
      async (c) => {
        const principal = c.get('principal');
        const id = c.req.param('id');
        const reason = c.req.valid('json').reason;
        const stored = await readSettlement(services.store, id);
        if (stored === undefined || !actsFor(principal, stored.institutionCode))
          return notFound(c, id);
        const result = await reverseStored(services.store, id, {
          by: principal.id,
          reason,
          on: today(services),
        });
        if (!result.ok) {
          const notThere = result.issues.some((i) => i.code === 'ledger.settlement_not_found');
          return refused(c, notThere ? 404 : 409, result.issues);
        }
        const after = await readSettlement(services.store, id);
        return c.json(view(after ?? result.value), 200);
      },
    )
    .post(
      '/:id/release',
      allow('release_claim'),
      validJson(releaseBodySchema, 'the release'),
      async (c) => {
        const principal = c.get('principal');
        const id = c.req.param('id');
        const { decision, note } = c.req.valid('json');
        const result = await releaseHeld(services.store, {
          heldId: id,
          newId: newSettlementId(services.now(), (n) => services.randomHex(n)),
          decision,
          by: principal.id,
          note,
          versions: services,
        });
        if (!result.ok) {
          const code = result.issues[0]?.code;
          const status =
            code === 'ledger.settlement_not_found' ? 404 : code === 'ledger.not_held' ? 409 : 422;
          return refused(c, status, result.issues);
        }
        return c.json(view(result.value), 200);
      },
    );

  return { claims, settlements };
}

function notFound(c: Context, id: string) {
  return c.json(
    errorBody('not_found', `no settlement ${id}`, [
      issue('ledger.settlement_not_found', `no settlement ${id}`, { path: ['id'] }),
    ]),
    404,
  );
}
