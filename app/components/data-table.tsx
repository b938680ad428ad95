import type { ReactNode } from "react";
import { ScrollRegion } from "./scroll-region";

export interface Column<R> {
  header: string;
  cell: (row: R) => ReactNode;
  /** A figure: right-aligned in tabular digits. */
  number?: boolean;
}

/**
 * A table of rows in a region that scrolls sideways on a phone: its caption, one header per
 * column, and each row headed by its first column's cell (the name a screen reader reads out).
 */
export function DataTable<R>({
  caption,
  label = caption,
  columns,
  rows,
  rowKey,
  wide = false,
  hideCaption = false,
}: {
  caption: string;
  /** The scroll region's name, when it should differ from the caption. */
  label?: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string | number;
  wide?: boolean;
  /** The caption for screen readers only, where a heading above already says it. */
  hideCaption?: boolean;
}) {
  return (
    <ScrollRegion label={label}>
      <table className={wide ? "data-table wide" : "data-table"}>
        <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.number ? "number" : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) =>
                i === 0 ? (
                  <th key={column.header} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.header} className={column.number ? "number" : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
