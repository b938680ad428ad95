import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { formatDay, formatSession, tokyoInstant } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, type Translate, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { describeSchedule } from "~/lib/schedule-words";
import { hubEditorRoles } from "~/lib/roles";
import { listEditableHubs } from "~/services/hub-editing.server";
import { getOrganiserHome, type SessionTodo } from "~/services/organiser-home.server";
import { listActivitiesByHub } from "~/services/organise.server";
import { admin } from "~/lib/i18n/messages/admin";
import { organise } from "~/lib/i18n/messages/organise";

export const handle = { messages: [admin, organise] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("organise.title")} | ${t("common.appName")}` }];
};

/**
 * /organise — the organiser's home: today's and this week's sessions at their hubs with what
 * still needs doing, then the hubs this person may edit, each with its activities.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const [home, hubs, activities] = await Promise.all([getOrganiserHome(db, actor), listEditableHubs(db, actor), listActivitiesByHub(db, actor)]);
  return json({ locale: getLocale(request), home, hubs: hubs.map((hub) => ({ ...hub, activities: activities.get(hub.id) ?? [] })) });
}

type Home = SerializeFrom<typeof loader>["home"];
type Session = Home["todaySessions"][number];

export default function OrganisePage() {
  const { hubs, home } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="organise-title">
      <h1 id="organise-title">{t("organise.title")}</h1>
      {hubs.length === 0 ? (
        <p className="empty">{t("organise.none")}</p>
      ) : (
        <>
          <HomeSessions home={home} />
          <nav aria-label={t("organise.home.tasks")}>
            <ul className="link-list">
              <li>
                <Link to="/organise/upcoming">{t("organise.home.upcoming")}</Link> <span className="hint">{t("organise.home.upcomingHint")}</span>
              </li>
              <li>
                <Link to="/organise/attendance">{t("organise.home.attendance")}</Link> <span className="hint">{t("organise.home.attendanceHint")}</span>
              </li>
            </ul>
          </nav>
          <h2 id="organise-hubs-title">{t("organise.home.hubs")}</h2>
          <p className="hint">{t("orgActivities.intro")}</p>
          <ul className="hub-list" aria-labelledby="organise-hubs-title">
            {hubs.map((hub) => (
              <li key={hub.id} className="hub-card">
                <div className="hub-card-body">
                  <h3>{hub.name}</h3>
                  <p className="hub-kind">
                    {hub.districtName}・{t(`hubForm.status.${hub.status}`)}
                  </p>
                  <p>{hub.address}</p>
                  <p className="actions">
                    <Link className="button small" to={`/organise/hubs/${hub.id}`} aria-label={`${t("organise.edit")}：${hub.name}`}>
                      {t("organise.edit")}
                    </Link>
                    <Link className="button small secondary" to={`/organise/hubs/${hub.id}/activities/new`} aria-label={`${t("orgActivities.hub.newActivity")}：${hub.name}`}>
                      {t("orgActivities.hub.newActivity")}
                    </Link>
                  </p>
                  <h4>{t("orgActivities.hub.activities")}</h4>
                  {hub.activities.length === 0 ? (
                    <p>{t("orgActivities.hub.noActivities")}</p>
                  ) : (
                    <ul className="link-list">
                      {hub.activities.map((a) => (
                        <li key={a.id}>
                          <Link to={`/organise/activities/${a.id}`}>{a.title}</Link>{" "}
                          <span className="hint">{describeSchedule(a.schedule, t, locale)}</span>
                          {a.status === "ended" ? <strong className="badge">{t("orgActivities.activity.ended")}</strong> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Today, the past week's attendance still to record, and the coming days: each a titled list of sessions. */
function HomeSessions({ home }: { home: Home }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="home-sessions-title">
      <h2 id="home-sessions-title">{t("organise.home.sessions.title")}</h2>
      <p className="hint">{t("organise.home.sessions.intro")}</p>
      <SessionGroup id="home-today" title={t("organise.home.today", { date: formatDay(tokyoInstant(home.today), locale) })} sessions={home.todaySessions} none={t("organise.home.today.none")} />
      {home.toRecord.length > 0 ? <SessionGroup id="home-to-record" title={t("organise.home.toRecord")} sessions={home.toRecord} /> : null}
      <SessionGroup
        id="home-coming"
        title={t("organise.home.coming", { date: formatDay(tokyoInstant(home.lastDay), locale) })}
        sessions={home.comingSessions}
        none={t("organise.home.coming.none")}
      />
      {home.truncated ? <p className="notice">{t("organise.home.truncated")}</p> : null}
    </section>
  );
}

function SessionGroup({ id, title, sessions, none }: { id: string; title: string; sessions: Session[]; none?: string }) {
  return (
    <section aria-labelledby={id} className="home-group">
      <h3 id={id}>{title}</h3>
      {sessions.length === 0 ? (
        <p>{none}</p>
      ) : (
        <ul className="role-list" aria-labelledby={id}>
          {sessions.map((session) => (
            <SessionCard key={session.occurrenceId} session={session} />
          ))}
        </ul>
      )}
    </section>
  );
}

function todoText(t: Translate, todo: SessionTodo): string {
  switch (todo.kind) {
    case "cancelled":
      return t("organise.home.todo.cancelled");
    case "attendance":
      return t("organise.home.todo.attendance");
    case "unfilled":
      return t("organise.home.todo.unfilled", { count: todo.count });
    case "waiting":
      return t("organise.home.todo.waiting", { count: todo.count });
  }
}

/** One session: when, what, where, what still needs doing, helper roles (and residents, once they apply), and its two pages. */
function SessionCard({ session }: { session: Session }) {
  const t = useT();
  const locale = useLocale();
  const when = formatSession(session.startsAt, session.endsAt, locale);
  const cancelled = session.status === "cancelled";
  const needsAttendance = session.todo.some((item) => item.kind === "attendance");
  const headingId = `home-session-${session.occurrenceId}`;
  const linkParams = { activity: session.activityTitle, when };
  const { participants } = session;
  return (
    <li className={cancelled ? "role-card home-session is-cancelled" : "role-card home-session"}>
      <h4 id={headingId} className="activity-next">
        <span className="home-when">{cancelled ? <s>{when}</s> : when}</span> {session.activityTitle}
      </h4>
      <p className="hub-kind">{session.hubName}</p>
      {session.todo.length > 0 ? (
        <ul className="todo-list" aria-label={t("organise.home.todo.label")}>
          {session.todo.map((item) => (
            <li key={item.kind} className={item.kind === "cancelled" ? "badge badge-cancelled" : "badge badge-todo"}>
              {todoText(t, item)}
            </li>
          ))}
        </ul>
      ) : null}
      {cancelled && session.cancelReason ? <p>{t("organise.home.session.reason", { reason: session.cancelReason })}</p> : null}
      {participants ? (
        <p>
          {participants.capacity === null
            ? t("organise.home.session.participantsOpen", { confirmed: participants.confirmed })
            : t("organise.home.session.participants", { confirmed: participants.confirmed, capacity: participants.capacity })}
          {participants.waiting > 0 ? t("organise.home.session.participantsWaiting", { count: participants.waiting }) : null}
        </p>
      ) : null}
      {session.roles.length === 0 ? (
        <p className="hint">{t("organise.home.session.noRoles")}</p>
      ) : (
        <ul className="reason-list" aria-label={t("organise.home.session.roles")}>
          {session.roles.map((role) => (
            <li key={role.id}>
              {t("organise.home.session.role", { role: role.name, confirmed: role.confirmed, slots: role.slots })}
              {role.waiting > 0 ? t("organise.home.session.roleWaiting", { count: role.waiting }) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="inline-actions">
        <Link
          className={needsAttendance ? "button small secondary" : "button small"}
          to={`/organise/occurrences/${session.occurrenceId}`}
          aria-label={t("organise.home.session.rosterLabel", linkParams)}
        >
          {t("organise.home.session.roster")}
        </Link>
        {cancelled ? null : (
          <Link
            className={needsAttendance ? "button small" : "button small secondary"}
            to={`/organise/occurrences/${session.occurrenceId}/attendance`}
            aria-label={t("organise.home.session.attendanceLabel", linkParams)}
          >
            {t("organise.home.session.attendance")}
          </Link>
        )}
      </p>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
