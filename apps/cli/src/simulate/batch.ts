import { stat } from 'node:fs/promises';
import {
  SimulationBuilder,
  type SimulationReport,
  type SimulationVersions,
} from '@openpayer/pricing';
import { LineSplitter, chunksOf } from '../batch/input.ts';
import { personHash } from '../batch/person.ts';
import { BatchDispatcher, Flow, WorkerHandle, awaitReady, workerLimits } from '../batch/pool.ts';
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
  /** Called about twice a second with the progress. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface SimulationRun {
  readonly report: SimulationReport;
  readonly versions: SimulationVersions;
  readonly workers: number;
  readonly elapsedMs: number;
}

function workerScript(): URL {
  return new URL('../../bin/simulate-worker.mjs', import.meta.url);
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationRun> {
  const started = performance.now();
  assertReadableFile('the claims', options.input);
  // A young generation of 16 MB rather than 32: each worker's is touched in full between two
  // scavenges, and a simulation's workers hold twice a settlement's accumulators besides.
  const limits = workerLimits('OPENPAYER_WORKER_HEAP_MB', 256, 16);
  const flow = new Flow(0);
  const spares: ArrayBuffer[] = [];
  const count = Math.max(1, options.workers);
  const workers = Array.from(
    { length: count },
    () =>
      new WorkerHandle<ToWorker, FromWorker>(
        workerScript(),
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
          if (spares.length < 16) spares.push(message.spare);
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
    const progress = new ProgressThrottle(
      options.onProgress,
      started,
      (await stat(options.input)).size,
    );
    let record = 0;
    /** One claim's JSON (an NDJSON line, or a CSV claim's rows assembled); true: await room. */
    const send = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      record++;
      dispatcher.add(
        personHash(buf, start, end) % count,
        record,
        lineNumber,
        buf.subarray(start, end),
        0,
      );
      flow.sent++;
      progress.tick(record, flow.nextToWrite - 1, splitter.bytesRead);
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
        `main thread: ${sends} batches sent (${(record / Math.max(sends, 1)).toFixed(0)} claims each), heap ${Math.round(m.heapUsed / 2 ** 20)} MB, array buffers ${Math.round(m.arrayBuffers / 2 ** 20)} MB, rss ${Math.round(m.rss / 2 ** 20)} MB\n`,
      );
    }

    // One worker at a time: its share comes, its heap (catalogs, accumulators, share) goes, and
    // only then is its share merged, so that at most one worker's share is held twice.
    let whole: SimulationBuilder | undefined;
    for (const handle of workers) {
      handle.send({ type: 'finish' });
      const message = await handle.next();
      await handle.worker.terminate();
      if (message.type !== 'done') {
        throw new Error(`a simulation worker answered ${message.type} at the end`);
      }
      // The first share becomes the whole (no copy); the others are merged into it.
      if (whole === undefined) whole = SimulationBuilder.fromState(message.state);
      else whole.merge(message.state);
    }
    whole ??= new SimulationBuilder();
    const report = whole.report({ budget: options.budget, versions });
    return {
      report,
      versions: versions ?? report.versions ?? emptyVersions(),
      workers: count,
      elapsedMs: performance.now() - started,
    };
  } finally {
    await Promise.all(workers.map((h) => h.worker.terminate()));
  }
}

const emptyVersions = (): SimulationVersions => ({
  baseline: { policy: '', catalog: '' },
  candidate: { policy: '', catalog: '' },
});
