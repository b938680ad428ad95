import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { ScrollRegion } from "~/components/scroll-region";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { targetSchema } from "~/lib/forms/metrics";

import { formatCalendarDate } from "~/lib/dates";

import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { getLocale } from "~/lib/locale.server";
import { indicators } from "~/lib/metrics/indicators";
import { fiscalYearLabel, fiscalYearOf } from "~/lib/metrics/periods";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { listTargets, setTarget } from "~/services/metrics.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { metrics } from "~/lib/i18n/messages/metrics";

export const handle = { messages: [accounts, metrics] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("metrics.targets.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const targets = await listTargets(await getDb());
  return json(
    {
      locale: getLocale(request),
      currentYear: fiscalYearOf(new Date()),
      targets: targets.map((x) => ({ id: x.id, indicator: x.indicator, fiscalYear: x.fiscalYear, baseline: x.baseline, baselineDate: x.baselineDate, target: x.target })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF_ROLES);
  const submission = await parseSubmission(request, targetSchema);
  if (!submission.ok) return submission.reply;
  await setTarget(await getDb(), { ...submission.data, userId: user.id, ip: context.clientIp });
  return redirectWithFlash("/staff/targets", { key: "metrics.targets.saved" });
}

export default function TargetsPage() {
  const { targets, currentYear } = useLoaderData<typeof loader>();
  const rejection = useRejection<Record<string, string>>();
  const { errors, formKey } = rejection;
  const values = rejection.values ?? {};
  const t = useT();
  const locale = useLocale();
  const indicatorName = (code: string) => {
    const found = indicators.find((i) => i.code === code);
    return found ? t(`metrics.indicator.${found.code}`) : code;
  };
  return (
    <section className="narrow" aria-labelledby="targets-title">
      <p>
        <Link to="/staff">{t("metrics.title")}</Link>
      </p>
      <h1 id="targets-title">{t("metrics.targets.title")}</h1>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <p>{t("metrics.targets.intro")}</p>
      <Form key={formKey} method="post" className="stack-form" noValidate>
        <div className="field">
          <label htmlFor="indicator">{t("metrics.targets.indicator")}</label>
          <select
            id="indicator"
            name="indicator"
            defaultValue={values.indicator ?? ""}
            aria-invalid={errors.indicator ? true : undefined}
            aria-describedby={errors.indicator ? "indicator-error" : undefined}
          >
            <option value="">―</option>
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {t(`metrics.indicator.${i.code}`)}
              </option>
            ))}
          </select>
          {errors.indicator ? (
            <p className="field-error" id="indicator-error">
              {t(errors.indicator)}
            </p>
          ) : null}
        </div>
        <TextField name="fiscalYear" label={t("metrics.targets.fiscalYear")} inputMode="numeric" defaultValue={values.fiscalYear ?? String(currentYear)} error={errors.fiscalYear} />
        <TextField name="baseline" label={t("metrics.targets.baseline")} inputMode="decimal" defaultValue={values.baseline ?? ""} error={errors.baseline} />
        <TextField name="baselineDate" label={t("metrics.targets.baselineDate")} type="date" defaultValue={values.baselineDate ?? ""} error={errors.baselineDate} />
        <TextField name="target" label={t("metrics.targets.target")} inputMode="decimal" defaultValue={values.target ?? ""} error={errors.target} />
        <div className="actions">
          <button type="submit" className="button">
            {t("metrics.targets.submit")}
          </button>
        </div>
      </Form>
      <ScrollRegion label={t("metrics.targets.list")}>
        <table className="data-table">
          <caption>{t("metrics.targets.list")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics.targets.indicator")}</th>
              <th scope="col">{t("metrics.filters.fiscalYear")}</th>
              <th scope="col">{t("metrics.targets.baseline")}</th>
              <th scope="col">{t("metrics.targets.baselineDate")}</th>
              <th scope="col">{t("metrics.targets.target")}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((x) => (
              <tr key={x.id}>
                <th scope="row">{indicatorName(x.indicator)}</th>
                <td>{fiscalYearLabel(x.fiscalYear, locale)}</td>
                <td className="number">{x.baseline}</td>
                <td>{formatCalendarDate(x.baselineDate, locale)}</td>
                <td className="number">{x.target}</td>
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
