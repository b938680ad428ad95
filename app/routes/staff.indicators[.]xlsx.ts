import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffIndicatorsDownload } from "~/lib/downloads.server";

/** The indicator table as an Excel workbook: the same cells as /staff/indicators.csv, with a 「説明」 sheet. */
export const loader = ({ request }: LoaderFunctionArgs) => staffIndicatorsDownload(request, "xlsx");
