import { useId } from "react";
import { labelledBars } from "./chart-labels.ts";

/** One bar: its label (the x axis), value and how to say the value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
}

const width = 600;
const height = 220;
const top = 24;
const bottom = 36;
const left = 12;

const edge = 40;
const labelAnchor = (center: number) => (center < edge ? "start" : center > width - edge ? "end" : "middle");
const labelX = (center: number) => (center < edge ? left : center > width - edge ? width - left : center);

/**
 * A small bar chart as inline SVG (no chart library), with a summary for screen readers and the
 * same numbers as a table under a disclosure. Styles come from admin.css (the CSP allows no inline style).
 */
export function BarChart({
  title,
  summary,
  bars,
  valueHeader,
  maxText,
}: {
  title: string;
  summary: string;
  bars: readonly Bar[];
  valueHeader: string;
  maxText: string;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const slot = (width - left * 2) / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  const plotHeight = height - top - bottom;
  const labelled = labelledBars(bars.length);
  return (
    <figure className="admin-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${titleId} ${descriptionId}`}
        focusable="false"
      >
        <title id={titleId}>{title}</title>
        <desc id={descriptionId}>{summary}</desc>
        <text x={left} y={16} className="admin-chart-axis">
          {max === 0 ? "no data" : `max ${maxText}`}
        </text>
        <line
          x1={left}
          x2={width - left}
          y1={top + plotHeight}
          y2={top + plotHeight}
          className="admin-chart-baseline"
        />
        {bars.map((bar, index) => {
          const barHeight = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * plotHeight);
          const x = left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={`${bar.label}-${index}`}>
              <rect
                x={x}
                y={top + plotHeight - barHeight}
                width={barWidth}
                height={barHeight}
                className="admin-chart-bar"
              >
                <title>{`${bar.label}: ${bar.valueText}`}</title>
              </rect>
              {labelled[index] === true && (
                <text
                  x={labelX(x + barWidth / 2)}
                  y={height - 12}
                  textAnchor={labelAnchor(x + barWidth / 2)}
                  className="admin-chart-label"
                >
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <details>
          <summary>{title} as a table</summary>
          <div className="admin-table-scroll" tabIndex={0} role="region" aria-label={`${title} (table)`}>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col" className="number">
                    {valueHeader}
                  </th>
                </tr>
              </thead>
              <tbody>
                {bars.map((bar, index) => (
                  <tr key={`${bar.label}-${index}`}>
                    <th scope="row">{bar.label}</th>
                    <td className="number">{bar.valueText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
