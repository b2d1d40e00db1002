/**
 * Money benchmark: operations per second of the arithmetic a settlement does per line, and
 * allocate's throughput. Prints figures; asserts nothing (speed is measured, not unit-tested).
 *   pnpm --filter @openpayer/domain bench
 */
import { FEN_HALF_UP, Money, Ratio, allocate, moneyCodec } from '../src/index.ts';

function measure(name: string, iterations: number, body: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) body(i); // warm-up
  let sink: unknown;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) sink = body(i);
  const seconds = (performance.now() - started) / 1000;
  const perSecond = Math.round(iterations / seconds);
  process.stdout.write(
    `${name.padEnd(48)} ${perSecond.toLocaleString('en-US').padStart(14)} ops/s   (${iterations.toLocaleString('en-US')} in ${seconds.toFixed(3)} s)\n`,
  );
  if (sink === Symbol.for('never')) process.stdout.write('');
}

const amounts = Array.from({ length: 1024 }, (_, i) =>
  Money.of(`${(i * 7919) % 100_000}.${String(i % 100).padStart(2, '0')}`),
);
const wire = amounts.map((m) => m.toFixedString());
const ratio = Ratio.of('0.85');
const threeWay = [Ratio.of('0.7'), Ratio.of('0.2'), Ratio.of('0.1')];
const sevenWay = ['0.5', '0.3', '0.15', '0.05', '0', '0', '0'].map((r) => Ratio.of(r));
const at = (i: number) => amounts[i & 1023]!;

process.stdout.write(
  `@openpayer/domain money benchmark — node ${process.version}, ${process.arch}\n`,
);
measure('Money.add', 2_000_000, (i) => at(i).add(at(i + 1)));
measure('Money.subtract', 2_000_000, (i) => at(i).subtract(at(i + 1)));
measure('Money.multiply(Ratio).round(fen half-up)', 1_000_000, (i) =>
  at(i).multiply(ratio).round(FEN_HALF_UP),
);
measure('Money.compare', 2_000_000, (i) => at(i).compare(at(i + 1)));
measure('moneyCodec.decode ("12345.67" → Money)', 1_000_000, (i) =>
  moneyCodec.decode(wire[i & 1023]!),
);
measure('moneyCodec.encode (Money → "12345.67")', 1_000_000, (i) => moneyCodec.encode(at(i)));
measure('allocate 3 ways (fund / assistance / maker)', 500_000, (i) => allocate(at(i), threeWay));
measure('allocate 7 ways', 300_000, (i) => allocate(at(i), sevenWay));

// allocate throughput in money terms: how many fen per second get split exactly.
const big = Money.of('1500000.00');
measure('allocate 1,500,000.00 three ways', 500_000, () => allocate(big, threeWay));
