/** The progress of a batch, reported about twice a second. */
export interface Progress {
  readonly done: number;
  readonly bytesRead: number;
  readonly bytesTotal: number | null;
  readonly elapsedMs: number;
}

/** Calls onProgress at most about twice a second (checking the clock every 1,024 records). */
export class ProgressThrottle {
  private last = performance.now();

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly started: number,
    private readonly bytesTotal: number | null,
  ) {}

  tick(record: number, done: number, bytesRead: number): void {
    if (this.onProgress === undefined || (record & 1023) !== 0) return;
    const now = performance.now();
    if (now - this.last <= 500) return;
    this.last = now;
    this.onProgress({
      done,
      bytesRead,
      bytesTotal: this.bytesTotal,
      elapsedMs: now - this.started,
    });
  }
}

/** The progress as one terminal line (overwriting the previous one). */
export function progressLine(p: Progress): string {
  const rate = p.done / Math.max(p.elapsedMs / 1000, 0.001);
  const share =
    p.bytesTotal === null || p.bytesTotal === 0 ? null : Math.min(1, p.bytesRead / p.bytesTotal);
  const width = 30;
  const bar =
    share === null
      ? ''
      : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(0).padStart(3)}% `;
  return `\r\x1b[K${bar}${p.done.toLocaleString('en')} claims · ${Math.round(rate).toLocaleString('en')}/s`;
}

const int = (n: number) => n.toLocaleString('en');

/** The summary's "elapsed … claims/s on N workers, peak RSS … MB" row. */
export function rateRow(s: {
  readonly elapsedMs: number;
  readonly processed: number;
  readonly workers: number;
}): string {
  const seconds = s.elapsedMs / 1000;
  return `elapsed ${seconds.toFixed(1)} s, ${int(Math.round(s.processed / Math.max(seconds, 0.001)))} claims/s on ${s.workers} worker${s.workers === 1 ? '' : 's'}, peak RSS ${int(peakRssMB())} MB`;
}

/** This process's peak resident set size, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** The summary's issue counts by code, most first (ties by code), under title; none when empty. */
export function issueRows(title: string, issues: Readonly<Record<string, number>>): string[] {
  const sorted = Object.entries(issues).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (sorted.length === 0) return [];
  return [title, ...sorted.map(([code, n]) => `  ${code.padEnd(44)} ${int(n)}`)];
}
