import {
  type ApprovalPolicy,
  type CatalogRelease,
  CatalogIndex,
  CatalogRegistry,
} from '@openpayer/catalog';
import type { CalendarDate, RegionCode } from '@openpayer/domain';
import type { Policy } from '@openpayer/pricing';
import {
  type Principal,
  type Store,
  listPolicies,
  listReleases,
  loadRelease,
  principalByKey,
  readPolicy,
} from '@openpayer/persistence';

/**
 * What the store-backed routes share: the database, the approval rules, a clock, and in-memory
 * views of the versioned data (catalog indexes, policies, principals) read from the database.
 * Writes through the API refresh the views at once; on a multi-process PostgreSQL deployment a
 * view written by another process is seen after `viewTtlMs`.
 */
export interface ApiServices {
  readonly store: Store;
  readonly approvalPolicy: ApprovalPolicy;
  /** Today's date and the current time (tests pass a fixed clock). */
  readonly now: () => Date;
  catalog(id: string): Promise<CatalogIndex | undefined>;
  /** The release in force on `date` for `region` (city > province > national). */
  catalogAt(date: CalendarDate, region: RegionCode): Promise<CatalogIndex | undefined>;
  /** The activated policy version in force for `region` on `date`. */
  policyAt(date: CalendarDate, region: string): Promise<Policy | undefined>;
  principal(apiKey: string): Promise<Principal | undefined>;
  /** Forget the cached views (after a write). */
  invalidate(what: 'catalog' | 'policies' | 'principals'): void;
  /** Adds a release just stored to the catalog view. */
  releaseAdded(release: CatalogRelease): void;
}

export interface ServicesOptions {
  readonly store: Store;
  readonly approvalPolicy: ApprovalPolicy;
  readonly now?: () => Date;
  readonly viewTtlMs?: number;
}

interface ActivePolicy {
  readonly id: string;
  readonly region: string;
  readonly activeFrom: string;
}

export function createServices(options: ServicesOptions): ApiServices {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.viewTtlMs ?? 30_000;

  const indexes = new Map<string, Promise<CatalogIndex | undefined>>();
  let registry: { at: number; value: Promise<CatalogRegistry> } | undefined;
  const policyCache = new Map<string, Promise<Policy | undefined>>();
  let active: { at: number; value: Promise<ActivePolicy[]> } | undefined;
  const principals = new Map<string, { at: number; value: Promise<Principal | undefined> }>();

  const fresh = (at: number) => Date.now() - at < ttl;

  const catalog = (id: string) => {
    let index = indexes.get(id);
    if (index === undefined) {
      index = loadRelease(store, id).then((r) =>
        r === undefined ? undefined : new CatalogIndex(r),
      );
      indexes.set(id, index);
      // A missing release may be imported later: do not remember the miss.
      void index.then((i) => {
        if (i === undefined) indexes.delete(id);
      });
    }
    return index;
  };

  /** The registry holds headers only: each release's items come from `catalog(id)`. */
  const registryView = () => {
    if (registry === undefined || !fresh(registry.at)) {
      registry = {
        at: Date.now(),
        value: listReleases(store).then(
          (summaries) =>
            new CatalogRegistry(
              summaries.map((s) => ({
                ...s,
                items: [],
                codeRestrictions: [],
                primaryCareFormulary: null,
                substitutionGroups: [],
              })),
            ),
        ),
      };
    }
    return registry.value;
  };

  const activePolicies = () => {
    if (active === undefined || !fresh(active.at)) {
      active = {
        at: Date.now(),
        value: listPolicies(store).then((all) =>
          all.flatMap((p) =>
            p.activeFrom === null ? [] : [{ id: p.id, region: p.region, activeFrom: p.activeFrom }],
          ),
        ),
      };
    }
    return active.value;
  };

  const policy = (id: string) => {
    let loaded = policyCache.get(id);
    if (loaded === undefined) {
      loaded = readPolicy(store, id).then((p) => p?.policy);
      policyCache.set(id, loaded);
    }
    return loaded;
  };

  return {
    store,
    approvalPolicy: options.approvalPolicy,
    now,
    catalog,
    async catalogAt(date, region) {
      const header = (await registryView()).at(date, region);
      return header === undefined ? undefined : catalog(header.id);
    },
    async policyAt(date, region) {
      const candidates = (await activePolicies())
        .filter((p) => p.region === region && p.activeFrom <= date)
        .sort((a, b) => (a.activeFrom < b.activeFrom ? 1 : a.activeFrom > b.activeFrom ? -1 : 0));
      const chosen = candidates[0];
      return chosen === undefined ? undefined : policy(chosen.id);
    },
    principal(apiKey) {
      const cached = principals.get(apiKey);
      if (cached !== undefined && fresh(cached.at)) return cached.value;
      const value = principalByKey(store, apiKey);
      if (principals.size > 10_000) principals.clear();
      principals.set(apiKey, { at: Date.now(), value });
      return value;
    },
    invalidate(what) {
      if (what === 'catalog') registry = undefined;
      if (what === 'policies') active = undefined;
      if (what === 'principals') principals.clear();
    },
    releaseAdded(release) {
      registry = undefined;
      indexes.set(release.id, Promise.resolve(new CatalogIndex(release)));
    },
  };
}

/** Today as a calendar date (UTC). */
export function today(services: ApiServices): CalendarDate {
  return services.now().toISOString().slice(0, 10) as CalendarDate;
}
