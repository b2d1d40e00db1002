import { type RequestRateLimit, retryAfterSeconds } from '@openpayer/persistence';

/**
 * Token buckets per principal in this process's memory: the embedded database's rate limit (one
 * process serves it). On PostgreSQL the buckets are rows every server shares (`admitPrincipal`).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Draws a token for `id`: undefined when there was one, else the seconds until there is. */
  take(id: string, limit: RequestRateLimit): number | undefined {
    const t = this.clock();
    const bucket = this.buckets.get(id) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * limit.perSecond,
    );
    // Never set back (a clock stepped back would refill the same time twice).
    bucket.at = Math.max(bucket.at, t);
    this.buckets.set(id, bucket);
    if (bucket.tokens < 1) return retryAfterSeconds(bucket.tokens, limit);
    bucket.tokens -= 1;
    return undefined;
  }
}
