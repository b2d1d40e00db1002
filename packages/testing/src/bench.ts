import http from 'node:http';

/**
 * What the HTTP benchmarks share (apps/api/bench/audit-overhead.bench.ts,
 * apps/cli/bench/nodes.bench.ts): one timed settlement over loopback and latency percentiles;
 * and, for a benchmark outside the CLI (whose own are `wholeNumberOption`), whole-number options.
 */

/** A benchmark's `--name` option as a whole number ≥ `min`; throws naming the option otherwise. */
export function wholeOption(
  values: Readonly<Record<string, string | boolean | undefined>>,
  name: string,
  min: number,
): number {
  const text = values[name];
  const n = typeof text === 'string' ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new Error(`--${name} must be a whole number ≥ ${String(min)}, got ${String(text)}`);
  }
  return n;
}

/** A server on loopback and the keep-alive agent its requests go through. */
export interface BenchTarget {
  readonly port: number;
  readonly agent: http.Agent;
}

/** One POST /v1/claims/settle with an API key and an Idempotency-Key: its status and latency (ms). */
export function postSettle(
  target: BenchTarget,
  apiKey: string,
  body: string,
  idempotencyKey: string,
): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: '/v1/claims/settle',
        agent: target.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${apiKey}`,
          'idempotency-key': idempotencyKey,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - started });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The p-th percentile (nearest rank) of ascending values; NaN when there are none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
