import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { chooseKayoiYear } from "~/lib/kayoi";
import { getLocale } from "~/lib/locale.server";
import { contentDisposition } from "~/lib/metrics/csv";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { XLSX_TYPE } from "~/lib/xlsx.server";
import { getKayoiReturn, kayoiYears } from "~/services/kayoi-return.server";
import { kayoiFileName, kayoiReturnXlsx } from "~/services/kayoi-return-export.server";

/** The 通いの場 return of `?fy=` as the workbook the city sends (staff only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES);
  const db = await getDb();
  const fiscalYear = chooseKayoiYear(new URL(request.url).searchParams.get("fy"), await kayoiYears(db));
  const body = await kayoiReturnXlsx(await getKayoiReturn(db, actor, fiscalYear), getLocale(request));
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": contentDisposition(kayoiFileName(fiscalYear, "xlsx")),
      "Cache-Control": "private, no-store",
    },
  });
}
