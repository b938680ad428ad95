import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantResponse, parseId, requestOrigin } from "~/lib/http.server";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { getLocale } from "~/lib/locale.server";
import { activityCalendar } from "~/services/calendar.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";

/** /activities/:activityId/calendar.ics — the activity's sessions as an iCalendar feed (RFC 5545). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const activityId = parseId(params.activityId);
  const db = await getDb();
  await ensureOccurrencesAhead(db);
  const body = await activityCalendar(db, activityId, {
    origin: requestOrigin(request, getEnv().PUBLIC_ORIGIN),
    t: getServerTranslate(getLocale(request)),
  });
  invariantResponse(body, 404, "activity not found");
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="activity-${activityId}.ics"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
