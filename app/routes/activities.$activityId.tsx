import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CalendarLinks } from "~/components/calendar-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SessionList } from "~/components/session-list";
import { formatSession, tokyoDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatPhone } from "~/lib/forms/application";
import { invariantResponse, parseId, requestOrigin } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, pickLabel, useLocale, useT } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { getLocale } from "~/lib/locale.server";
import { isLoadTag } from "~/lib/load-tags";
import { describeSchedule, describeScheduleBounds } from "~/lib/schedule-words";
import { freeSlotsBySession, getPublicActivity, listActivitySessions } from "~/services/activities.server";
import { listOpenSessions } from "~/services/applications.server";
import { googleCalendarLink } from "~/services/calendar.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";
import { details } from "~/lib/i18n/messages/details";

export const handle = { messages: [details] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: "まちなえき" }];
  const t = getTranslate(data.locale, matches);
  return [
    { title: `${data.activity.title}（${data.activity.hub.name}） | ${t("common.appName")}` },
    { name: "description", content: `${data.scheduleText} ${data.activity.description}`.slice(0, 150) },
  ];
};

const UPCOMING_LIMIT = 12;

/** Places a resident can still take: null without a limit, 0 when full or people wait. */
function placesLeft(session: { free: number | null; queued: boolean } | undefined): number | null {
  if (!session || session.free === null) return null;
  return session.queued ? 0 : session.free;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const activity = await getPublicActivity(db, parseId(params.activityId));
  invariantResponse(activity, 404, "activity not found");
  await ensureOccurrencesAhead(db);
  const locale = getLocale(request);
  const t = getServerTranslate(locale);
  const now = new Date();
  const sessions = (await listActivitySessions(db, activity.id, { from: new Date(+now - 12 * 3_600_000), limit: UPCOMING_LIMIT + 1 }))
    .filter((s) => s.endsAt > now)
    .slice(0, UPCOMING_LIMIT);
  const nextOpen = sessions.find((s) => s.status === "scheduled");
  const free = await freeSlotsBySession(
    db,
    activity.roles,
    sessions.filter((s) => s.status === "scheduled").map((s) => s.id),
  );
  const freeTotal = (id: number) => [...(free.get(id)?.values() ?? [])].reduce((sum, n) => sum + n, 0);
  const origin = requestOrigin(request, getEnv().PUBLIC_ORIGIN);
  const location = `${activity.hub.name}（${activity.hub.address}）`;
  const applies = activity.registrationRequired && activity.status === "active";
  const places = new Map(applies ? (await listOpenSessions(db, activity.id, { now, limit: UPCOMING_LIMIT })).map((s) => [s.id, s]) : []);
  return json({
    locale,
    activity,
    scheduleText: describeSchedule(activity.schedule, t, locale),
    scheduleBounds: describeScheduleBounds(activity.schedule, t, locale, tokyoDate(now)),
    feedUrl: `${origin}/activities/${activity.id}/calendar.ics`,
    sessions: sessions.map((s) => ({
      ...s,
      helpersWanted: activity.roles.length > 0 && s.status === "scheduled" ? freeTotal(s.id) : null,
      applyPath: places.has(s.id) ? `/activities/${activity.id}/apply?session=${s.id}` : undefined,
      placesLeft: places.has(s.id) ? placesLeft(places.get(s.id)) : undefined,
    })),
    applicationPhone: activity.applicationPhone ? formatPhone(activity.applicationPhone) : null,
    nextOpen: nextOpen
      ? {
          when: formatSession(nextOpen.startsAt, nextOpen.endsAt, locale),
          freeByRole: Object.fromEntries(free.get(nextOpen.id) ?? []),
          google: googleCalendarLink({
            title: activity.title,
            startsAt: nextOpen.startsAt,
            endsAt: nextOpen.endsAt,
            location,
            details: `${origin}/activities/${activity.id}`,
          }),
        }
      : null,
  });
}

export default function ActivityPage() {
  const { activity, scheduleText, scheduleBounds, sessions, nextOpen, feedUrl, applicationPhone } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const ended = activity.status === "ended";
  return (
    <article className="activity-page">
      <p className="breadcrumb">
        <Link to={`/hubs/${activity.hub.id}`}>{t("activity.backToHub", { hub: activity.hub.name })}</Link>
      </p>
      <h1>{activity.title}</h1>
      <p className="hub-kind">
        {pickLabel(locale, { labelJa: activity.categoryLabelJa, labelEn: activity.categoryLabelEn })}・{activity.hub.name}
      </p>
      {ended ? (
        <p className="notice" role="status">
          {t("activity.ended")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("activity.when")}</dt>
        <dd>
          <strong className="schedule-words">{scheduleText}</strong>
          {scheduleBounds.map((line) => (
            <span key={line} className="hint">
              {" "}
              {line}
            </span>
          ))}
        </dd>
        <dt>{t("activity.where")}</dt>
        <dd>
          <Link to={`/hubs/${activity.hub.id}`}>{activity.hub.name}</Link>（{activity.hub.address}）
        </dd>
        <dt>{t("activity.audience")}</dt>
        <dd>{t(`audience.${activity.audience}`)}</dd>
        <dt>{t("activity.fee")}</dt>
        <dd>{activity.feeNote ?? (activity.feeYen === 0 ? t("activities.free") : t("activities.fee", { fee: activity.feeYen }))}</dd>
        {activity.capacity ? (
          <>
            <dt>{t("activity.capacity")}</dt>
            <dd>{t("activity.capacityValue", { capacity: activity.capacity })}</dd>
          </>
        ) : null}
        {activity.accessibilityNotes ? (
          <>
            <dt>{t("activity.accessibilityNotes")}</dt>
            <dd>{activity.accessibilityNotes}</dd>
          </>
        ) : null}
      </dl>
      {activity.description ? (
        <section aria-labelledby="about">
          <h2 id="about">{t("activity.about")}</h2>
          {activity.description.split("\n").map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="details">
        <h2 id="details">{t("activity.details")}</h2>
        {activity.registrationRequired && !ended ? (
          <div className="apply-box">
            <p>{t("activity.registration.required")}</p>
            {sessions.some((s) => s.applyPath) ? (
              <p>
                <Link className="button" to={`/activities/${activity.id}/apply`}>
                  {t("activity.apply")}
                </Link>
              </p>
            ) : null}
            {applicationPhone ? <p>{t("activity.applyByPhone", { phone: applicationPhone })}</p> : null}
          </div>
        ) : (
          <p>{t("activity.registration.none")}</p>
        )}
        {/* The organiser's own words (「前日までに電話で」), when they add to the above. */}
        {activity.applicationMethod && !ended ? <p>{t("activity.applicationMethod", { method: activity.applicationMethod })}</p> : null}
        {activity.welcomesSupported ? <p>{t("activity.supported")}</p> : null}
      </section>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("activity.upcoming")}</h2>
        <SessionList sessions={sessions} empty={t("activity.noUpcoming")} />
        <CalendarLinks feedUrl={feedUrl} googleUrl={nextOpen?.google} />
      </section>
      <section aria-labelledby="roles">
        <h2 id="roles">{t("activity.roles")}</h2>
        {activity.roles.length > 0 ? (
          <>
            <p>{t("activity.rolesIntro")}</p>
            <ul className="role-list">
              {activity.roles.map((role) => (
                <li key={role.id} className="role-card">
                  <h3>{role.name}</h3>
                  {role.description ? <p>{role.description}</p> : null}
                  <p>{t("activity.role.slots", { slots: role.slots })}</p>
                  {nextOpen ? (
                    <p className="role-free">
                      {t("activity.role.freeNext", { date: nextOpen.when, free: nextOpen.freeByRole[role.id] ?? role.slots, slots: role.slots })}
                    </p>
                  ) : null}
                  {role.skills.length > 0 ? <p className="hint">{t("activity.role.skills", { skills: role.skills.join("、") })}</p> : null}
                  {role.loadTags.length > 0 ? (
                    <ul className="tags">
                      {role.loadTags.map((tag) => (
                        <li key={tag}>{isLoadTag(tag) ? t(`loadTag.${tag}`) : tag}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("activity.roles.none")}</p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
