import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { requestOrigin } from "~/lib/http.server";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { getLocale } from "~/lib/locale.server";
import { contentDisposition } from "~/lib/metrics/csv";
import { XLSX_TYPE } from "~/lib/xlsx.server";
import { cityCalendar } from "~/services/calendar.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";
import { datasetCsv, datasetXlsx, eventsDataset, facilitiesDataset, openDataSettings } from "~/services/opendata.server";

/**
 * The open data files of /opendata, public and without login: events.csv|xlsx (イベント一覧),
 * facilities.csv|xlsx (公共施設一覧) and events.ics (the same sessions as iCalendar). Files are
 * named as the recommended data sets name them: `<municipality code>_event.csv`.
 */
const files = /^(events|facilities)\.(csv|xlsx|ics)$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = files.exec(params.file ?? "");
  const [, dataset, format] = match ?? [];
  if (!dataset || !format || (format === "ics" && dataset !== "events")) throw new Response("Not found", { status: 404 });
  const env = getEnv();
  const origin = requestOrigin(request, env.PUBLIC_ORIGIN);
  const db = await getDb();
  if (dataset === "events") await ensureOccurrencesAhead(db);
  const headers = { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" };
  if (format === "ics") {
    const t = getServerTranslate(getLocale(request));
    const body = await cityCalendar(db, { origin, t, name: t("calendar.name", { name: t("opendata.ical.name", { city: env.MUNICIPALITY_NAME }) }) });
    return new Response(body, { headers: { ...headers, "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `inline; filename="${env.MUNICIPALITY_CODE}_event.ics"` } });
  }
  const settings = openDataSettings(env, origin);
  const data = dataset === "events" ? await eventsDataset(db, settings) : await facilitiesDataset(db, settings);
  const fileName = `${env.MUNICIPALITY_CODE}_${data.fileName}.${format}`;
  const lastModified: Record<string, string> = data.updatedAt ? { "Last-Modified": data.updatedAt.toUTCString() } : {};
  if (format === "csv") {
    return new Response(datasetCsv(data), {
      headers: { ...headers, ...lastModified, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(fileName) },
    });
  }
  return new Response(new Uint8Array(await datasetXlsx(data)), {
    headers: { ...headers, ...lastModified, "Content-Type": XLSX_TYPE, "Content-Disposition": contentDisposition(fileName) },
  });
}
