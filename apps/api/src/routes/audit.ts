import { errorBodySchema, issue } from '@openpayer/domain';
import { auditEntrySchema, toBase64, treeHeadSchema } from '@openpayer/supervision';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { AuditTree, StoredAuditEntry } from '@openpayer/persistence';
import { type ApiEnv, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * The tamper-evident audit log (RFC 6962): the latest signed tree head, entries by range, an
 * object's chain of changes, inclusion proofs (for an entry or a settlement), consistency proofs
 * between two tree sizes, and the export that `openpayer audit verify` and the admin's audit page
 * check with nothing but the fund's public key. People appear only as pseudonyms.
 */

const base64 = z.string().meta({ description: 'base64' });
const headBodySchema = z
  .strictObject({
    head: treeHeadSchema,
    /** The Ed25519 public key the head verifies with, base64. */
    publicKey: base64,
  })
  .meta({ id: 'AuditTreeHead' });
const entryItemSchema = z.strictObject({
  index: z.int().min(0),
  entry: auditEntrySchema,
  /** SHA-256(0x00 ‖ canonical JSON of the entry), base64. */
  leafHash: base64,
});
const entriesBodySchema = z.strictObject({
  treeSize: z.int().min(0),
  items: z.array(entryItemSchema),
});
const proofBodySchema = z
  .strictObject({
    index: z.int().min(0),
    treeSize: z.int().min(0),
    leafHash: base64,
    /** PATH(index, D[treeSize]) of RFC 6962 §2.1.1, base64 hashes. */
    auditPath: z.array(base64),
    entry: auditEntrySchema,
  })
  .meta({ id: 'AuditInclusionProof' });
const settlementProofsSchema = z.strictObject({
  head: treeHeadSchema,
  proofs: z.array(proofBodySchema),
});
const consistencyBodySchema = z.strictObject({
  first: z.int().min(0),
  second: z.int().min(0),
  /** PROOF(first, D[second]) of RFC 6962 §2.1.2, base64 hashes. */
  consistency: z.array(base64),
});

const SIZE = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const entriesQuery = z.strictObject({
  from: SIZE.default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const proofQuery = z.strictObject({ treeSize: SIZE.optional() });
const consistencyQuery = z.strictObject({ first: SIZE, second: SIZE.optional() });

const errors = {
  400: { description: 'A parameter is not valid (the issue names it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The key’s role may not read the audit log.', schema: errorBodySchema },
} as const;
const beyond = {
  404: {
    description: 'Beyond the tree: an index or size the log does not have (the issue names it).',
    schema: errorBodySchema,
  },
} as const;

export const auditRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/audit/head',
    operationId: 'getAuditHead',
    summary: 'The latest signed tree head and the public key',
    description:
      'Signs the tree as it is now (the same head again while nothing was appended). A third party keeps it: every later export must contain it.',
    tags: ['audit'],
    responses: { 200: { description: 'The signed tree head.', schema: headBodySchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/audit/entries',
    operationId: 'listAuditEntries',
    summary: 'Entries by range',
    tags: ['audit'],
    responses: {
      200: { description: 'Up to `limit` entries from `from`.', schema: entriesBodySchema },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/audit/entries/{index}/proof',
    operationId: 'getAuditInclusionProof',
    summary: 'Inclusion proof of an entry',
    description: 'Against the tree of `treeSize` entries (default: the latest head).',
    tags: ['audit'],
    responses: {
      200: { description: 'The audit path.', schema: proofBodySchema },
      ...errors,
      ...beyond,
    },
  },
  {
    method: 'get',
    path: '/v1/audit/objects/{type}/{id}',
    operationId: 'getAuditChain',
    summary: "An object's chain of changes",
    description: 'Every entry about one object (e.g. settlement stl_…), oldest first.',
    tags: ['audit'],
    responses: { 200: { description: 'The entries.', schema: entriesBodySchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/audit/settlements/{id}/proof',
    operationId: 'getSettlementAuditProof',
    summary: "Inclusion proofs of a settlement's entries",
    description:
      'Against the latest signed head: proves the settlement (and any reversal) is in the log.',
    tags: ['audit'],
    responses: {
      200: { description: 'The head and one proof per entry.', schema: settlementProofsSchema },
      ...errors,
      404: { description: 'No entry about this settlement.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/audit/consistency',
    operationId: 'getAuditConsistencyProof',
    summary: 'Consistency proof between two tree sizes',
    tags: ['audit'],
    responses: {
      200: { description: 'The proof.', schema: consistencyBodySchema },
      ...errors,
      ...beyond,
    },
  },
  {
    method: 'get',
    path: '/v1/audit/export',
    operationId: 'exportAuditLog',
    summary: 'The whole log as NDJSON, up to a head signed now',
    description:
      'Header, entries and every signed head where it fits; `openpayer audit verify FILE --public-key KEY` checks it.',
    tags: ['audit'],
    responses: { 200: { description: 'application/x-ndjson' }, ...errors },
  },
];

const IN_RANGE = new Set(['audit.proof_out_of_range']);

/** An index or size beyond the tree as the 404 naming the field (the tree says which). */
function outOfRange(error: unknown) {
  const details = (error as { details?: { code?: string; field?: string } }).details;
  if (details?.code === undefined || !IN_RANGE.has(details.code)) return undefined;
  return issue('audit.beyond_tree', (error as Error).message, { path: [details.field ?? ''] });
}

export function auditRoutes(services: ApiServices) {
  /** The inclusion proof of a stored entry in the tree of `treeSize` entries. */
  const proofOf = (audit: AuditTree, item: StoredAuditEntry, treeSize: number) => ({
    index: item.index,
    treeSize,
    leafHash: item.leafHash,
    // The tree refuses an index or size it does not have, naming which.
    auditPath: audit.tree.inclusionProof(item.index, treeSize).map(toBase64),
    entry: item.entry,
  });

  return new Hono<ApiEnv>()
    .use('*', allow('read_audit'))
    .get('/head', async (c) => {
      const audit = await services.auditTree();
      const head = await audit.head();
      return c.json({ head, publicKey: toBase64(audit.publicKey) }, 200);
    })
    .get('/entries', validQuery(entriesQuery), async (c) => {
      const { from, limit } = c.req.valid('query');
      const audit = await services.auditTree();
      const tree = await audit.sync();
      const items = await audit.entries(from, Math.min(from + limit, tree.size));
      return c.json({ treeSize: tree.size, items }, 200);
    })
    .get('/entries/:index/proof', validQuery(proofQuery), async (c) => {
      const index = SIZE.safeParse(c.req.param('index'));
      const audit = await services.auditTree();
      const head = await audit.head();
      const treeSize = c.req.valid('query').treeSize ?? head.treeSize;
      if (!index.success) {
        return refused(c, 404, [
          issue('audit.beyond_tree', 'the entry index must be a whole number ≥ 0', {
            path: ['index'],
          }),
        ]);
      }
      try {
        // Checked before the look-up: an index or size beyond the tree is the client's 404.
        audit.tree.inclusionProof(index.data, treeSize);
      } catch (error) {
        const found = outOfRange(error);
        if (found === undefined) throw error;
        return refused(c, 404, [found]);
      }
      const [item] = await audit.entries(index.data, index.data + 1);
      if (item === undefined) throw new Error(`entry ${index.data} is in the tree but not stored`);
      return c.json(proofOf(audit, item, treeSize), 200);
    })
    .get('/objects/:type/:id', async (c) => {
      const audit = await services.auditTree();
      const tree = await audit.sync();
      const items = (await audit.entriesOf(c.req.param('type'), c.req.param('id'))).filter(
        (i) => i.index < tree.size,
      );
      return c.json({ treeSize: tree.size, items }, 200);
    })
    .get('/settlements/:id/proof', async (c) => {
      const audit = await services.auditTree();
      const head = await audit.head();
      const items = (await audit.entriesOf('settlement', c.req.param('id'))).filter(
        (i) => i.index < head.treeSize,
      );
      if (items.length === 0) {
        return refused(c, 404, [
          issue(
            'audit.not_found',
            `no audit entry about settlement ${c.req.param('id')} in the signed tree`,
            { path: ['id'] },
          ),
        ]);
      }
      return c.json({ head, proofs: items.map((i) => proofOf(audit, i, head.treeSize)) }, 200);
    })
    .get('/consistency', validQuery(consistencyQuery), async (c) => {
      const { first, second } = c.req.valid('query');
      const audit = await services.auditTree();
      const size = second ?? (await audit.head()).treeSize;
      try {
        const tree = await audit.sync();
        return c.json(
          { first, second: size, consistency: tree.consistencyProof(first, size).map(toBase64) },
          200,
        );
      } catch (error) {
        const found = outOfRange(error);
        if (found === undefined) throw error;
        return refused(c, 404, [found]);
      }
    })
    .get('/export', async (c) => {
      const audit = await services.auditTree();
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="openpayer-audit.ndjson"');
      return stream(c, async (out) => {
        for await (const line of audit.exportLines()) await out.write(`${line}\n`);
      });
    });
}
