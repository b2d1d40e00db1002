import type { InferResponseType } from 'hono/client';
import { api, call } from '../api/client.ts';

/**
 * The audit log's calls over the typed client: the shapes are what the API's routes answer
 * (`apps/api/src/routes/audit.ts`, from its zod schemas), so a change there fails this typecheck.
 */

const audit = api.v1.audit;
const chain = audit.objects[':type'][':id'];
const proof = audit.entries[':index'].proof;

/** The latest signed tree head and the public key the API publishes beside it. */
export type HeadView = InferResponseType<typeof audit.head.$get, 200>;
/** An object's entries, oldest first. */
export type ChainView = InferResponseType<typeof chain.$get, 200>;
export type ChainItem = ChainView['items'][number];
/** An entry's inclusion proof (RFC 6962 audit path) in a tree of `treeSize` entries. */
export type ProofView = InferResponseType<typeof proof.$get, 200>;

export const getHead = () => call(audit.head.$get());

export const getChain = (type: string, id: string) =>
  call(chain.$get({ param: { type: encodeURIComponent(type), id: encodeURIComponent(id) } }));

export const getProof = (index: number, treeSize: number) =>
  call(proof.$get({ param: { index: String(index) }, query: { treeSize: String(treeSize) } }));

/**
 * Starts the export's download (NDJSON, streamed): `body` is read by the verifier as it arrives
 * (fetch's body, bytes). A refusal's `json()` is the API's error body.
 */
export async function downloadExport(signal: AbortSignal) {
  const response = await audit.export.$get(undefined, { init: { signal } });
  return {
    ok: response.ok,
    status: response.status,
    body: response.body as ReadableStream<Uint8Array> | null,
    json: (): Promise<unknown> => response.json(),
  };
}
