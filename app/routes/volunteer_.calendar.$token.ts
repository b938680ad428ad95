import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantResponse, requestOrigin } from "~/lib/http.server";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { buildCalendar } from "~/services/calendar.server";
import { listSignupsOfUser } from "~/services/signups.server";
import { findUserIdByCalendarToken } from "~/services/volunteers.server";

/**
 * /volunteer/calendar/:token — a volunteer's own sessions as iCalendar, at a secret URL (only
 * the token's hash is stored; making a new one or turning it off on /volunteer revokes it).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const userId = await findUserIdByCalendarToken(db, params.token ?? "");
  invariantResponse(userId, 404);
  const t = getServerTranslate("ja");
  const origin = requestOrigin(request, getEnv().PUBLIC_ORIGIN);
  const since = Date.now() - 90 * 86_400_000;
  const rows = (await listSignupsOfUser(db, userId)).filter(
    (s) => (s.status === "confirmed" || s.status === "attended") && s.startsAt.getTime() > since,
  );
  const body = buildCalendar({
    name: `${t("common.appName")}：${t("volunteer.title")}`,
    host: new URL(origin).hostname,
    url: `${origin}/volunteer`,
    cancelledPrefix: t("calendar.cancelledPrefix"),
    sessions: rows.map((s) => ({
      id: s.occurrenceId,
      title: `${s.activityTitle}（${s.roleName}）`,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.occurrenceStatus,
      // The same reason and note as the public feeds (RFC 5545 STATUS:CANCELLED with the reason).
      cancelReason: s.cancelReason,
      note: s.occurrenceNote,
      description: s.roleName,
      location: `${s.hubName}（${s.hubAddress}）`,
      url: `${origin}/volunteer/sessions/${s.occurrenceId}`,
      lastModified: new Date(),
    })),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}
