import { useId } from "react";

export interface ChartPoint {
  label: string;
  /** null when the figure is hidden by the small-count rules; drawn as a gap. */
  value: number | null;
  /** What the table shows (e.g. 「3未満」 for a hidden figure). */
  text: string;
}

/**
 * An accessible SVG bar chart: `role="img"` with a title and description, and the same numbers
 * as a table (visually hidden unless `showTable`), so a screen reader user gets every figure.
 */
export function BarChart({
  title,
  description,
  points,
  valueHeader,
  labelHeader,
  width = 240,
  height = 60,
  showTable = false,
}: {
  title: string;
  description: string;
  points: ChartPoint[];
  labelHeader: string;
  valueHeader: string;
  width?: number;
  height?: number;
  showTable?: boolean;
}) {
  const id = useId();
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const barWidth = points.length > 0 ? width / points.length : width;
  return (
    <figure className="chart">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {points.map((p, i) =>
          p.value === null ? null : (
            <rect
              key={p.label}
              x={i * barWidth + 1}
              y={height - (p.value / max) * (height - 2)}
              width={Math.max(1, barWidth - 2)}
              height={(p.value / max) * (height - 2)}
              className="chart-bar"
            />
          ),
        )}
      </svg>
      <table className={showTable ? "chart-table" : "visually-hidden"}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.label}>
              <th scope="row">{p.label}</th>
              <td>{p.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
