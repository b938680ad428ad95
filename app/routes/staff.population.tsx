import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportPreviewSection } from "~/components/import-preview";
import { ScrollRegion } from "~/components/scroll-region";
import { requireActor } from "~/lib/auth.server";
import { formatCalendarDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { importRefusal, importTooLarge, previewOrConfirm, readImportForm } from "~/lib/import-upload.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { imports } from "~/lib/i18n/messages/imports";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { confirmPopulationImport, listDistrictPopulations, parseSurveyDate, previewPopulationImport } from "~/services/population-import.server";

export const handle = { messages: [imports] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("imports.population.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const districts = await listDistrictPopulations(await getDb(), actor);
  return json({ locale: getLocale(request), districts }, { headers: { "Cache-Control": "private, no-store" } });
}

/** The survey date as typed, and whether it was refused. */
interface AsOfField {
  asOf: string;
  asOfInvalid?: boolean;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const read = await readImportForm(request);
  if (read.tooLarge) return importTooLarge<AsOfField>({ asOf: "" });
  const form = read.form;
  const asOfText = String(form.get("asOf") ?? "").trim();
  const asOf = asOfText === "" ? null : parseSurveyDate(asOfText);
  if (asOfText !== "" && !asOf) return importRefusal<AsOfField>({ asOf: asOfText, asOfInvalid: true }, { key: "imports.population.asOfInvalid" });
  const options = { asOf };
  const db = await getDb();
  return previewOrConfirm<AsOfField>(form, "/staff/population", { asOf: asOfText }, {
    preview: (table) => previewPopulationImport(db, actor, { table, options }),
    confirm: (input) => confirmPopulationImport(db, actor, { ...input, options }),
  });
}

export default function PopulationPage() {
  const { districts } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const number = (n: number) => n.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB");
  const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "—");
  return (
    <section className="narrow" aria-labelledby="population-title">
      <p>
        <Link to="/staff">{t("imports.population.back")}</Link>
      </p>
      <h1 id="population-title">{t("imports.population.title")}</h1>
      <p>{t("imports.population.intro")}</p>

      <h2 id="population-upload-title">{t("imports.population.upload")}</h2>
      <p className="hint">{t("imports.population.samples")}</p>
      <Form method="post" encType="multipart/form-data" className="stack-form" aria-labelledby="population-upload-title" key={answer ? "answered" : "new"}>
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="file">{t("imports.file.label")}</label>
          <p className="hint" id="file-hint">
            {t("imports.file.hint")}
          </p>
          <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="file-hint" required />
        </div>
        <div className="field">
          <label htmlFor="asOf">{t("imports.population.asOfField")}</label>
          <p className="hint" id="asOf-hint">
            {t("imports.population.asOfHint")}
          </p>
          <input
            id="asOf"
            name="asOf"
            type="date"
            defaultValue={answer?.asOf ?? ""}
            aria-invalid={answer?.asOfInvalid ? true : undefined}
            aria-describedby={answer?.asOfInvalid ? "asOf-hint asOf-error" : "asOf-hint"}
          />
          {answer?.asOfInvalid ? (
            <p className="field-error" id="asOf-error">
              {t("imports.population.asOfInvalid")}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("imports.preview.submit")}
          </button>
        </div>
      </Form>
      {answer && !answer.asOfInvalid ? <ImportPreviewSection preview={answer.preview} notice={answer.notice} hidden={{ asOf: answer.asOf }} /> : null}

      <h2>{t("imports.population.current")}</h2>
      <ScrollRegion label={t("imports.population.current")}>
        <table className="data-table">
          <caption>{t("imports.population.current")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("imports.population.district")}</th>
              <th scope="col">{t("imports.population.code")}</th>
              <th scope="col">{t("imports.population.total")}</th>
              <th scope="col">{t("imports.population.aged65")}</th>
              <th scope="col">{t("imports.population.share")}</th>
              <th scope="col">{t("imports.population.households")}</th>
              <th scope="col">{t("imports.population.asOf")}</th>
            </tr>
          </thead>
          <tbody>
            {districts.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>{d.code ?? "—"}</td>
                {d.total === null || d.aged65Plus === null || d.asOf === null ? (
                  <td colSpan={5}>{t("imports.population.none")}</td>
                ) : (
                  <>
                    <td className="number">{number(d.total)}</td>
                    <td className="number">{number(d.aged65Plus)}</td>
                    <td className="number">{percent(d.aged65Plus, d.total)}</td>
                    <td className="number">{d.households === null ? "—" : number(d.households)}</td>
                    <td>{formatCalendarDate(d.asOf, locale)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
