import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { ScrollRegion } from "~/components/scroll-region";
import { requireRole } from "~/lib/auth.server";
import { formatCalendarDate, formatTimestamp } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { surveyResultSchema } from "~/lib/forms/indicator-entries";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { indicators } from "~/lib/i18n/messages/indicators";
import { getLocale } from "~/lib/locale.server";
import { fiscalYearLabel, fiscalYearOf } from "~/lib/metrics/periods";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { surveyIndicators, type SurveyIndicator } from "~/lib/surveys";
import { listAllSurveyResults, setSurveyResult } from "~/services/surveys.server";

export const handle = { messages: [accounts, indicators] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("indicators.surveys.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const results = await listAllSurveyResults(await getDb());
  return json(
    {
      locale: getLocale(request),
      currentYear: fiscalYearOf(new Date()),
      results: results.map((r) => ({ ...r, enteredAt: r.enteredAt.toISOString() })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF_ROLES);
  const submission = await parseSubmission(request, surveyResultSchema);
  if (!submission.ok) return submission.reply;
  await setSurveyResult(await getDb(), { ...submission.data, userId: user.id, ip: context.clientIp });
  return redirectWithFlash("/staff/surveys", { key: "indicators.surveys.saved" });
}

export default function SurveysPage() {
  const { results, currentYear } = useLoaderData<typeof loader>();
  const { errors, formKey, values: typed } = useRejection<Record<string, string>>();
  const values = typed ?? {};
  const t = useT();
  const locale = useLocale();
  const number = (n: number) => n.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB");
  const withCity = (s: SurveyIndicator) => t("indicators.surveys.withCity", { name: t(`indicators.survey.${s.code}`), city: t(`indicators.city.${s.city}`) });
  return (
    <section className="narrow" aria-labelledby="surveys-title">
      <p>
        <Link to="/staff">{t("indicators.back")}</Link>
      </p>
      <h1 id="surveys-title">{t("indicators.surveys.title")}</h1>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <p>{t("indicators.surveys.intro")}</p>
      <ul>
        {surveyIndicators.map((s) => (
          <li key={s.code}>
            {t("indicators.surveys.planLine", {
              name: withCity(s),
              baseline: t("indicators.surveys.baseline", { percentage: s.baseline.percentage.toFixed(1), label: s.baseline.label }),
              target:
                s.target === "up"
                  ? t("indicators.surveys.targetUp")
                  : t("indicators.surveys.target", { percentage: s.target.percentage.toFixed(1), year: fiscalYearLabel(s.target.fiscalYear, locale) }),
            })}
          </li>
        ))}
      </ul>

      <h2 id="survey-form-title">{t("indicators.surveys.form")}</h2>
      <Form key={formKey} method="post" className="stack-form" noValidate aria-labelledby="survey-form-title">
        <div className="field">
          <label htmlFor="code">{t("indicators.surveys.indicator")}</label>
          <select
            id="code"
            name="code"
            defaultValue={values.code ?? ""}
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errors.code ? "code-error" : undefined}
          >
            <option value="">―</option>
            {surveyIndicators.map((s) => (
              <option key={s.code} value={s.code}>
                {withCity(s)}
              </option>
            ))}
          </select>
          {errors.code ? (
            <p className="field-error" id="code-error">
              {t(errors.code)}
            </p>
          ) : null}
        </div>
        <TextField
          name="fiscalYear"
          label={t("indicators.surveys.fiscalYear")}
          hint={t("indicators.surveys.fiscalYearHint")}
          inputMode="numeric"
          defaultValue={values.fiscalYear ?? String(currentYear)}
          error={errors.fiscalYear}
        />
        <TextField name="surveyName" label={t("indicators.surveys.surveyName")} defaultValue={values.surveyName ?? ""} error={errors.surveyName} />
        <TextField name="surveyedOn" type="date" label={t("indicators.surveys.surveyedOn")} defaultValue={values.surveyedOn ?? ""} error={errors.surveyedOn} />
        <TextField name="respondents" label={t("indicators.surveys.respondents")} inputMode="numeric" defaultValue={values.respondents ?? ""} error={errors.respondents} />
        <TextField name="percentage" label={t("indicators.surveys.percentage")} inputMode="decimal" defaultValue={values.percentage ?? ""} error={errors.percentage} />
        <div className="actions">
          <button type="submit" className="button">
            {t("indicators.surveys.submit")}
          </button>
        </div>
      </Form>

      <h2>{t("indicators.surveys.list")}</h2>
      {results.length === 0 ? (
        <p>{t("indicators.surveys.none")}</p>
      ) : (
        <ScrollRegion label={t("indicators.surveys.list")}>
          <table className="data-table wide">
            <caption>{t("indicators.surveys.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("indicators.surveys.indicator")}</th>
                <th scope="col">{t("indicators.surveys.fiscalYear")}</th>
                <th scope="col">{t("indicators.surveys.percentage")}</th>
                <th scope="col">{t("indicators.surveys.respondents")}</th>
                <th scope="col">{t("indicators.surveys.surveyName")}</th>
                <th scope="col">{t("indicators.surveys.surveyedOn")}</th>
                <th scope="col">{t("indicators.supporters.enteredBy")}</th>
                <th scope="col">{t("indicators.supporters.enteredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={`${r.code}-${r.fiscalYear}`}>
                  <th scope="row">{t(`indicators.survey.${r.code}`)}</th>
                  <td>{fiscalYearLabel(r.fiscalYear, locale)}</td>
                  <td className="number">{t("indicators.surveys.percentageValue", { percentage: r.percentage.toFixed(1) })}</td>
                  <td className="number">{number(r.respondents)}</td>
                  <td>{r.surveyName}</td>
                  <td>{formatCalendarDate(r.surveyedOn, locale)}</td>
                  <td>{r.enteredBy ?? t("indicators.deletedUser")}</td>
                  <td>{formatTimestamp(r.enteredAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
