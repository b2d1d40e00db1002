import { AuditLog, exportLines, keyIdOf, newSigningKey, stateHash } from '@openpayer/supervision';
import type { ProofView } from '../api.ts';

/**
 * A small signed audit log for the audit page's unit tests, built with the package's own log
 * (not with the code under test): entries with Chinese text (multi-byte UTF-8), heads signed
 * along the way and at the end.
 */

export const fund = newSigningKey();
export const stranger = newSigningKey();

/** Entry `i`, typed as the API's wire form (JSON) so it fits a proof as the API answers it. */
export function entryAt(i: number): ProofView['entry'] {
  return {
    kind: i % 2 === 0 ? 'settlement.settled' : 'settlement.reversed',
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    actor: `key_${i % 3}`,
    object: { type: 'settlement', id: `stl_${i % 4}` },
    stateHash: stateHash({ i }),
    event: { institution: '示范医院', amount: `${i}.50`, note: '结算 — ✓' },
  };
}

/** `size` entries, a head after every `every` of them and one at the end. */
export function buildLog(size: number, every = 3) {
  const log = new AuditLog();
  let time = 1_700_000_000_000;
  const early = log.sign(fund.secretKey, (time += 1000));
  for (let i = 0; i < size; i++) {
    log.append(entryAt(i));
    if ((i + 1) % every === 0 && i + 1 < size) log.sign(fund.secretKey, (time += 1000));
  }
  const latest = log.sign(fund.secretKey, (time += 1000));
  const text = `${[...exportLines(keyIdOf(fund.publicKey), log.entries, log.heads)].join('\n')}\n`;
  return { log, early, latest, text };
}

/** A stream of `bytes` cut into pieces of `size` bytes (cutting through characters). */
export function streamOf(bytes: Uint8Array, size: number, failAfter?: number) {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && at >= failAfter) {
        controller.error(new Error('connection reset'));
        return;
      }
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}
