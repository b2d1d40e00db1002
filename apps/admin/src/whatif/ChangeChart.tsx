import { useId } from 'react';

/**
 * Horizontal bars of a signed change per category, left of the zero line for less, right for
 * more, in plain SVG (no chart library). Values are numbers for drawing only: the exact amounts
 * are in the table below the chart, which is also what a screen reader gets.
 */
export function ChangeChart({
  title,
  bars,
  unit,
}: {
  readonly title: string;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
  readonly unit: string;
}) {
  const titleId = useId();
  const width = 960;
  const labels = 130;
  const row = 22;
  const top = 8;
  const height = top * 2 + Math.max(1, bars.length) * row + 16;
  const max = Math.max(1e-9, ...bars.map((b) => Math.abs(b.value)));
  const plot = width - labels - 16;
  const hasNegative = bars.some((b) => b.value < 0);
  const hasPositive = bars.some((b) => b.value > 0);
  // The zero line: in the middle when changes go both ways, else at the side they start from.
  const zero = labels + (hasNegative && hasPositive ? plot / 2 : hasNegative ? plot : 0);
  const scale = hasNegative && hasPositive ? plot / 2 / max : plot / max;

  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={zero} x2={zero} y1={top} y2={height - 16} stroke="#5b6877" />
        {bars.map((b, i) => {
          const y = top + i * row;
          const w = Math.abs(b.value) * scale;
          const x = b.value < 0 ? zero - w : zero;
          return (
            <g key={b.label}>
              <text x={labels - 8} y={y + 15} textAnchor="end" fontSize="11" fill="#5b6877">
                {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              </text>
              <rect
                x={x}
                y={y + 4}
                width={Math.max(w, b.value === 0 ? 0 : 1)}
                height={row - 8}
                fill={b.value < 0 ? '#0b6e4f' : '#b3363b'}
              >
                <title>{`${b.label}: ${b.value.toLocaleString('en')} ${unit}`}</title>
              </rect>
            </g>
          );
        })}
        <text x={zero} y={height - 3} textAnchor="middle" fontSize="11" fill="#5b6877">
          0
        </text>
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#0b6e4f' }} aria-hidden="true" />
          Less under the candidate
        </li>
        <li>
          <span className="swatch" style={{ background: '#b3363b' }} aria-hidden="true" />
          More under the candidate
        </li>
      </ul>
    </figure>
  );
}
