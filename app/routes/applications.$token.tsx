import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatSession } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { getDb } from "~/lib/db.server";
import { checkinQrText } from "~/lib/checkin-code";
import { formatCode, formatPhone } from "~/lib/forms/application";
import { idFrom } from "~/lib/forms/parse";
import { reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { applications } from "~/lib/i18n/messages/applications";
import { getLocale } from "~/lib/locale.server";
import { cancelByToken, getApplicationByToken, withdrawByToken } from "~/services/applications.server";
import { qrCodeSvg } from "~/services/qr.server";

export const handle = { messages: [applications] } satisfies MessagesHandle;

// The address is the key to the application: never cached, never sent to another site as a
// Referer, never indexed. (`same-origin`, not `no-referrer`: with no-referrer the browser sends
// `Origin: null` on this page's own forms, and the origin check refuses the cancellation.)
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex" } as const;
export const headers = () => PRIVATE;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("application.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

/** /applications/:token — a resident's own application: status, code, QR for the door, cancel and withdraw. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const db = await getDb();
  const application = await orHttpError(getApplicationByToken(db, token));
  const locale = getLocale(request);
  const now = Date.now();
  return json(
    {
      locale,
      code: formatCode(application.code),
      // What the organiser's scanner reads: the code, with a prefix that says what it is.
      qrSvg: application.withdrawn ? null : await qrCodeSvg(checkinQrText(application.code)),
      name: application.name,
      partySize: application.partySize,
      withdrawn: application.withdrawn,
      hasEmail: application.hasEmail,
      activity: { ...application.activity, applicationPhone: application.activity.applicationPhone ? formatPhone(application.activity.applicationPhone) : null },
      sessions: application.sessions.map((s) => ({
        occurrenceId: s.occurrenceId,
        when: formatSession(s.startsAt, s.endsAt, locale),
        status: s.status,
        sessionCancelled: s.sessionStatus === "cancelled",
        cancelReason: s.cancelReason,
        queuePosition: s.queuePosition,
        checkedIn: s.checkedIn,
        cancellable: s.status !== "cancelled" && +s.endsAt > now,
      })),
    },
    { headers: PRIVATE },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const db = await getDb();
  const form = await readForm(request);
  const intent = form.get("intent");
  const here = `/applications/${token}`;
  if (intent === "withdraw") {
    // Irreversible: only with the box ticked that says so.
    if (form.get("confirm") !== "on") return reject({}, { confirm: "application.withdraw.confirmMissing" }, { intent, headers: PRIVATE });
    await orHttpError(withdrawByToken(db, token));
    return redirectWithFlash(here, { key: "application.flash.withdrawn" }, { headers: PRIVATE });
  }
  if (intent === "cancel" || intent === "cancelAll") {
    const occurrenceId = intent === "cancel" ? idFrom(String(form.get("occurrenceId") ?? "")) : undefined;
    if (intent === "cancel" && occurrenceId === undefined) throw json({ message: "which session?" }, { status: 400, headers: PRIVATE });
    await orHttpError(cancelByToken(db, token, { occurrenceId }));
    return redirectWithFlash(here, { key: "application.flash.cancelled" }, { headers: PRIVATE });
  }
  throw json({ message: "unknown intent" }, { status: 400, headers: PRIVATE });
}

export default function ApplicationPage() {
  const { code, qrSvg, name, partySize, withdrawn, hasEmail, activity, sessions } = useLoaderData<typeof loader>();
  const t = useT();
  const withdrawError = useRejection({ intent: "withdraw" }).errors.confirm;
  const live = sessions.filter((s) => s.cancellable);
  return (
    <section className="narrow application-page" aria-labelledby="application-title">
      <h1 id="application-title">{t("application.title")}</h1>
      <p>
        <Link to={`/activities/${activity.id}`}>{activity.title}</Link>（{activity.hubName}・{activity.hubAddress}）
      </p>
      {withdrawn ? (
        <p className="notice">{t("application.withdrawn")}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t("application.code")}</dt>
            <dd>
              <strong className="application-code">{code}</strong>
              <span className="hint"> {t("application.codeHint")}</span>
            </dd>
            {name ? (
              <>
                <dt>{t("application.name")}</dt>
                <dd>{name}</dd>
              </>
            ) : null}
            <dt>{t("application.partySize")}</dt>
            <dd>{t("application.people", { count: partySize })}</dd>
          </dl>
          {qrSvg ? (
            <figure className="application-qr">
              <img src={`data:image/svg+xml;base64,${qrSvg}`} alt={t("application.qrAlt", { code })} width={200} height={200} />
              <figcaption>{t("application.qr")}</figcaption>
            </figure>
          ) : null}
          <p className="hint">{t("application.keepLink")}</p>
          {!hasEmail ? <p className="hint">{t("application.phoneOnly")}</p> : null}
        </>
      )}
      <h2>{t("application.sessions")}</h2>
      <ul className="session-list">
        {sessions.map((s) => (
          <li key={s.occurrenceId} className={s.sessionCancelled || s.status === "cancelled" ? "session is-cancelled" : "session"}>
            <span className="session-when">{s.when}</span>
            <strong className="badge">
              {s.sessionCancelled
                ? t("application.sessionCancelled")
                : s.status === "waitlisted"
                  ? t("application.status.waitlisted", { position: s.queuePosition ?? 1 })
                  : t(`application.status.${s.status}`)}
            </strong>
            {s.cancelReason ? <span className="session-note">{s.cancelReason}</span> : null}
            {s.checkedIn ? <span className="badge">{t("application.checkedIn")}</span> : null}
            {s.cancellable && !s.sessionCancelled && !withdrawn ? (
              <Form method="post">
                <input type="hidden" name="occurrenceId" value={s.occurrenceId} />
                <button type="submit" name="intent" value="cancel" className="button secondary small" aria-label={t("application.cancelLabel", { when: s.when })}>
                  {t("application.cancel")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {live.length > 1 && !withdrawn ? (
        <Form method="post">
          <button type="submit" name="intent" value="cancelAll" className="button secondary">
            {t("application.cancelAll")}
          </button>
        </Form>
      ) : null}
      {activity.applicationPhone ? <p>{t("application.contactOrganiser", { phone: activity.applicationPhone })}</p> : null}
      {!withdrawn ? (
        <section aria-labelledby="withdraw-title" className="danger-zone">
          <h2 id="withdraw-title">{t("application.withdraw.title")}</h2>
          <p>{t("application.withdraw.intro")}</p>
          <Form method="post" className="stack-form">
            <div className="field">
              <label className="choice-label">
                <input type="checkbox" name="confirm" required aria-invalid={withdrawError ? true : undefined} aria-describedby={withdrawError ? "confirm-error" : undefined} />{" "}
                {t("application.withdraw.confirm")}
              </label>
              {withdrawError ? (
                <p className="field-error" id="confirm-error">
                  {t(withdrawError)}
                </p>
              ) : null}
            </div>
            <button type="submit" name="intent" value="withdraw" className="button danger">
              {t("application.withdraw.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to={`/activities/${activity.id}`}>{t("application.backToActivity", { activity: activity.title })}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
