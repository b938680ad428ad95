import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { chooseKayoiYear } from "~/lib/kayoi";
import { getLocale } from "~/lib/locale.server";
import { contentDisposition } from "~/lib/metrics/csv";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { getKayoiReturn, kayoiYears } from "~/services/kayoi-return.server";
import { kayoiFileName, kayoiReturnCsv } from "~/services/kayoi-return-export.server";

/** The places of the 通いの場 return of `?fy=` as CSV (UTF-8 with BOM; staff only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES);
  const db = await getDb();
  const fiscalYear = chooseKayoiYear(new URL(request.url).searchParams.get("fy"), await kayoiYears(db));
  return new Response(kayoiReturnCsv(await getKayoiReturn(db, actor, fiscalYear), getLocale(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(kayoiFileName(fiscalYear, "csv")),
      "Cache-Control": "private, no-store",
    },
  });
}
