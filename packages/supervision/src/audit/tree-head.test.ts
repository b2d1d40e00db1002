import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from './bytes.ts';
import { AUDIT_EVENT_KINDS, stateHash } from './entry.ts';
import { AuditLog, exportLines } from './export.ts';
import { AuditVerifier } from './verify.ts';
import {
  keyIdOf,
  newSigningKey,
  publicKeyFrom,
  signTreeHead,
  treeHeadFrom,
  treeHeadSchema,
} from './tree-head.ts';

const fund = newSigningKey();
const head = signTreeHead(0, 1_700_000_000_000, new Uint8Array(32), fund.secretKey);

describe('publicKeyFrom', () => {
  it('reads 32 bytes written as base64 or lowercase hex, spaces around them ignored', () => {
    expect([...(publicKeyFrom(` ${toBase64(fund.publicKey)}\n`) ?? [])]).toEqual([
      ...fund.publicKey,
    ]);
    expect([...(publicKeyFrom(toHex(fund.publicKey)) ?? [])]).toEqual([...fund.publicKey]);
  });

  it('refuses anything that is not 32 bytes', () => {
    for (const text of ['', 'AAAA', 'not base64!', toBase64(fund.publicKey.slice(1))]) {
      expect(publicKeyFrom(text)).toBeUndefined();
    }
    expect(publicKeyFrom(toHex(fund.publicKey).toUpperCase())).toBeUndefined();
    expect(publicKeyFrom(`${toHex(fund.publicKey)}00`)).toBeUndefined();
  });
});

describe('treeHeadFrom', () => {
  it('takes the bare head, the head route’s body and an export head line', () => {
    for (const value of [head, { head, publicKey: toBase64(fund.publicKey) }, { head }]) {
      const parsed = treeHeadFrom(value);
      expect(parsed.success && parsed.data).toEqual(head);
    }
  });

  it('names the path of what does not parse inside the head', () => {
    const parsed = treeHeadFrom({ head: { ...head, rootHash: 'AAAA' } });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path)).toEqual([['rootHash']]);
    expect(treeHeadFrom(null).success).toBe(false);
    expect(treeHeadFrom('{}').success).toBe(false);
  });
});

describe('treeHeadSchema', () => {
  it('holds a timestamp to what a Date can show (8.64e15 ms), not beyond', () => {
    expect(treeHeadSchema.safeParse({ ...head, timestamp: 8.64e15 }).success).toBe(true);
    const beyond = treeHeadSchema.safeParse({ ...head, timestamp: 8.64e15 + 1 });
    expect(beyond.success ? [] : beyond.error.issues.map((i) => i.path)).toEqual([['timestamp']]);
    expect(treeHeadSchema.safeParse({ ...head, timestamp: Number.MAX_SAFE_INTEGER }).success).toBe(
      false,
    );
  });
});

describe('AuditVerifier.progress', () => {
  it('counts the entries and signed heads read so far, as the report does at the end', () => {
    const log = new AuditLog();
    for (let i = 0; i < 3; i++) {
      log.append({
        kind: AUDIT_EVENT_KINDS[0],
        at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        actor: 'system',
        object: { type: 'settlement', id: `stl_${i}` },
        stateHash: stateHash({ i }),
        event: {},
      });
      log.sign(fund.secretKey, 1_700_000_000_000 + i);
    }
    const verifier = new AuditVerifier(fund.publicKey);
    const seen = [...exportLines(keyIdOf(fund.publicKey), log.entries, log.heads)].map(
      (line, i) => {
        verifier.line(line, i + 1);
        return verifier.progress();
      },
    );
    // header, then entry and head three times
    expect(seen).toEqual([
      { entries: 0, heads: 0 },
      { entries: 1, heads: 0 },
      { entries: 1, heads: 1 },
      { entries: 2, heads: 1 },
      { entries: 2, heads: 2 },
      { entries: 3, heads: 2 },
      { entries: 3, heads: 3 },
    ]);
    expect(verifier.finish()).toMatchObject({ valid: true, entries: 3, heads: 3 });
  });
});
