import { type Issue, issue } from '@openpayer/domain';
import { type TreeHead, keyIdOf, publicKeyFrom, treeHeadFrom } from '@openpayer/supervision';

/**
 * What the audit page's fields accept: the public key to verify with (the API publishes one with
 * its head; a reader who holds the fund's key from elsewhere pastes that instead) and an earlier
 * signed head to hold the log to. Bad input is an issue naming the field, never an exception.
 * The reading itself is @openpayer/supervision's, the same the CLI's `audit verify` uses.
 */

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: Issue[] };

/** An Ed25519 public key (32 bytes) in base64 or hex. */
export function parsePublicKey(text: string): Parsed<{ key: Uint8Array; keyId: string }> {
  const key = publicKeyFrom(text);
  if (key === undefined) {
    return {
      ok: false,
      issues: [
        issue(
          'audit.bad_public_key',
          'the public key must be 32 bytes in base64 or hex (Ed25519)',
          { path: ['publicKey'] },
        ),
      ],
    };
  }
  return { ok: true, value: { key, keyId: keyIdOf(key) } };
}

/**
 * An earlier signed tree head, as JSON: the head itself, or a body that carries it under `head`
 * (what GET /v1/audit/head answers, or a head line of an export). Empty text is no known head.
 */
export function parseKnownHead(text: string): Parsed<TreeHead | null> {
  if (text.trim() === '') return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      issues: [
        issue('audit.known_head_malformed', 'the known head is not JSON', { path: ['knownHead'] }),
      ],
    };
  }
  const parsed = treeHeadFrom(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) =>
        issue('audit.known_head_malformed', `the known head: ${i.message}`, {
          path: ['knownHead', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        }),
      ),
    };
  }
  return { ok: true, value: parsed.data };
}
