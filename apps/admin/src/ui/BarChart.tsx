import { useId } from 'react';

/**
 * A stacked bar chart in plain SVG (no chart library): one bar per category, one segment per
 * series. Values are numbers for drawing only — the exact amounts are in the table beside it,
 * which is also what a screen reader gets.
 */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category, same order as `categories`. */
  readonly values: readonly number[];
}

const PALETTE = ['#0b6e4f', '#2f6fb5', '#c77d14', '#8c3fa8', '#b3363b', '#4a8c8c', '#6b7a8f'];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#6b7a8f';
}

export function BarChart({
  title,
  categories,
  series,
  unit,
  height = 220,
}: {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly unit: string;
  readonly height?: number;
}) {
  const titleId = useId();
  const totals = categories.map((_, i) =>
    series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const width = 640;
  const left = 64;
  const bottom = 28;
  const plot = height - bottom - 8;
  const slot = (width - left - 8) / Math.max(1, categories.length);
  const bar = Math.min(48, slot * 0.7);
  // Small whole counts (a few items changed) get whole ticks, not "0, 0, 1, 1, 1".
  const ticks =
    Number.isInteger(max) && max < 4
      ? Array.from({ length: max + 1 }, (_, i) => i)
      : [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);

  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((tick) => {
          const y = 8 + plot - (tick / max) * plot;
          return (
            <g key={tick}>
              <line x1={left} x2={width - 8} y1={y} y2={y} stroke="#d8dee6" />
              <text x={left - 6} y={y + 4} textAnchor="end" fontSize="11" fill="#5b6877">
                {compact(tick)}
              </text>
            </g>
          );
        })}
        {categories.map((category, i) => {
          const x = left + i * slot + (slot - bar) / 2;
          let y = 8 + plot;
          return (
            <g key={category}>
              {series.map((s) => {
                const value = Math.max(0, s.values[i] ?? 0);
                const h = (value / max) * plot;
                y -= h;
                return (
                  <rect key={s.name} x={x} y={y} width={bar} height={h} fill={s.color}>
                    <title>{`${category} · ${s.name}: ${value.toLocaleString('en')} ${unit}`}</title>
                  </rect>
                );
              })}
              <text
                x={x + bar / 2}
                y={height - 10}
                textAnchor="middle"
                fontSize="11"
                fill="#5b6877"
              >
                {category}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function compact(value: number): string {
  if (value >= 1e8) return `${(value / 1e8).toFixed(1)}亿`;
  if (value >= 1e4) return `${(value / 1e4).toFixed(1)}万`;
  return value.toFixed(0);
}
