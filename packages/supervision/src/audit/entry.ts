import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { toHex } from './bytes.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * One audit log entry: a state change, who made it, when, and the hash of the object's new state.
 * The leaf the Merkle tree hashes is the entry's canonical JSON (RFC 8785) in UTF-8. Patient
 * identifiers appear only as pseudonyms (a keyed hash, see `pseudonymize`), so the log can be
 * published without the people in it.
 */

export const AUDIT_EVENT_KINDS = [
  'settlement.settled',
  'settlement.reversed',
  'claim.held',
  'claim.released',
  'catalog.release_imported',
  'catalog.restrictions_edited',
  'catalog.crosswalk_attached',
  'policy.uploaded',
  'policy.activated',
  'approval.requested',
  'approval.decided',
  'rule_set.uploaded',
  'rule_set.activated',
  'finding.responded',
  'case.transitioned',
  'oversight.document_uploaded',
  'reconciliation.recorded',
  'value.observations_recorded',
  'value.outcome_recorded',
  'value.period_recorded',
  'value.assessment_recorded',
  'special_case.requested',
  'special_case.decided',
  'principal.created',
  'principal.revoked',
  'principal.rotated',
  'principal.alliance_set',
] as const;
export type AuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];

const SHA256_HEX = /^[0-9a-f]{64}$/u;

/** Values an event may hold: JSON without numbers that have no one spelling. */
const jsonValue: z.ZodType = z.lazy(() =>
  z.union([
    z.string().max(10_000),
    z.number().refine(Number.isFinite, { message: 'a finite number' }),
    z.boolean(),
    z.null(),
    z.array(jsonValue).max(1000),
    z.record(z.string().max(200), jsonValue),
  ]),
);

export const auditEntrySchema = z.strictObject({
  kind: z.enum(AUDIT_EVENT_KINDS),
  /** When the change was committed, ISO 8601 in UTC with milliseconds. */
  at: z.iso.datetime({ precision: 3 }),
  /** The principal that made the change (`system` for the product itself, e.g. demo seeding). */
  actor: z.string().min(1).max(200),
  /** The object whose state changed. */
  object: z.strictObject({
    type: z.string().min(1).max(100),
    id: z.string().min(1).max(300),
  }),
  /** SHA-256 (hex) of the canonical JSON of the object's new state. */
  stateHash: z.string().regex(SHA256_HEX),
  /** What happened, beyond the state: amounts, reasons, the versions used — pseudonymised. */
  event: z.record(z.string().max(200), jsonValue),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** SHA-256 (hex) of a state's canonical JSON: what an entry's `stateHash` holds. */
export function stateHash(state: unknown): string {
  return toHex(sha256(utf8ToBytes(canonicalJson(state))));
}

/** The bytes the Merkle tree hashes for an entry: its canonical JSON in UTF-8. */
export function entryBytes(entry: AuditEntry): Uint8Array {
  return utf8ToBytes(canonicalJson(entry));
}

/**
 * A stable pseudonym for a person: HMAC-SHA-256 under the fund's pseudonymisation key, 128 bits
 * in hex. The same person gets the same pseudonym in every entry (so a chain of changes can be
 * followed) and nobody without the key can tell who it is or test a guess.
 */
export function pseudonymize(personId: string, key: Uint8Array): string {
  return `psn_${toHex(hmac(sha256, key, utf8ToBytes(personId))).slice(0, 32)}`;
}
