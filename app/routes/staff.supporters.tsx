import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { DataTable } from "~/components/data-table";
import { requireRole } from "~/lib/auth.server";
import { formatCalendarDate, formatTimestamp } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { startingFigureSchema } from "~/lib/forms/indicator-entries";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { indicators } from "~/lib/i18n/messages/indicators";
import { accounts } from "~/lib/i18n/messages/accounts";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { listStartingFigures, listTrainingCourses, setStartingFigure, supportersTrainedNow } from "~/services/supporters.server";

export const handle = { messages: [accounts, indicators] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("indicators.supporters.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const db = await getDb();
  const [now, figures, courses] = await Promise.all([supportersTrainedNow(db), listStartingFigures(db), listTrainingCourses(db)]);
  return json(
    {
      locale: getLocale(request),
      now: { total: now.total, counted: now.counted, starting: now.starting },
      figures: figures.map((f) => ({ ...f, enteredAt: f.enteredAt.toISOString() })),
      courses,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF_ROLES);
  const submission = await parseSubmission(request, startingFigureSchema);
  if (!submission.ok) return submission.reply;
  await setStartingFigure(await getDb(), { ...submission.data, userId: user.id, ip: context.clientIp });
  return redirectWithFlash("/staff/supporters", { key: "indicators.supporters.saved" });
}

export default function SupportersPage() {
  const { now, figures, courses } = useLoaderData<typeof loader>();
  const { errors, formKey, values: typed } = useRejection<Record<string, string>>();
  const values = typed ?? {};
  const t = useT();
  const locale = useLocale();
  const number = (n: number) => n.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB");
  return (
    <section className="narrow" aria-labelledby="supporters-title">
      <p>
        <Link to="/staff">{t("indicators.back")}</Link>
      </p>
      <h1 id="supporters-title">{t("indicators.supporters.title")}</h1>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <p>{t("indicators.supporters.intro")}</p>

      <h2>{t("indicators.supporters.current")}</h2>
      {now.total === null ? (
        <p>{t("indicators.supporters.currentNone")}</p>
      ) : (
        <>
          <p className="figure">
            <strong>{t("indicators.supporters.currentValue", { count: number(now.total) })}</strong>
          </p>
          <p className="hint">
            {now.starting
              ? t("indicators.supporters.breakdown", { start: number(now.starting.people), asOf: formatCalendarDate(now.starting.asOf, locale), counted: number(now.counted) })
              : t("indicators.supporters.breakdownNoStart", { counted: number(now.counted) })}
          </p>
        </>
      )}

      <h2 id="starting-form-title">{t("indicators.supporters.form")}</h2>
      <p className="hint">{t("indicators.supporters.formHint")}</p>
      <Form key={formKey} method="post" className="stack-form" noValidate aria-labelledby="starting-form-title">
        <TextField name="asOf" type="date" label={t("indicators.supporters.asOf")} defaultValue={values.asOf ?? ""} error={errors.asOf} />
        <TextField name="people" label={t("indicators.supporters.people")} inputMode="numeric" defaultValue={values.people ?? ""} error={errors.people} />
        <div className="actions">
          <button type="submit" className="button">
            {t("indicators.supporters.submit")}
          </button>
        </div>
      </Form>

      <h2>{t("indicators.supporters.figures")}</h2>
      {figures.length === 0 ? (
        <p>{t("indicators.supporters.noFigures")}</p>
      ) : (
        <DataTable
          caption={t("indicators.supporters.figures")}
          columns={[
            { header: t("indicators.supporters.asOf"), cell: (f) => formatCalendarDate(f.asOf, locale) },
            { header: t("indicators.supporters.people"), cell: (f) => number(f.people), number: true },
            { header: t("indicators.supporters.enteredBy"), cell: (f) => f.enteredBy ?? t("indicators.deletedUser") },
            { header: t("indicators.supporters.enteredAt"), cell: (f) => formatTimestamp(f.enteredAt, locale) },
          ]}
          rows={figures}
          rowKey={(f) => f.id}
        />
      )}

      <h2>{t("indicators.supporters.courses")}</h2>
      <p className="hint">{t("indicators.supporters.coursesHint")}</p>
      {courses.length === 0 ? (
        <p>{t("indicators.supporters.noCourses")}</p>
      ) : (
        <DataTable
          caption={t("indicators.supporters.courses")}
          columns={[
            {
              header: t("indicators.supporters.activity"),
              cell: (c) => (
                <>
                  <Link to={`/activities/${c.id}`}>{c.title}</Link>
                  {c.status === "ended" ? ` ${t("indicators.supporters.ended")}` : null}
                </>
              ),
            },
            { header: t("indicators.supporters.hub"), cell: (c) => c.hubName },
            { header: t("indicators.supporters.heldSessions"), cell: (c) => number(c.heldSessions), number: true },
          ]}
          rows={courses}
          rowKey={(c) => c.id}
        />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
