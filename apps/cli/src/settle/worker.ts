import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../exit-codes.ts';
import { type AccumulatorsRecord, type EngineSources, SettleEngine } from './engine.ts';

/**
 * A batch worker: one SettleEngine. Messages in: `seed` (accumulators), `batch` (lines joined by
 * "\n", with their record and line numbers), `finish`. Messages out: `ready` or `failed`,
 * `results` (output lines joined by "\n", with their record numbers), `done` (totals and the
 * accumulators it holds).
 */

export type ToWorker =
  | { readonly type: 'seed'; readonly records: readonly AccumulatorsRecord[] }
  | {
      readonly type: 'batch';
      readonly records: readonly number[];
      readonly lines: readonly number[];
      readonly text: string;
    }
  | { readonly type: 'finish'; readonly accumulators: boolean };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'seeded'; readonly problems: readonly string[] }
  | { readonly type: 'results'; readonly records: readonly number[]; readonly text: string }
  | {
      readonly type: 'done';
      readonly totals: ReturnType<SettleEngine['summary']>;
      readonly accumulators: readonly AccumulatorsRecord[];
    };

const port = parentPort;
if (port === null) throw new Error('the settle worker runs in a worker thread');
const post = (message: FromWorker) => {
  port.postMessage(message);
};

let engine: SettleEngine | undefined;
try {
  engine = new SettleEngine(workerData as EngineSources);
  post({ type: 'ready' });
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
    const lines = message.text.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      out.push(
        engine.settleLine(message.records[i] ?? 0, message.lines[i] ?? 0, lines[i] ?? '').text,
      );
    }
    post({ type: 'results', records: message.records, text: out.join('\n') });
  } else if (message.type === 'seed') {
    const problems: string[] = [];
    for (const record of message.records) {
      const issues = engine.seed(record);
      if (issues.length > 0) {
        problems.push(
          `accumulators of ${String(record['personId'])}: ${issues[0]?.path.join('.') ?? ''} ${issues[0]?.message ?? ''}`,
        );
      }
    }
    post({ type: 'seeded', problems });
  } else {
    post({
      type: 'done',
      totals: engine.summary(),
      accumulators: message.accumulators ? engine.accumulatorRecords() : [],
    });
  }
});
