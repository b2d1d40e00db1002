import { type WriteStream, createWriteStream } from 'node:fs';
import type { Flow } from './pool.ts';

/**
 * The output file of a batch, appended to (a resumed run) or written afresh: a full stream blocks
 * the flow until it drains, and an error is kept for the flow to throw.
 */
export function openOutput(file: string, append: boolean, flow: Flow): WriteStream {
  const output = createWriteStream(file, { flags: append ? 'a' : 'w' });
  output.on('drain', () => {
    flow.blocked = false;
    flow.wakeUp();
  });
  output.on('error', (error) => {
    flow.outputError = error;
    flow.wakeUp();
  });
  return output;
}

/** Ends the output once everything written is flushed. */
export function endOutput(output: WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    output.end((error?: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
}
