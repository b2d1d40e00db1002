import { describe, expect, it } from 'vitest';
import { Flow, WINDOW } from '../batch/pool.ts';
import { ResultsWindow } from './results-window.ts';

/** A worker's results message for `records`: one line per record naming it. */
function results(records: readonly number[]): {
  records: Float64Array;
  bytes: Uint8Array<ArrayBuffer>;
} {
  const text = records.map((r) => `{"record":${String(r)}}\n`).join('');
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  bytes.set(Buffer.from(text, 'latin1'));
  return { records: Float64Array.from(records), bytes };
}

/** A window over a flow starting at record 1, and everything it wrote, in order. */
function windowed() {
  const flow = new Flow(0);
  const out: string[] = [];
  const chunks: Buffer[] = [];
  const pending: (() => void)[] = [];
  const window = new ResultsWindow(flow, (chunk, length, done) => {
    out.push(chunk.toString('latin1', 0, length));
    chunks.push(chunk);
    pending.push(done);
  });
  const written = () =>
    out
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { record: number }).record);
  return { flow, window, out, chunks, pending, written };
}

describe('ResultsWindow', () => {
  it('writes results in record order whatever order the workers answer in', () => {
    const { flow, window, written } = windowed();
    flow.sent = 6;
    const b = results([2, 4, 6]);
    window.add(b.records, b.bytes);
    expect(written()).toEqual([]);
    const a = results([1, 3, 5]);
    window.add(a.records, a.bytes);
    expect(written()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(flow.nextToWrite).toBe(7);
  });

  it('writes a full window whose first result comes last, and stops there', () => {
    const { flow, window, written } = windowed();
    flow.sent = WINDOW;
    const rest = results(Array.from({ length: WINDOW - 1 }, (_, i) => i + 2));
    window.add(rest.records, rest.bytes);
    expect(written()).toEqual([]);
    // Every slot is filled now: the write must stop after the window, not go round it.
    const first = results([1]);
    window.add(first.records, first.bytes);
    expect(written()).toHaveLength(WINDOW);
    expect(written().at(-1)).toBe(WINDOW);
    expect(flow.nextToWrite).toBe(WINDOW + 1);
    // The next window's records reuse the slots.
    flow.sent = WINDOW + 2;
    const next = results([WINDOW + 2, WINDOW + 1]);
    window.add(next.records, next.bytes);
    expect(written().slice(WINDOW)).toEqual([WINDOW + 2, WINDOW + 1].sort((x, y) => x - y));
  });

  it('holds another shard’s records in order without writing them', () => {
    const { flow, window, written } = windowed();
    flow.sent = 3;
    window.skip(2);
    const mine = results([3]);
    window.add(mine.records, mine.bytes);
    expect(written()).toEqual([]);
    const one = results([1]);
    window.add(one.records, one.bytes);
    expect(written()).toEqual([1, 3]);
    expect(flow.nextToWrite).toBe(4);
  });

  it('gives a results buffer back only once each of its results is written', () => {
    const { flow, window } = windowed();
    flow.sent = 4;
    const even = results([2, 4]);
    window.add(even.records, even.bytes);
    const one = results([1]);
    window.add(one.records, one.bytes);
    // Record 2 is written, 4 still waits for 3: the buffer of 2 and 4 is not free yet.
    expect(window.outputs).toEqual([one.bytes.buffer]);
    const three = results([3]);
    window.add(three.records, three.bytes);
    expect(window.outputs).toEqual([one.bytes.buffer, even.bytes.buffer, three.bytes.buffer]);
  });

  it('fills a written chunk again only once the output is done with it', () => {
    const { flow, window, out, chunks, pending } = windowed();
    flow.sent = 3;
    const one = results([1]);
    window.add(one.records, one.bytes);
    const two = results([2]);
    window.add(two.records, two.bytes);
    // The first chunk is still being written: the second write has a chunk of its own.
    expect(out).toEqual(['{"record":1}\n', '{"record":2}\n']);
    expect(chunks[1]).not.toBe(chunks[0]);
    for (const done of pending.splice(0)) done();
    const three = results([3]);
    window.add(three.records, three.bytes);
    expect(out.at(-1)).toBe('{"record":3}\n');
    // Written and done: one of the two is filled again.
    expect([chunks[0], chunks[1]]).toContain(chunks[2]);
  });
});
