import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationState, SimulationVersions } from '@openpayer/pricing';
import { CliError } from '../exit-codes.ts';
import { SimulateEngine, type SimulationSources } from './engine.ts';

/**
 * A simulation worker: one SimulateEngine. Messages in: `batch` (claim lines as UTF-8 bytes
 * joined by "\n", with their record and line numbers), `finish`. Messages out: `ready` or
 * `failed`, `results` (how many claims of the batch are done, and its buffer given back), `done`
 * (the report builder's state: this worker's share, to be merged).
 */

export type ToWorker =
  | {
      readonly type: 'batch';
      readonly records: Float64Array;
      readonly lines: Float64Array;
      readonly bytes: Uint8Array<ArrayBuffer>;
    }
  | { readonly type: 'finish' };

export type FromWorker =
  | { readonly type: 'ready'; readonly versions: SimulationVersions }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'results'; readonly done: number; readonly spare: ArrayBuffer }
  | { readonly type: 'done'; readonly state: SimulationState };

const port = parentPort;
if (port === null) throw new Error('the simulate worker runs in a worker thread');
const post = (message: FromWorker, transfer?: ArrayBuffer[]) => {
  port.postMessage(message, transfer);
};

let engine: SimulateEngine | undefined;
try {
  engine = new SimulateEngine(workerData as SimulationSources);
  post({ type: 'ready', versions: engine.versions });
} catch (error) {
  post({
    type: 'failed',
    code: error instanceof CliError ? error.code : 'internal',
    message: error instanceof Error ? error.message : String(error),
  });
}

port.on('message', (message: ToWorker) => {
  if (engine === undefined) return;
  if (message.type === 'batch') {
    const { bytes, records, lines } = message;
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    for (let i = 0; i < records.length; i++) {
      const newline = input.indexOf(0x0a, start);
      const end = newline === -1 ? input.length : newline;
      engine.simulateLine(records[i] ?? 0, lines[i] ?? 0, input.toString('utf8', start, end));
      start = end + 1;
    }
    const spare = bytes.buffer;
    post({ type: 'results', done: records.length, spare }, [spare]);
  } else {
    post({ type: 'done', state: engine.builder.toState() });
  }
});
