import { keyIdOf, toBase64 } from '@openpayer/supervision';
import { describe, expect, it } from 'vitest';
import { buildLog, fund } from './__fixtures__/log.ts';
import { parseKnownHead, parsePublicKey } from './keys.ts';

describe('parsePublicKey', () => {
  it('takes a base64 Ed25519 key (spaces around it ignored) and names its key id', () => {
    const parsed = parsePublicKey(`  ${toBase64(fund.publicKey)}\n`);
    expect(parsed.ok && parsed.value.keyId).toBe(keyIdOf(fund.publicKey));
    expect(parsed.ok && [...parsed.value.key]).toEqual([...fund.publicKey]);
  });

  it('takes the key as 64 hex digits too, as the CLI does', () => {
    const hex = [...fund.publicKey].map((b) => b.toString(16).padStart(2, '0')).join('');
    const parsed = parsePublicKey(hex);
    expect(parsed.ok && [...parsed.value.key]).toEqual([...fund.publicKey]);
  });

  it('refuses text that is not 32 bytes of base64 or hex, naming the field', () => {
    for (const text of ['', 'not base64!', toBase64(fund.publicKey.slice(1)), 'AAAA']) {
      const parsed = parsePublicKey(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.issues.map((i) => [i.code, i.path])).toEqual([
          ['audit.bad_public_key', ['publicKey']],
        ]);
      }
    }
  });
});

describe('parseKnownHead', () => {
  const { early, latest } = buildLog(4);

  it('is no head for empty text', () => {
    expect(parseKnownHead('  ')).toEqual({ ok: true, value: null });
  });

  it('takes a bare head, the head route’s body, or an export head line', () => {
    expect(parseKnownHead(JSON.stringify(early))).toEqual({ ok: true, value: early });
    const body = { head: latest, publicKey: toBase64(fund.publicKey) };
    expect(parseKnownHead(JSON.stringify(body))).toEqual({ ok: true, value: latest });
    expect(parseKnownHead(JSON.stringify({ head: early }))).toEqual({ ok: true, value: early });
  });

  it('names the field of a head that does not parse', () => {
    const notJson = parseKnownHead('{"treeSize":');
    expect(notJson.ok ? [] : notJson.issues.map((i) => [i.code, i.path])).toEqual([
      ['audit.known_head_malformed', ['knownHead']],
    ]);
    const badRoot = parseKnownHead(JSON.stringify({ ...early, rootHash: 'AAAA' }));
    expect(badRoot.ok ? [] : badRoot.issues.map((i) => i.path)).toEqual([
      ['knownHead', 'rootHash'],
    ]);
    const extra = parseKnownHead(JSON.stringify({ ...early, note: 'x' }));
    expect(extra.ok).toBe(false);
  });
});
