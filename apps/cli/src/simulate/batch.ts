import { stat } from 'node:fs/promises';
import {
  SimulationBuilder,
  type SimulationReport,
  type SimulationVersions,
} from '@openpayer/pricing';
import { LineSplitter, chunksOf } from '../batch/input.ts';
import { personHash } from '../batch/person.ts';
import {
  BatchDispatcher,
  Flow,
  SpareBuffers,
  WorkerHandle,
  awaitReady,
  workerLimits,
} from '../batch/pool.ts';
import { workerScript } from '../batch/worker-script.ts';
import { type Progress, ProgressThrottle } from '../batch/progress.ts';
import { CliError } from '../exit-codes.ts';
import { CsvClaimAssembler, csvHeader } from '../settle/csv-claims.ts';
import { assertReadableFile } from '../sources.ts';
import type { SimulationSources } from './engine.ts';
import type { FromWorker, ToWorker } from './worker.ts';

/**
 * A streaming what-if simulation over worker threads, on the batch settlement's machinery
 * (batch/): the main thread reads the claims line by line and sends each to the worker that owns
 * its person (a stable hash of the person id), in input order, through the same bounded window;
 * each worker settles its claims under both versions and adds them to its share of the report.
 * At the end the shares are merged: the report is the same, byte for byte, whatever the number
 * of workers (the builder's merge is exact and order-free).
 */

export interface SimulationOptions extends SimulationSources {
  /** Absolute path of the claims. */
  readonly input: string;
  /** NDJSON (one claim per line) or CSV (one row per claim line; see settle/csv-claims.ts). */
  readonly format: 'ndjson' | 'csv';
  readonly workers: number;
  /** The fund's global budget, in yuan (a decimal string). */
  readonly budget?: string | undefined;
  /**
   * Passes over the input, each over a share of the people (by person hash); default: one per
   * SIMULATION_PASS_BYTES of input. The report is the same whatever their number.
   */
  readonly passes?: number | undefined;
  /** Called about twice a second with the progress. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface SimulationRun {
  readonly report: SimulationReport;
  readonly versions: SimulationVersions;
  readonly workers: number;
  readonly passes: number;
  readonly elapsedMs: number;
}

/**
 * Input bytes a pass reads at most when --passes is not given. A pass holds the accumulators and
 * out-of-pocket of the people of its share of the history: 475 MB peak RSS for 1.16 GiB of demo
 * claims (1M claims, two workers), about 140 bytes more a claim. At 1.25 GiB a pass stays under
 * 512 MB, and 1M demo claims are one pass. A longer history is read in several passes, each over
 * the people of one share of the person hashes, so the memory stays that of one pass.
 */
export const SIMULATION_PASS_BYTES = 1.25 * 2 ** 30;

/** The passes a history of `bytes` is read in by default. */
export function passesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / SIMULATION_PASS_BYTES));
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationRun> {
  const started = performance.now();
  assertReadableFile('the claims', options.input);
  const size = (await stat(options.input)).size;
  const passes = options.passes ?? passesFor(size);
  const count = Math.max(1, options.workers);
  const progress = new ProgressThrottle(options.onProgress, started, size * passes);
  const whole = new SimulationBuilder();
  let versions: SimulationVersions | undefined;
  let done = 0;
  for (let pass = 0; pass < passes; pass++) {
    const part = await simulationPass(options, whole, {
      pass,
      passes,
      workers: count,
      tick: (record, passDone, bytesRead) => {
        progress.tick(record, done + passDone, pass * size + bytesRead);
      },
    });
    versions ??= part.versions;
    done += part.claims;
    // Every claim of this pass's people is in: of them only what the report needs is kept.
    if (passes > 1) whole.sealPersons();
  }
  const report = whole.report({ budget: options.budget, versions });
  return {
    report,
    versions: versions ?? report.versions ?? emptyVersions(),
    workers: count,
    passes,
    elapsedMs: performance.now() - started,
  };
}

/**
 * One pass: the claims of the people whose hash falls to `pass` (all of them with one pass),
 * each to the worker that owns its person, in input order; the workers' shares are merged into
 * `whole`. Record numbers count every claim of the input, so they are the same in any pass.
 */
async function simulationPass(
  options: SimulationOptions,
  whole: SimulationBuilder,
  at: {
    readonly pass: number;
    readonly passes: number;
    readonly workers: number;
    readonly tick: (record: number, done: number, bytesRead: number) => void;
  },
): Promise<{ versions: SimulationVersions | undefined; claims: number }> {
  // A young generation of 16 MB rather than 32: each worker's is touched in full between two
  // scavenges, and a simulation's workers hold twice a settlement's accumulators besides.
  const limits = workerLimits('OPENPAYER_WORKER_HEAP_MB', 256, 16);
  const flow = new Flow(0);
  const spares = new SpareBuffers();
  const { pass, passes, workers: count } = at;
  const workers = Array.from(
    { length: count },
    () =>
      new WorkerHandle<ToWorker, FromWorker>(
        workerScript('simulate'),
        {
          workerData: {
            baseline: options.baseline,
            candidate: options.candidate,
            historyMax: options.historyMax,
          } satisfies SimulationSources,
          resourceLimits: limits,
          kind: 'simulation',
        },
        (message) => {
          spares.giveBack(message.spare);
          flow.completed(message.done);
        },
        (error) => {
          flow.crash = error;
          flow.wakeUp();
        },
      ),
  );
  try {
    let versions: SimulationVersions | undefined;
    for (const first of await awaitReady(workers)) {
      if (first.type === 'ready') versions ??= first.versions;
    }
    let sends = 0;
    const dispatcher = new BatchDispatcher(count, spares, (w, batch) => {
      sends++;
      const { buffer } = batch.bytes;
      workers[w]?.send(
        {
          type: 'batch',
          records: Float64Array.from(batch.records),
          lines: Float64Array.from(batch.lines),
          bytes: new Uint8Array(buffer, 0, batch.used),
        },
        [buffer],
      );
    });
    let record = 0;
    let claims = 0;
    /** One claim's JSON (an NDJSON line, or a CSV claim's rows assembled); true: await room. */
    const send = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      record++;
      const hash = personHash(buf, start, end);
      // With one pass: hash % workers, as settle and supervise share people out.
      if (hash % passes !== pass) return false;
      claims++;
      dispatcher.add(
        Math.floor(hash / passes) % count,
        record,
        lineNumber,
        buf.subarray(start, end),
        0,
      );
      flow.sent++;
      at.tick(claims, flow.nextToWrite - 1, splitter.bytesRead);
      return flow.full();
    };
    const sendJson = (claim: { line: number; json: string }): boolean => {
      const span = Buffer.from(claim.json, 'utf8');
      return send(span, 0, span.length, claim.line);
    };
    let csv: CsvClaimAssembler | undefined;
    const take = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      if (options.format === 'ndjson') return send(buf, start, end, lineNumber);
      const text = buf.toString('utf8', start, end);
      if (csv === undefined) {
        const header = csvHeader(text);
        if (!header.ok)
          throw new CliError('malformed_input', `line ${lineNumber}: ${header.message}`);
        csv = new CsvClaimAssembler(header.header);
        return false;
      }
      const claim = csv.push(lineNumber, text);
      return claim !== undefined && sendJson(claim);
    };
    const splitter = new LineSplitter(take, () => flow.room(dispatcher));
    await splitter.read(chunksOf(options.input));
    const last = csv?.end();
    if (last !== undefined && sendJson(last)) await flow.room(dispatcher);
    await flow.drain(dispatcher);
    if (process.env['OPENPAYER_DEBUG_BATCH'] === '1') {
      const m = process.memoryUsage();
      process.stderr.write(
        `main thread, pass ${pass + 1} of ${passes}: ${sends} batches sent (${(claims / Math.max(sends, 1)).toFixed(0)} claims each), heap ${Math.round(m.heapUsed / 2 ** 20)} MB, array buffers ${Math.round(m.arrayBuffers / 2 ** 20)} MB, rss ${Math.round(m.rss / 2 ** 20)} MB\n`,
      );
    }

    // One worker at a time: its share comes, its heap (catalogs, accumulators, share) goes, and
    // only then is its share merged, so that at most one worker's share is held twice.
    for (const handle of workers) {
      handle.send({ type: 'finish' });
      const message = await handle.next();
      await handle.worker.terminate();
      if (message.type !== 'done') {
        throw new Error(`a simulation worker answered ${message.type} at the end`);
      }
      whole.merge(message.state);
    }
    return { versions, claims };
  } finally {
    await Promise.all(workers.map((h) => h.worker.terminate()));
  }
}

const emptyVersions = (): SimulationVersions => ({
  baseline: { policy: '', catalog: '' },
  candidate: { policy: '', catalog: '' },
});
