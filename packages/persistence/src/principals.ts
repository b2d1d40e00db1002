import { createHash, randomBytes } from 'node:crypto';
import { type Result, fail, issue, ok } from '@openpayer/domain';
import type { Store } from './database.ts';

/**
 * API principals: who calls the API, in which role, for which institution. Only a SHA-256 of
 * each API key is stored; the key itself is shown once, when it is made.
 */

export const PRINCIPAL_ROLES = [
  'administrator',
  'reviewer',
  'institution_integrator',
  'auditor',
] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: PrincipalRole;
  /** The institution an integrator acts for (null for the fund's own roles). */
  readonly institutionCode: string | null;
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
] as const;
export type PrincipalIssueCode = (typeof PRINCIPAL_ISSUE_CODES)[number];

export const keyHash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const newKey = () => `opk_${randomBytes(24).toString('base64url')}`;

export async function createPrincipal(
  store: Store,
  input: Principal,
): Promise<Result<{ principal: Principal; apiKey: string }, PrincipalIssueCode>> {
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
  try {
    await store.query(
      'INSERT INTO principals (id, name, role, institution_code, key_hash) VALUES ($1, $2, $3, $4, $5)',
      [input.id, input.name, input.role, input.institutionCode, keyHash(apiKey)],
    );
  } catch (error) {
    const code =
      (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
    if (code === '23505') {
      return fail([issue('principal.exists', `principal "${input.id}" exists`, { path: ['id'] })]);
    }
    throw error;
  }
  return ok({ principal: input, apiKey });
}

/**
 * A new key for a principal; the old one stops working at once (on every server: keys are looked
 * up in the database). A revoked principal is refused unless `reinstate` (the demo seeding's
 * principals get fresh keys on every start).
 */
export async function rotateKey(
  store: Store,
  id: string,
  options: { readonly reinstate?: boolean } = {},
): Promise<Result<{ principal: Principal; apiKey: string }, PrincipalIssueCode>> {
  const apiKey = newKey();
  const [row] = await store.query<PrincipalRow & { was_revoked: boolean }>(
    `UPDATE principals p SET key_hash = $2, revoked_at = NULL
     FROM (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM principals WHERE id = $1 FOR UPDATE) old
     WHERE p.id = old.id AND (NOT old.was_revoked OR $3)
     RETURNING p.id, p.name, p.role, p.institution_code, old.was_revoked`,
    [id, keyHash(apiKey), options.reinstate === true],
  );
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
): Promise<Result<{ principal: Principal; revokedAt: string }, PrincipalIssueCode>> {
  const [row] = await store.query<PrincipalRow & { revoked_at: string }>(
    `UPDATE principals SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1
     RETURNING id, name, role, institution_code,
       to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked_at`,
    [id],
  );
  if (row === undefined) {
    return fail([issue('principal.not_found', `no principal "${id}"`, { path: ['id'] })]);
  }
  return ok({ principal: principalOf(row), revokedAt: row.revoked_at });
}

interface PrincipalRow {
  id: string;
  name: string;
  role: string;
  institution_code: string | null;
}

const principalOf = (r: PrincipalRow): Principal => ({
  id: r.id,
  name: r.name,
  role: r.role as PrincipalRole,
  institutionCode: r.institution_code,
});

/** The principal holding an API key; undefined for an unknown or revoked key. */
export async function principalByKey(store: Store, apiKey: string): Promise<Principal | undefined> {
  const [row] = await store.query<PrincipalRow>(
    'SELECT id, name, role, institution_code FROM principals WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash(apiKey)],
  );
  return row === undefined ? undefined : principalOf(row);
}

export async function listPrincipals(store: Store): Promise<Principal[]> {
  const rows = await store.query<PrincipalRow>(
    'SELECT id, name, role, institution_code FROM principals WHERE revoked_at IS NULL ORDER BY id',
  );
  return rows.map(principalOf);
}
