import { useId } from 'react';

/**
 * Lines over ordered categories (months) in plain SVG (no chart library): one polyline per
 * series, a gap where a value is missing. Values are numbers for drawing only — the exact figures
 * are in the table beside it, which is also what a screen reader gets.
 */
export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category, same order as `categories`; null: no value (a gap). */
  readonly values: readonly (number | null)[];
  readonly dashed?: boolean;
}

export function LineChart({
  title,
  categories,
  series,
  tick = (value) => compactNumber(value),
  height = 240,
}: {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly LineSeries[];
  /** How an axis value is written (e.g. a percentage for a ratio). */
  readonly tick?: (value: number) => string;
  readonly height?: number;
}) {
  const titleId = useId();
  const width = 760;
  const left = 72;
  const right = 16;
  const top = 10;
  const bottom = 30;
  const plot = height - top - bottom;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const rawMax = Math.max(0, ...values);
  const rawMin = Math.min(0, ...values);
  const max = rawMax === rawMin ? rawMin + 1 : rawMax;
  const min = rawMin;
  const slot = (width - left - right) / Math.max(1, categories.length);
  const xOf = (i: number) => left + slot * i + slot / 2;
  const yOf = (v: number) => top + plot - ((v - min) / (max - min)) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => min + t * (max - min));

  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={yOf(t)} y2={yOf(t)} stroke="#d8dee6" />
            <text x={left - 6} y={yOf(t) + 4} textAnchor="end" fontSize="11" fill="#5b6877">
              {tick(t)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => (
          <text
            key={category}
            x={xOf(i)}
            y={height - 10}
            textAnchor="middle"
            fontSize="11"
            fill="#5b6877"
          >
            {category}
          </text>
        ))}
        {series.map((s) => (
          <g key={s.name} data-series={s.name}>
            {segments(s.values).map((run) => (
              <polyline
                key={run[0]}
                fill="none"
                stroke={s.color}
                strokeWidth="2"
                strokeDasharray={s.dashed === true ? '6 4' : undefined}
                points={run.map((i) => `${xOf(i)},${yOf(s.values[i] ?? 0)}`).join(' ')}
              />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={categories[i]} cx={xOf(i)} cy={yOf(v)} r="3.5" fill={s.color}>
                  <title>{`${categories[i] ?? ''} · ${s.name}: ${tick(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.name}>
            <span
              className="swatch"
              style={{
                background:
                  s.dashed === true
                    ? `repeating-linear-gradient(90deg, ${s.color} 0 4px, transparent 4px 6px)`
                    : s.color,
              }}
              aria-hidden="true"
            />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The runs of consecutive present values (indexes), drawn as one polyline each. */
function segments(values: readonly (number | null)[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** An axis label: 万 / 亿 for large amounts, up to 3 significant decimals for small ones. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e8) return `${(value / 1e8).toFixed(1)}亿`;
  if (abs >= 1e4) return `${(value / 1e4).toFixed(1)}万`;
  if (abs >= 100 || value === 0) return value.toFixed(0);
  return String(Number(value.toPrecision(3)));
}
