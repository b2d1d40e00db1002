import type { InferResponseType } from 'hono/client';
import { api, call } from '../api/client.ts';
import type { SearchFilters } from './filters.ts';

/**
 * The catalog calls the screens make, over the typed client: the shapes below are what the API's
 * routes answer (`apps/api/src/routes/catalog.ts`), so a change there fails this typecheck.
 */

const releases = api.v1.catalog.releases;
const items = releases[':id'].items;
const item = items[':itemId{.+}'];

export type ReleaseSummary = InferResponseType<typeof releases.$get, 200>['items'][number];
type ItemPage = InferResponseType<typeof items.$get, 200>;
export type ItemView = ItemPage['items'][number];
export type CatalogDiffView = InferResponseType<typeof api.v1.catalog.diff.$get, 200>;
export type ItemChangeView = CatalogDiffView['changed'][number];
/**
 * What an import answers (201). The route reads its body itself (the CSV can be 50 MB), so its
 * request and response are not in the client's types; this mirrors the route's `c.json(…, 201)`.
 */
export interface ImportResponse {
  readonly release: Omit<ReleaseSummary, 'importedAt'>;
  readonly import: unknown;
}
export type RestrictionView = ItemView['restrictions'][number];

export const listReleases = () => call(releases.$get());

export function searchItems(
  releaseId: string,
  filters: SearchFilters,
  offset: number,
  limit: number,
) {
  return call(
    items.$get({
      param: { id: releaseId },
      query: {
        ...(filters.q === '' ? {} : { q: filters.q }),
        ...(filters.class === '' ? {} : { class: filters.class }),
        ...(filters.kind === '' ? {} : { kind: filters.kind }),
        ...(filters.restriction === '' ? {} : { restriction: filters.restriction }),
        ...(filters.negotiated === '' ? {} : { negotiated: filters.negotiated }),
        ...(filters.unparsed === '' ? {} : { unparsed: filters.unparsed }),
        limit: String(limit),
        offset: String(offset),
      },
    }),
  );
}

/** Item ids contain "/" (`XL01EB/达可替尼片`): the route takes the rest of the path. */
export const getItem = (releaseId: string, itemId: string) =>
  call(item.$get({ param: { id: releaseId, itemId: encodeURIComponent(itemId) } }));

export const diffReleases = (from: string, to: string, limit: number) =>
  call(api.v1.catalog.diff.$get({ query: { from, to, limit: String(limit) } }));

/** Sends an import body (JSON text, already checked against the API's schemas). */
export const importRelease = (body: string) =>
  call(
    releases
      .$post({}, { headers: { 'content-type': 'application/json' }, init: { body } })
      .then((response) => ({
        ok: response.ok,
        status: response.status,
        json: async () => (await response.json()) as ImportResponse,
      })),
  );

/** The newest release: the one taking effect last (the API lists them oldest first). */
export function newest(list: readonly ReleaseSummary[]): ReleaseSummary | undefined {
  return list.at(-1);
}
