import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, AUDIT_EVENT_KINDS, pseudonymize, stateHash } from './entry.ts';
import { AuditLog, exportLines } from './export.ts';
import { keyIdOf, newSigningKey, publicKeyOf, signTreeHead } from './tree-head.ts';
import { MerkleLog } from './merkle.ts';
import { entryBytes } from './entry.ts';
import { verifyExport } from './verify.ts';
import { canonicalJson } from './canonical-json.ts';

const fund = newSigningKey();
const attacker = newSigningKey();
const pseudonymKey = new TextEncoder().encode('demo pseudonymisation key');

function entry(i: number, amount: string): AuditEntry {
  return {
    kind: AUDIT_EVENT_KINDS[i % AUDIT_EVENT_KINDS.length]!,
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    actor: i % 3 === 0 ? 'system' : `key_${i % 5}`,
    object: { type: 'settlement', id: `stl_${i}` },
    stateHash: stateHash({ i, amount }),
    event: {
      person: pseudonymize(`P-${i % 4}`, pseudonymKey),
      amount,
      lines: [{ code: 'XL01', selfPay: '0.00' }],
    },
  };
}

/** A log of n entries with heads signed after the sizes in `at` and always at the end. */
function buildLog(amounts: readonly string[], at: readonly number[]) {
  const log = new AuditLog();
  const signAt = new Set(at.map((a) => a % (amounts.length + 1)));
  let time = 1_700_000_000_000;
  if (signAt.has(0)) log.sign(fund.secretKey, (time += 1000));
  amounts.forEach((amount, i) => {
    log.append(entry(i, amount));
    if (signAt.has(i + 1) && i + 1 < amounts.length) log.sign(fund.secretKey, (time += 1000));
  });
  const latest = log.sign(fund.secretKey, (time += 1000));
  return { log, latest };
}

const lines = (log: AuditLog, key = fund.publicKey) => [
  ...exportLines(keyIdOf(key), log.entries, log.heads),
];
const text = (ls: readonly string[]) => `${ls.join('\n')}\n`;

type Parsed = { head?: Record<string, unknown>; entry?: Record<string, unknown>; index?: number };

const MUTATIONS = [
  'edit_entry',
  'edit_head',
  'delete_entry',
  'insert_entry',
  'reorder',
  'truncate_resign_other_key',
  'replay_old_head',
  'truncate_to_old_head',
  'rewrite_resign_own_key',
] as const;

/** Applies one mutation; answers undefined when it cannot apply to this log (e.g. one head only). */
function mutate(
  ls: string[],
  log: AuditLog,
  kind: (typeof MUTATIONS)[number],
  pick: number,
): string[] | undefined {
  const parsed = ls.map((l) => JSON.parse(l) as Parsed);
  const entryAt = parsed.flatMap((p, i) => (p.entry ? [i] : []));
  const headAt = parsed.flatMap((p, i) => (p.head ? [i] : []));
  const out = [...ls];
  switch (kind) {
    case 'edit_entry': {
      if (entryAt.length === 0) return undefined;
      const at = entryAt[pick % entryAt.length]!;
      const p = parsed[at]!;
      const e = p.entry as { event: { amount: string }; actor: string };
      if (pick % 2 === 0) e.event.amount = `${e.event.amount}1`;
      else e.actor = `${e.actor}x`;
      out[at] = canonicalJson(p);
      return out;
    }
    case 'edit_head': {
      const at = headAt[pick % headAt.length]!;
      const p = parsed[at]!;
      const h = p.head as { timestamp: number; treeSize: number };
      if (pick % 2 === 0) h.timestamp += 1;
      else h.treeSize += 1;
      out[at] = canonicalJson(p);
      return out;
    }
    case 'delete_entry': {
      if (entryAt.length === 0) return undefined;
      out.splice(entryAt[pick % entryAt.length]!, 1);
      return out;
    }
    case 'insert_entry': {
      const at = 1 + (pick % (out.length - 1));
      const before = parsed.slice(0, at).filter((p) => p.entry).length;
      out.splice(at, 0, canonicalJson({ entry: entry(before, '999.99'), index: before }));
      return out;
    }
    case 'reorder': {
      if (entryAt.length < 2) return undefined;
      const i = pick % (entryAt.length - 1);
      const a = entryAt[i]!;
      const b = entryAt[i + 1]!;
      [out[a], out[b]] = [out[b]!, out[a]!];
      return out;
    }
    case 'truncate_resign_other_key': {
      // Drop the last entries and sign the shorter log with another key, header and all.
      const keep = log.entries.length === 0 ? 0 : pick % log.entries.length;
      const forged = new AuditLog();
      for (const e of log.entries.slice(0, keep)) forged.append(e);
      forged.sign(attacker.secretKey, Date.now());
      return lines(forged, attacker.publicKey);
    }
    case 'replay_old_head': {
      if (headAt.length < 2) return undefined;
      const last = headAt.at(-1)!;
      out[last] = ls[headAt[pick % (headAt.length - 1)]!]!;
      return out;
    }
    case 'truncate_to_old_head': {
      if (headAt.length < 2) return undefined;
      const cut = headAt[pick % (headAt.length - 1)]!;
      if ((parsed[cut]!.head as { treeSize: number }).treeSize === log.entries.length) {
        return undefined;
      }
      return out.slice(0, cut + 1);
    }
    case 'rewrite_resign_own_key': {
      // Someone holding the fund's key rewrites one entry and signs a fresh head over it.
      if (log.entries.length === 0) return undefined;
      const victim = pick % log.entries.length;
      // Another amount than the entry's own: rewriting it with the same one changes nothing.
      const amount = log.entries[victim]?.event['amount'] === '0.01' ? '0.02' : '0.01';
      const rewritten = new AuditLog();
      log.entries.forEach((e, i) => rewritten.append(i === victim ? entry(i, amount) : e));
      rewritten.sign(fund.secretKey, Date.now() + 10_000);
      return lines(rewritten);
    }
  }
}

describe('audit export verification', () => {
  it('always verifies an untouched log, with and without the heads published before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^\d{1,6}\.\d{2}$/u), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (amounts, at) => {
          const { log, latest } = buildLog(amounts, at);
          const report = verifyExport(text(lines(log)), fund.publicKey, {
            known: [log.heads[0]!, latest],
          });
          expect(report.problems).toEqual([]);
          expect(report).toMatchObject({ valid: true, entries: amounts.length, latest });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects 100% of ≥ 1,000 random mutations: edits, deletions, insertions, reordering, truncation, re-signing, replayed heads', () => {
    const detected = new Map<string, number>();
    let tried = 0;
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^\d{1,6}\.\d{2}$/u), { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...MUTATIONS),
        fc.nat(),
        (amounts, at, kind, pick) => {
          const { log, latest } = buildLog(amounts, at);
          const original = lines(log);
          const mutated = mutate(original, log, kind, pick);
          fc.pre(mutated !== undefined && text(mutated) !== text(original));
          tried++;
          // The verifier holds the fund's public key and the latest head it published.
          const report = verifyExport(text(mutated), fund.publicKey, { known: [latest] });
          expect(report.valid, `${kind} went unnoticed`).toBe(false);
          expect(report.problems.length).toBeGreaterThan(0);
          // Without published heads, all but a consistent cut or an insider's re-signing show too.
          if (kind !== 'truncate_to_old_head' && kind !== 'rewrite_resign_own_key') {
            expect(verifyExport(text(mutated), fund.publicKey).valid, kind).toBe(false);
          }
          detected.set(kind, (detected.get(kind) ?? 0) + 1);
        },
      ),
      { numRuns: 1200 },
    );
    expect(tried).toBeGreaterThanOrEqual(1000);
    for (const kind of MUTATIONS) expect(detected.get(kind) ?? 0).toBeGreaterThan(20);
  });

  it('names what it could not read and never calls a partial export valid', () => {
    const { log } = buildLog(['1.00', '2.00', '3.00'], [1]);
    const ls = lines(log);
    const codes = (t: string, key = fund.publicKey) =>
      verifyExport(t, key).problems.map((p) => p.code);
    expect(codes('')).toEqual(['audit.no_header', 'audit.unsigned']);
    expect(codes('{"format":"x"}\n')).toContain('audit.no_header');
    expect(codes(text([ls[0]!, '{not json', ...ls.slice(1)]))).toContain('audit.malformed_line');
    expect(codes(text(ls), attacker.publicKey)).toContain('audit.unknown_key');
    expect(codes(text(ls), new Uint8Array(3))).toContain('audit.bad_public_key');
    expect(codes(text(ls.slice(0, -1)))).toEqual(['audit.entries_not_signed']);
    const report = verifyExport(text(ls), fund.publicKey, {
      known: [signTreeHead(3, 1, new MerkleLog().root(), attacker.secretKey)],
    });
    expect(report.problems.map((p) => p.code)).toEqual(['audit.known_head_invalid']);
  });

  it('leaves are the canonical JSON of the entry: member order in the export does not matter', () => {
    const e = entry(1, '12.00');
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as AuditEntry;
    expect(entryBytes(reordered)).toEqual(entryBytes(e));
    expect(publicKeyOf(fund.secretKey)).toEqual(fund.publicKey);
  });
});
