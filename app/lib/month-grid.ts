import { formatTime, isoWeekday, monthBounds, tokyoDate } from "./dates";

export interface GridSession {
  id: number;
  time: string;
  title: string;
  cancelled: boolean;
}
export type GridDay = { date: string; day: number; sessions: GridSession[] } | null;

/**
 * The weeks of a month as rows of seven cells, Sunday first (as Japanese wall calendars are);
 * cells outside the month are null. Sessions go on their Tokyo date.
 */
export function buildMonthGrid(
  month: string,
  sessions: { id: number; startsAt: Date | string; title: string; status: "scheduled" | "cancelled" }[],
): GridDay[][] {
  const { firstDate, lastDate } = monthBounds(month);
  const byDate = new Map<string, GridSession[]>();
  for (const s of sessions) {
    const date = tokyoDate(new Date(s.startsAt));
    byDate.set(date, [...(byDate.get(date) ?? []), { id: s.id, time: formatTime(s.startsAt), title: s.title, cancelled: s.status === "cancelled" }]);
  }
  const days = Number(lastDate.slice(8, 10));
  const lead = isoWeekday(firstDate) % 7; // Sunday → 0
  const cells: GridDay[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day++) {
    const date = `${month}-${String(day).padStart(2, "0")}`;
    cells.push({ date, day, sessions: byDate.get(date) ?? [] });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: GridDay[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
