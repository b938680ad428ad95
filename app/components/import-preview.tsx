import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { canConfirm, importStatusKeys, type ImportIssue, type ImportNotice, type ImportPreview } from "~/lib/imports";
import { useT } from "~/lib/i18n";
import { ScrollRegion } from "./scroll-region";

const noticeKeys = { errors: "imports.preview.hasErrors", changed: "imports.preview.changedSince", failed: "imports.preview.failed" } as const;

function IssueText({ issue }: { issue: ImportIssue }) {
  const t = useT();
  const message = t(issue.key, issue.params);
  return <>{issue.column ? t("imports.preview.issue", { column: issue.column, message }) : message}</>;
}

/**
 * What an import would do, row by row (新規 / 更新 with the columns that change / 変更なし /
 * エラー with each error beside its row), and, when nothing is wrong, the form that confirms
 * it: it sends the table back (`payload`) with the options in `hidden`, and the server checks it
 * all again before writing (ADR 025).
 */
export function ImportPreviewSection({ preview, notice, hidden }: { preview: ImportPreview; notice?: ImportNotice; hidden: Record<string, string> }) {
  const t = useT();
  const hasErrors = preview.fileErrors.length > 0 || preview.counts.error > 0;
  const confirmable = canConfirm(preview);
  let message: ReactNode = null;
  if (notice === "changed" || notice === "failed") message = t(noticeKeys[notice]);
  else if (hasErrors) message = t(noticeKeys.errors);
  return (
    <section aria-labelledby="import-preview-title" className="import-preview">
      <h2 id="import-preview-title">{t("imports.preview.title")}</h2>
      {message ? (
        <div className="notice" role="alert">
          <p>{message}</p>
        </div>
      ) : null}
      {preview.fileErrors.length > 0 ? (
        <>
          <h3>{t("imports.preview.fileErrors")}</h3>
          <ul className="field-error">
            {preview.fileErrors.map((issue, i) => (
              <li key={i}>
                <IssueText issue={issue} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.rows.length > 0 ? (
        <>
          <p>
            <strong>{t("imports.preview.summary", preview.counts)}</strong>
          </p>
          {preview.ignoredColumns.length > 0 ? <p className="hint">{t("imports.preview.ignored", { columns: preview.ignoredColumns.join("、") })}</p> : null}
          <ScrollRegion label={t("imports.preview.rows")}>
            <table className="data-table import-rows">
              <caption>{t("imports.preview.summary", preview.counts)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("imports.preview.line")}</th>
                  <th scope="col">{t("imports.preview.label")}</th>
                  <th scope="col">{t("imports.preview.status")}</th>
                  <th scope="col">{t("imports.preview.detail")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line} className={`import-row-${row.status}`}>
                    <td className="number">{row.line}</td>
                    <th scope="row">{row.label}</th>
                    <td>
                      <span className={row.status === "error" ? "badge badge-cancelled" : "badge"}>{t(importStatusKeys[row.status])}</span>
                    </td>
                    <td>
                      {row.errors.length > 0 ? (
                        <ul className="field-error">
                          {row.errors.map((issue, i) => (
                            <li key={i}>
                              <IssueText issue={issue} />
                            </li>
                          ))}
                        </ul>
                      ) : row.changed.length > 0 ? (
                        t("imports.preview.changed", { columns: row.changed.join("、") })
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
      {confirmable ? (
        <Form method="post" className="stack-form">
          <p>{t("imports.preview.notSaved")}</p>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="payload" value={preview.payload} />
          <input type="hidden" name="digest" value={preview.digest} />
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="actions">
            <button type="submit" className="button">
              {t("imports.preview.confirm", { new: preview.counts.new, update: preview.counts.update })}
            </button>
          </div>
        </Form>
      ) : !hasErrors && preview.rows.length > 0 ? (
        <p role="status">{t("imports.preview.nothingToDo")}</p>
      ) : null}
    </section>
  );
}
