import {
  type ApprovalPolicy,
  type CatalogRelease,
  CatalogIndex,
  CatalogRegistry,
} from '@openpayer/catalog';
import {
  type CalendarDate,
  DEFAULT_POLICY_TIME_ZONE,
  type RegionCode,
  type Result,
  isWithinRegion,
  ok,
  regionCodeSchema,
  todayIn,
} from '@openpayer/domain';
import { type Policy, type PolicyActivation, policyInForce } from '@openpayer/pricing';
import {
  AuditTree,
  type Principal,
  type RequestRateLimit,
  admitPrincipal,
  type SettlementServices,
  auditSigningKey,
  type Store,
  listPolicies,
  listReleases,
  listOversightDocuments,
  listRuleSets,
  loadRelease,
  type OversightDocumentKind,
  refreshKpiFacts,
  principalByKey,
  readPolicy,
  readRuleSet,
  suspensionsFromCases,
} from '@openpayer/persistence';
import {
  type AnomalyRuleSet,
  type BudgetSet,
  type KpiDefinitionSet,
  demoAnomalyRules,
  demoBudgets,
  demoKpiDefinitions,
  loadAnomalyRules,
  loadBudgets,
  loadCaseRules,
  loadKpiDefinitions,
  loadWorkCalendar,
  type CaseContext,
  type CaseRules,
  type CompiledRuleSet,
  type RuleSetActivation,
  type WorkCalendar,
  compileRuleSet,
  demoCaseRules,
  ruleSetsInForce,
  shippedWorkCalendar,
  suspensionRuleSet,
} from '@openpayer/supervision';
import { TokenBuckets } from './rate-limit.ts';

/**
 * What the store-backed routes share: the database, the approval rules, a clock, and in-memory
 * views of the versioned data (catalog indexes, policies, principals) read from the database.
 * Writes through the API refresh the views at once. On PostgreSQL, where several servers may
 * share the database, every request reads the data version with its API key (`admit`): a change
 * made through another server (or any writer) drops the views before the request uses them, so a
 * policy or catalog activated anywhere is in force here from the next request on. The views are
 * also reread after `viewTtlMs`. The settle / pre-check flow
 * (`@openpayer/persistence`) reads the part it needs (`SettlementServices`: the store, the clock,
 * the versions in force, random bytes).
 */
export interface ApiServices extends SettlementServices {
  readonly approvalPolicy: ApprovalPolicy;
  catalog(id: string): Promise<CatalogIndex | undefined>;
  /** A stored policy version by id (read once; versions are immutable). */
  policy(id: string): Promise<Policy | undefined>;
  /** The compiled smart-review rule sets in force for `region` on `date` (`ruleSetsInForce`). */
  ruleSetsAt(date: CalendarDate, region: RegionCode): Promise<readonly CompiledRuleSet[]>;
  /** A stored rule set by id, compiled (read once; rule sets are immutable). */
  ruleSet(id: string): Promise<CompiledRuleSet | undefined>;
  /**
   * The principal of a request's API key and whether its rate limit admits the request now. On
   * PostgreSQL one statement (`admitPrincipal`): the token bucket is shared by every server, and
   * the data version read with it drops this server's views when the data changed elsewhere. On
   * the embedded database (one process) the principal is cached and the bucket is in memory.
   */
  admit(
    apiKey: string,
    limit: RequestRateLimit,
  ): Promise<{
    readonly principal: Principal | undefined;
    readonly retryAfterSeconds: number | undefined;
  }>;
  /** Forget the cached views (after a write). */
  invalidate(
    what: 'catalog' | 'policies' | 'principals' | 'rule_sets' | 'cases' | 'oversight',
  ): void;
  /**
   * A release was just stored: the catalog view lists it at once. Its index is built from the
   * database when first asked for (the imported object is not kept: its strings may be slices
   * of the request body).
   */
  releaseAdded(release: CatalogRelease): void;
  /** How many release indexes are held in memory now (at most twice `catalogCacheSize`). */
  cachedCatalogs(): number;
  /** The audit log's Merkle tree, signing with the configured key or the database's own. */
  auditTree(): Promise<AuditTree>;
  /**
   * The supervision case rules and the working-day calendar of a region (the shipped demo rules
   * and national calendar), or undefined when none govern it.
   */
  caseContext(region: string): CaseContext | undefined;
  /**
   * The oversight data in force: KPI definitions, anomaly rules, global budgets, case rules and
   * working-day calendars — the latest an administrator uploaded of each (`oversight_documents`),
   * else the shipped demo region's. Cached like the other views; `invalidate('oversight')` after
   * an upload.
   */
  oversight(): Promise<Oversight>;
  /**
   * Brings the KPI facts up to the ledger (`refreshKpiFacts`) before a KPI is read; concurrent
   * callers share one refresh.
   */
  kpiFactsFresh(): Promise<void>;
}

export interface Oversight {
  readonly kpis: KpiDefinitionSet;
  readonly anomalyRules: AnomalyRuleSet;
  readonly budgets: BudgetSet;
  /** Case rules, the latest uploaded first, the shipped ones last. */
  readonly caseRules: readonly CaseRules[];
  /** Working-day calendars by id (an uploaded one replaces a shipped one of the same id). */
  readonly calendars: ReadonlyMap<string, WorkCalendar>;
}

export interface ServicesOptions {
  readonly store: Store;
  readonly approvalPolicy: ApprovalPolicy;
  /**
   * The runtime's cryptographically random bytes as hex (settlement ids). Injected, so these
   * services and the routes run on any runtime: `openServices` passes Node's `randomBytes`.
   */
  readonly randomHex: (bytes: number) => string;
  readonly now?: () => Date;
  /**
   * The Ed25519 secret key (32 bytes, base64) that signs the audit log's tree heads, from the
   * deployment's configuration (OPENPAYER_AUDIT_SIGNING_KEY); absent: the database's own key.
   */
  readonly auditSigningKey?: string | undefined;
  readonly viewTtlMs?: number;
  /**
   * Release indexes kept in memory, each way: the most recently used releases asked for by id,
   * and, apart from them, the releases most recently found in force by `catalogAt` (so look-ups,
   * diffs and imports of other releases never push the catalog claims use out). Default 8; an
   * index of the national list is some 4–5 MB.
   */
  readonly catalogCacheSize?: number;
}

/** A map that keeps its `limit` most recently used entries. */
class Recent<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    for (const oldest of this.map.keys()) {
      if (this.map.size <= this.limit) break;
      this.map.delete(oldest);
    }
  }

  /** Removes `key` only while it still maps to `value` (a late outcome must not drop a newer entry). */
  deleteIf(key: K, value: V): void {
    if (this.map.get(key) === value) this.map.delete(key);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}

export function createServices(options: ServicesOptions): ApiServices {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.viewTtlMs ?? 30_000;
  const catalogCacheSize = Math.max(1, options.catalogCacheSize ?? 8);

  // Two bounded caches of release indexes (releases are immutable, so an entry never goes
  // stale): by id, and the releases `catalogAt` found in force. An index moves to `inForce` when
  // `catalogAt` returns it; one dropped from both is loaded again from the database when needed.
  type Loading = Promise<CatalogIndex | undefined>;
  const recent = new Recent<string, Loading>(catalogCacheSize);
  const inForce = new Recent<string, Loading>(catalogCacheSize);
  let registry: { at: number; value: Promise<CatalogRegistry> } | undefined;
  const policyCache = new Map<string, Promise<Policy | undefined>>();
  let active: { at: number; value: Promise<PolicyActivation[]> } | undefined;
  const principals = new Map<string, { at: number; value: Promise<Principal | undefined> }>();
  // Rule sets are immutable once stored: compiled once per id; activations are a view like policies'.
  const ruleSetCache = new Map<string, Promise<CompiledRuleSet | undefined>>();
  let activeRuleSets: { at: number; value: Promise<RuleSetActivation[]> } | undefined;

  const fresh = (at: number) => Date.now() - at < ttl;
  const buckets = new TokenBuckets();
  /** The data version the views were last dropped for (PostgreSQL; see `admit`). */
  let viewsVersion = -1n;

  /** Keeps `loading` in `cache`, unless it finds no release (it may be imported later) or fails. */
  const hold = (cache: Recent<string, Loading>, id: string, loading: Loading): Loading => {
    cache.set(id, loading);
    loading.then(
      (i) => {
        if (i === undefined) cache.deleteIf(id, loading);
      },
      () => {
        cache.deleteIf(id, loading);
      },
    );
    return loading;
  };
  const load = (id: string): Loading =>
    loadRelease(store, id).then((r) => (r === undefined ? undefined : new CatalogIndex(r)));

  const catalog = (id: string): Loading =>
    inForce.get(id) ?? recent.get(id) ?? hold(recent, id, load(id));

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
                // Headers only: what decides a line comes with the release's items.
                unparsedRestrictions: 'flag' as const,
                crosswalk: [],
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

  const activeRuleSetsView = () => {
    if (activeRuleSets === undefined || !fresh(activeRuleSets.at)) {
      activeRuleSets = {
        at: Date.now(),
        value: listRuleSets(store).then((all) =>
          all.flatMap((r) =>
            r.activeFrom === null ? [] : [{ id: r.id, region: r.region, activeFrom: r.activeFrom }],
          ),
        ),
      };
    }
    return activeRuleSets.value;
  };

  const compiledRuleSet = (id: string) => {
    let loaded = ruleSetCache.get(id);
    if (loaded === undefined) {
      loaded = readRuleSet(store, id).then((r) =>
        r === undefined ? undefined : compileRuleSet(r.ruleSet),
      );
      ruleSetCache.set(id, loaded);
      loaded.catch(() => ruleSetCache.delete(id));
    }
    return loaded;
  };

  let audit: Promise<AuditTree> | undefined;
  const auditTree = (): Promise<AuditTree> => {
    audit ??= auditSigningKey(store, options.auditSigningKey).then(
      (key) => new AuditTree(store, key, now),
    );
    audit.catch(() => {
      audit = undefined;
    });
    return audit;
  };

  // Oversight data: shipped, overridden by the uploaded documents (read from the database, then
  // kept for the views' TTL; caseContext is synchronous and answers from the last loaded data,
  // starting a reload when it is stale).
  let oversightData: { at: number; value: Oversight } = { at: 0, value: shippedOversight() };
  let oversightLoading: Promise<Oversight> | undefined;
  const loadOversight = (): Promise<Oversight> => {
    oversightLoading ??= oversightFrom(store)
      .then((value) => {
        oversightData = { at: Date.now(), value };
        return value;
      })
      .finally(() => {
        oversightLoading = undefined;
      });
    return oversightLoading;
  };
  const oversight = (): Promise<Oversight> =>
    fresh(oversightData.at) ? Promise.resolve(oversightData.value) : loadOversight();

  const caseContext = (region: string): CaseContext | undefined => {
    if (!fresh(oversightData.at)) loadOversight().catch(() => undefined);
    const asked = regionCodeSchema.safeParse(region);
    if (!asked.success) return undefined;
    const data = oversightData.value;
    for (const rules of data.caseRules) {
      if (rules.region !== null && !isWithinRegion(asked.data, rules.region)) continue;
      const calendar = data.calendars.get(rules.calendar);
      if (calendar !== undefined) return { rules, calendar };
    }
    return undefined;
  };

  // The suspensions the region's decided cases call for, as a rule set settlement applies with
  // the active ones (rebuilt after a case step here, or after the views' TTL).
  const suspensionSets = new Map<string, { at: number; value: Promise<CompiledRuleSet | null> }>();
  const suspensionSet = (region: RegionCode): Promise<CompiledRuleSet | null> => {
    const cached = suspensionSets.get(region);
    if (cached !== undefined && fresh(cached.at)) return cached.value;
    const context = caseContext(region);
    const value =
      context === undefined
        ? Promise.resolve(null)
        : suspensionsFromCases(store, region, context.rules).then((found) => {
            if (found.length === 0) return null;
            const set = suspensionRuleSet(context.rules, found);
            // Validated data on both sides: a refusal here is a defect to see, not to skip.
            if (!set.ok) throw new Error(`suspension rule set: ${set.issues[0]?.message ?? ''}`);
            return compileRuleSet(set.value);
          });
    suspensionSets.set(region, { at: Date.now(), value });
    value.catch(() => suspensionSets.delete(region));
    return value;
  };

  /**
   * The embedded database's principals, cached: it has one process, whose writes invalidate this
   * cache. (On PostgreSQL `admit` looks every key up, so a key rotated or revoked through any
   * server stops working on all of them at once.)
   */
  const cachedPrincipal = (apiKey: string): Promise<Principal | undefined> => {
    const cached = principals.get(apiKey);
    if (cached !== undefined && fresh(cached.at)) return cached.value;
    const value = principalByKey(store, apiKey);
    if (principals.size > 10_000) principals.clear();
    principals.set(apiKey, { at: Date.now(), value });
    return value;
  };

  /** Every view of the versioned data, reread when next used (release indexes are immutable). */
  const dropViews = () => {
    registry = undefined;
    active = undefined;
    activeRuleSets = undefined;
    suspensionSets.clear();
    oversightData = { ...oversightData, at: 0 };
  };

  let refreshing: Promise<void> | undefined;
  const kpiFactsFresh = (): Promise<void> => {
    refreshing ??= oversight()
      .then((data) => refreshKpiFacts(store, data.kpis))
      .then(() => undefined)
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  return {
    store,
    auditTree,
    caseContext,
    oversight,
    kpiFactsFresh,
    approvalPolicy: options.approvalPolicy,
    now,
    randomHex: options.randomHex,
    catalog,
    policy,
    async catalogAt(date, region) {
      const header = (await registryView()).at(date, region);
      if (header === undefined) return undefined;
      const held = inForce.get(header.id);
      if (held !== undefined) return held;
      const used = recent.get(header.id);
      recent.delete(header.id);
      return hold(inForce, header.id, used ?? load(header.id));
    },
    async policyAt(date, region) {
      const chosen = policyInForce(await activePolicies(), region, date);
      return chosen === undefined ? undefined : policy(chosen.id);
    },
    ruleSet: (id) => compiledRuleSet(id),
    async ruleSetsAt(date, region) {
      const chosen = ruleSetsInForce(await activeRuleSetsView(), region, date);
      const compiled = await Promise.all(chosen.map((r) => compiledRuleSet(r.id)));
      const suspended = await suspensionSet(region);
      return [
        ...compiled.filter((r): r is CompiledRuleSet => r !== undefined),
        ...(suspended === null ? [] : [suspended]),
      ];
    },
    async admit(apiKey, limit) {
      if (store.kind === 'pglite') {
        const found = await cachedPrincipal(apiKey);
        return {
          principal: found,
          retryAfterSeconds: found === undefined ? undefined : buckets.take(found.id, limit),
        };
      }
      const admitted = await admitPrincipal(store, apiKey, limit);
      if (admitted.dataVersion !== undefined) {
        const version = BigInt(admitted.dataVersion);
        // Only forward: an answer read before a newer one must not undo its drop.
        if (version > viewsVersion) {
          viewsVersion = version;
          dropViews();
        }
      }
      return { principal: admitted.principal, retryAfterSeconds: admitted.retryAfterSeconds };
    },
    invalidate(what) {
      if (what === 'catalog') registry = undefined;
      if (what === 'policies') active = undefined;
      if (what === 'principals') principals.clear();
      if (what === 'rule_sets') activeRuleSets = undefined;
      if (what === 'cases') suspensionSets.clear();
      if (what === 'oversight') {
        oversightData = { ...oversightData, at: 0 };
        suspensionSets.clear();
      }
    },
    releaseAdded(release) {
      registry = undefined;
      // Releases are immutable: an entry of this id can only be a read that found nothing.
      recent.delete(release.id);
      inForce.delete(release.id);
    },
    cachedCatalogs() {
      return new Set([...recent.keys(), ...inForce.keys()]).size;
    },
  };
}

/** Today in the policies' time zone (Asia/Shanghai): between 00:00 and 08:00 there UTC is still yesterday. */
export function today(services: ApiServices): CalendarDate {
  return todayIn(DEFAULT_POLICY_TIME_ZONE, services.now());
}

/** The shipped oversight data: the demo region's KPIs, anomaly rules, budgets and case rules, and the national calendar. */
function shippedOversight(): Oversight {
  const kpis = demoKpiDefinitions();
  if (!kpis.ok) throw new Error(`shipped KPI definitions: ${kpis.issues[0]?.message ?? ''}`);
  const anomalyRules = demoAnomalyRules(kpis.value);
  const budgets = demoBudgets(kpis.value);
  const caseRules = demoCaseRules();
  const calendar = shippedWorkCalendar();
  if (!anomalyRules.ok || !budgets.ok || !caseRules.ok || !calendar.ok) {
    throw new Error('shipped oversight data does not load');
  }
  return {
    kpis: kpis.value,
    anomalyRules: anomalyRules.value,
    budgets: budgets.value,
    caseRules: [caseRules.value],
    calendars: new Map([[calendar.value.id, calendar.value]]),
  };
}

/**
 * The oversight data in force: of each kind the latest uploaded document that still loads (an
 * upload is checked against what is in force, so all do), over the shipped data.
 */
async function oversightFrom(store: Store): Promise<Oversight> {
  const shipped = shippedOversight();
  const docs = await listOversightDocuments(store);
  const latest = <T>(kind: OversightDocumentKind, load: (body: unknown) => Result<T>) => {
    for (const d of docs) {
      if (d.kind !== kind) continue;
      const loaded = load(d.body);
      if (loaded.ok) return loaded.value;
    }
    return undefined;
  };
  const kpis = latest('kpi_definitions', loadKpiDefinitions) ?? shipped.kpis;
  const caseRules = docs.flatMap((d) => {
    if (d.kind !== 'case_rules') return [];
    const loaded = loadCaseRules(d.body);
    return loaded.ok ? [loaded.value] : [];
  });
  const calendars = new Map(shipped.calendars);
  for (const d of [...docs].reverse()) {
    if (d.kind !== 'work_calendar') continue;
    const loaded = loadWorkCalendar(d.body);
    if (loaded.ok) calendars.set(loaded.value.id, loaded.value);
  }
  // Without an upload of their own, the shipped rules and budgets, read against the KPIs in force
  // (an upload of KPI definitions is refused when they would not load).
  const anomalyRules =
    latest('anomaly_rules', (b) => loadAnomalyRules(b, kpis)) ?? demoAnomalyRules(kpis);
  const budgets = latest('budgets', (b) => loadBudgets(b, kpis)) ?? demoBudgets(kpis);
  const rules = 'ok' in anomalyRules ? anomalyRules : ok(anomalyRules);
  const plan = 'ok' in budgets ? budgets : ok(budgets);
  if (!rules.ok || !plan.ok) throw new Error('the anomaly rules or budgets in force do not load');
  return {
    kpis,
    anomalyRules: rules.value,
    budgets: plan.value,
    caseRules: [...caseRules, ...shipped.caseRules],
    calendars,
  };
}
