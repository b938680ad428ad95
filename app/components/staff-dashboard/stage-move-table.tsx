import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

/** 段階の前進 of the period by the stage reached (shown only when there is such a table). */
export function StageMoveTable({ stageMoves, periodText }: { stageMoves: NonNullable<DashboardData["stageMoves"]>; periodText: string }) {
  const t = useT();
  return (
    <section aria-labelledby="stage-moves-title">
      <h2 id="stage-moves-title">{t("metrics.stageMoves.title")}</h2>
      <table className="data-table">
        <caption>{t("metrics.stageMoves.caption", { period: periodText })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("metrics.stageMoves.stage")}</th>
            <th scope="col">{t("metrics.stageMoves.count")}</th>
          </tr>
        </thead>
        <tbody>
          {stageMoves.stages.map((row) => (
            <tr key={row.stage}>
              <th scope="row">{t(`support.stage.${row.stage}`)}</th>
              <td className="number">{row.figure.text}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("metrics.stageMoves.total")}</th>
            <td className="number">{stageMoves.total.text}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
