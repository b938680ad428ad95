import type { ShownFigure } from "./suppression";

/**
 * A figure for a time that holds no record: a month or period that has not begun, or a year
 * before the first record. Not 0 (nothing was counted, not "none happened"): 「—」 on the page,
 * an empty cell in the CSV, as for any figure that is not there (docs/indicators.md).
 */
export const NO_RECORD: ShownFigure = { value: null, hidden: false, text: "—", csv: "" };
