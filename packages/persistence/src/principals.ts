import { createHash, randomBytes } from 'node:crypto';
import { type Issue, type PrincipalRole, type Result, fail, issue, ok } from '@openpayer/domain';
import { appendAudit } from './audit-log.ts';
import type { SqlRunner, Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * API principals: who calls the API, in which role, for which institution. Only a SHA-256 of
 * each API key is stored; the key itself is shown once, when it is made. Every change is appended
 * to the audit log in its own transaction, recording the principal's public record (never a key
 * or its hash) and the principal (`actor`) that made it; `system` for the product's own seeding.
 */

// The roles are defined beside the permission table that gives them meaning.
export { PRINCIPAL_ROLES, type PrincipalRole } from '@openpayer/domain';

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: PrincipalRole;
  /** The institution an integrator acts for (null for the fund's own roles). */
  readonly institutionCode: string | null;
  /**
   * The medical alliance (医联体) a reviewer decides for, or an integrator's institution belongs
   * to; null or absent: none. Read back from the store, it is always present.
   */
  readonly allianceId?: string | null | undefined;
  /**
   * A reviewer at the lead hospital (牵头医院) of `allianceId`: it decides the alliance's primary
   * institutions' out-of-formulary requests (approval kind primary_care). Absent: false.
   */
  readonly isLeadHospital?: boolean | undefined;
}

/** A principal's alliance membership, as an administrator sets it. */
export interface AllianceMembership {
  readonly allianceId: string | null;
  readonly isLeadHospital: boolean;
}

export const PRINCIPAL_ISSUE_CODES = [
  'principal.exists',
  'principal.not_found',
  'principal.institution_required',
  'principal.institution_not_allowed',
  /** A revoked principal gets no new key; create another. */
  'principal.revoked',
  /** An administrator cannot revoke the key it is calling with (it would lock itself out). */
  'principal.self_revocation',
  /** Only reviewers and institution integrators belong to a medical alliance. data: { role } */
  'principal.alliance_not_allowed',
  /** Only a reviewer works at a lead hospital. data: { role } */
  'principal.lead_hospital_not_allowed',
  /** A lead hospital is the lead hospital of an alliance: isLeadHospital needs allianceId. */
  'principal.alliance_required',
] as const;
export type PrincipalIssueCode = (typeof PRINCIPAL_ISSUE_CODES)[number];

export const keyHash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const newKey = () => `opk_${randomBytes(24).toString('base64url')}`;

interface PrincipalRow {
  id: string;
  name: string;
  role: string;
  institution_code: string | null;
  alliance_id: string | null;
  is_lead_hospital: boolean | null;
}

const COLUMNS = 'id, name, role, institution_code, alliance_id, is_lead_hospital';

const principalOf = (r: PrincipalRow): Principal => ({
  id: r.id,
  name: r.name,
  role: r.role as PrincipalRole,
  institutionCode: r.institution_code,
  allianceId: r.alliance_id,
  isLeadHospital: r.is_lead_hospital === true,
});

/**
 * Who may carry which alliance data: a reviewer an alliance, and if it works at the alliance's lead
 * hospital `isLeadHospital`; an institution integrator its institution's alliance; the fund's
 * administrators and auditors none.
 */
function membershipIssues(
  role: PrincipalRole,
  membership: AllianceMembership,
): Issue<PrincipalIssueCode>[] {
  const issues: Issue<PrincipalIssueCode>[] = [];
  if (membership.allianceId !== null && role !== 'reviewer' && role !== 'institution_integrator') {
    issues.push(
      issue('principal.alliance_not_allowed', `a ${role} belongs to no medical alliance`, {
        path: ['allianceId'],
        data: { role },
      }),
    );
  }
  if (membership.isLeadHospital && role !== 'reviewer') {
    issues.push(
      issue(
        'principal.lead_hospital_not_allowed',
        `only a reviewer decides for a lead hospital, not a ${role}`,
        { path: ['isLeadHospital'], data: { role } },
      ),
    );
  }
  if (membership.isLeadHospital && membership.allianceId === null) {
    issues.push(
      issue(
        'principal.alliance_required',
        'a lead hospital is the lead hospital of an alliance: give allianceId',
        { path: ['allianceId'] },
      ),
    );
  }
  return issues;
}

const membershipOf = (p: Principal): AllianceMembership => ({
  allianceId: p.allianceId ?? null,
  isLeadHospital: p.isLeadHospital ?? false,
});

type PrincipalAuditKind =
  'principal.created' | 'principal.rotated' | 'principal.revoked' | 'principal.alliance_set';

/** A principal's public record, as the audit log hashes it: no key, no key hash. */
function publicRecord(p: Principal, status: 'active' | 'revoked') {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    institutionCode: p.institutionCode,
    allianceId: p.allianceId ?? null,
    isLeadHospital: p.isLeadHospital ?? false,
    status,
  };
}

async function appendPrincipalAudit(
  tx: SqlRunner,
  kind: PrincipalAuditKind,
  principal: Principal,
  status: 'active' | 'revoked',
  actor: string,
  event: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const state = publicRecord(principal, status);
  await appendAudit(tx, [
    {
      kind,
      actor,
      object: { type: 'principal', id: principal.id },
      state,
      event: { role: state.role, ...event },
    },
  ]);
}

export async function createPrincipal(
  store: Store,
  input: Principal,
  actor = 'system',
): Promise<Result<{ principal: Principal; apiKey: string }, PrincipalIssueCode>> {
  const membership = membershipOf(input);
  const membershipRefused = membershipIssues(input.role, membership);
  if (membershipRefused.length > 0) return fail(membershipRefused);
  if (input.role === 'institution_integrator' && input.institutionCode === null) {
    return fail([
      issue(
        'principal.institution_required',
        'an institution integrator acts for one institution',
        {
          path: ['institutionCode'],
        },
      ),
    ]);
  }
  if (input.role !== 'institution_integrator' && input.institutionCode !== null) {
    return fail([
      issue('principal.institution_not_allowed', `a ${input.role} is not tied to an institution`, {
        path: ['institutionCode'],
      }),
    ]);
  }
  const apiKey = newKey();
  const principal: Principal = { ...input, ...membership };
  try {
    await store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO principals (id, name, role, institution_code, alliance_id, is_lead_hospital, key_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          input.id,
          input.name,
          input.role,
          input.institutionCode,
          membership.allianceId,
          membership.isLeadHospital,
          keyHash(apiKey),
        ],
      );
      await appendPrincipalAudit(tx, 'principal.created', principal, 'active', actor, {
        institutionCode: principal.institutionCode,
        allianceId: membership.allianceId,
        isLeadHospital: membership.isLeadHospital,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([issue('principal.exists', `principal "${input.id}" exists`, { path: ['id'] })]);
    }
    throw error;
  }
  return ok({ principal, apiKey });
}

/**
 * Sets a principal's alliance membership (both fields: `allianceId: null` leaves the alliance).
 * Refused for an unknown or revoked principal, and for data its role may not carry.
 */
export async function setPrincipalAlliance(
  store: Store,
  id: string,
  membership: AllianceMembership,
  actor = 'system',
): Promise<Result<{ principal: Principal }, PrincipalIssueCode>> {
  const [current] = await store.query<PrincipalRow & { revoked: boolean }>(
    `SELECT ${COLUMNS}, revoked_at IS NOT NULL AS revoked FROM principals WHERE id = $1`,
    [id],
  );
  if (current === undefined) {
    return fail([issue('principal.not_found', `no principal "${id}"`, { path: ['id'] })]);
  }
  if (current.revoked) {
    return fail([
      issue('principal.revoked', `principal "${id}" is revoked; create a new one`, {
        path: ['id'],
      }),
    ]);
  }
  const refused = membershipIssues(principalOf(current).role, membership);
  if (refused.length > 0) return fail(refused);
  const row = await store.transaction(async (tx) => {
    const [updated] = await tx.query<PrincipalRow>(
      `UPDATE principals SET alliance_id = $2, is_lead_hospital = $3
       WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, membership.allianceId, membership.isLeadHospital],
    );
    if (updated === undefined) return undefined;
    await appendPrincipalAudit(
      tx,
      'principal.alliance_set',
      principalOf(updated),
      'active',
      actor,
      {
        allianceId: membership.allianceId,
        isLeadHospital: membership.isLeadHospital,
      },
    );
    return updated;
  });
  if (row === undefined) {
    // Revoked between the read and the write.
    return fail([
      issue('principal.revoked', `principal "${id}" is revoked; create a new one`, {
        path: ['id'],
      }),
    ]);
  }
  return ok({ principal: principalOf(row) });
}

/**
 * A new key for a principal; the old one stops working at once (on every server: keys are looked
 * up in the database). A revoked principal is refused unless `reinstate` (the demo seeding's
 * principals get fresh keys on every start).
 */
export async function rotateKey(
  store: Store,
  id: string,
  options: { readonly reinstate?: boolean; readonly actor?: string } = {},
): Promise<Result<{ principal: Principal; apiKey: string }, PrincipalIssueCode>> {
  const apiKey = newKey();
  const row = await store.transaction(async (tx) => {
    const [rotated] = await tx.query<PrincipalRow & { was_revoked: boolean }>(
      `UPDATE principals p SET key_hash = $2, revoked_at = NULL
       FROM (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM principals WHERE id = $1 FOR UPDATE) old
       WHERE p.id = old.id AND (NOT old.was_revoked OR $3)
       RETURNING p.id, p.name, p.role, p.institution_code, p.alliance_id, p.is_lead_hospital, old.was_revoked`,
      [id, keyHash(apiKey), options.reinstate === true],
    );
    if (rotated === undefined) return undefined;
    await appendPrincipalAudit(
      tx,
      'principal.rotated',
      principalOf(rotated),
      'active',
      options.actor ?? 'system',
      { reinstated: rotated.was_revoked },
    );
    return rotated;
  });
  if (row === undefined) {
    const [exists] = await store.query('SELECT 1 FROM principals WHERE id = $1', [id]);
    return fail([
      exists === undefined
        ? issue('principal.not_found', `no principal "${id}"`, { path: ['id'] })
        : issue('principal.revoked', `principal "${id}" is revoked; create a new one`, {
            path: ['id'],
          }),
    ]);
  }
  return ok({ principal: principalOf(row), apiKey });
}

/** Revokes a principal: its key stops working at once. Revoking twice is harmless. */
export async function revokePrincipal(
  store: Store,
  id: string,
  actor = 'system',
): Promise<Result<{ principal: Principal; revokedAt: string }, PrincipalIssueCode>> {
  const row = await store.transaction(async (tx) => {
    const [old] = await tx.query<{ revoked: boolean }>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM principals WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (old === undefined) return undefined;
    const [revoked] = await tx.query<PrincipalRow & { revoked_at: string }>(
      `UPDATE principals SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1
       RETURNING ${COLUMNS},
         to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked_at`,
      [id],
    );
    if (revoked === undefined) return undefined;
    // Revoking twice changes nothing, so records nothing.
    if (!old.revoked) {
      await appendPrincipalAudit(tx, 'principal.revoked', principalOf(revoked), 'revoked', actor, {
        revokedAt: revoked.revoked_at,
      });
    }
    return revoked;
  });
  if (row === undefined) {
    return fail([issue('principal.not_found', `no principal "${id}"`, { path: ['id'] })]);
  }
  return ok({ principal: principalOf(row), revokedAt: row.revoked_at });
}

/** The principal holding an API key; undefined for an unknown or revoked key. */
export async function principalByKey(store: Store, apiKey: string): Promise<Principal | undefined> {
  const [row] = await store.query<PrincipalRow>(
    `SELECT ${COLUMNS} FROM principals WHERE key_hash = $1 AND revoked_at IS NULL`,
    [keyHash(apiKey)],
  );
  return row === undefined ? undefined : principalOf(row);
}

/** A sustained rate per second and the burst above it: a token bucket per principal. */
export interface RequestRateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** What one request's API key admits: whom, under which data version, and whether now. */
export interface Admission {
  /** Undefined for an unknown or revoked key (nothing else is then read or counted). */
  readonly principal: Principal | undefined;
  /** `data_version` when the key was looked up: views older than it are stale. */
  readonly dataVersion: string | undefined;
  /** Seconds until the principal's bucket holds a token again; undefined when admitted. */
  readonly retryAfterSeconds: number | undefined;
}

/** Seconds until a bucket holding `tokens` (< 1) holds a whole token again: at least 1. */
export const retryAfterSeconds = (tokens: number, limit: RequestRateLimit): number =>
  Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));

/**
 * The bucket's tokens now: refilled at the sustained rate since its last request, up to burst.
 * A statement's timestamp is when it arrived, not when it got the bucket row's lock, so a request
 * that waited may be older than the bucket: it refills nothing and leaves the bucket's time where
 * it is (`GREATEST` below) — set back, the same seconds would be refilled twice.
 */
const REFILLED = `LEAST($3::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM statement_timestamp() - b.at)) * $2::float8)`;

/**
 * The principal holding an API key, its shared rate limit and the data version, in one statement
 * (the one round trip every authenticated request makes on PostgreSQL): the key looked up, its
 * principal's token bucket (`rate_buckets`, one row per principal, shared by every server)
 * refilled and — when it holds a token — drawn from, and `data_version` read. The bucket row's
 * lock orders concurrent requests of one principal, wherever they arrive.
 */
export async function admitPrincipal(
  store: SqlRunner,
  apiKey: string,
  limit: RequestRateLimit,
): Promise<Admission> {
  const [row] = await store.query<
    PrincipalRow & { tokens: number | null; allowed: boolean | null; data_version: string }
  >(
    `WITH p AS (
       SELECT ${COLUMNS} FROM principals WHERE key_hash = $1 AND revoked_at IS NULL
     ), b AS (
       INSERT INTO rate_buckets AS b (principal_id, tokens, at, allowed)
       SELECT p.id, $3::float8 - 1, statement_timestamp(), $3::float8 >= 1 FROM p
       ON CONFLICT (principal_id) DO UPDATE SET
         tokens = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END,
         allowed = ${REFILLED} >= 1,
         at = GREATEST(b.at, statement_timestamp())
       RETURNING tokens, allowed
     )
     SELECT p.*, b.tokens, b.allowed, (SELECT n::text FROM data_version WHERE id = 1) AS data_version
     FROM p LEFT JOIN b ON true`,
    [keyHash(apiKey), limit.perSecond, limit.burst],
  );
  if (row === undefined) {
    return { principal: undefined, dataVersion: undefined, retryAfterSeconds: undefined };
  }
  return {
    principal: principalOf(row),
    dataVersion: row.data_version,
    retryAfterSeconds: row.allowed === true ? undefined : retryAfterSeconds(row.tokens ?? 0, limit),
  };
}

/** The data version now (`data_version`, raised by every change to the versioned data). */
export async function dataVersion(store: Store): Promise<string> {
  const [row] = await store.query<{ n: string }>(
    'SELECT n::text AS n FROM data_version WHERE id = 1',
  );
  return row?.n ?? '0';
}

export async function listPrincipals(store: Store): Promise<Principal[]> {
  const rows = await store.query<PrincipalRow>(
    `SELECT ${COLUMNS} FROM principals WHERE revoked_at IS NULL ORDER BY id`,
  );
  return rows.map(principalOf);
}
