import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffHubsDownload } from "~/lib/downloads.server";

/** The per-hub monthly table as an Excel workbook: the same cells as /staff/hubs.csv, numbers as numbers. */
export const loader = ({ request }: LoaderFunctionArgs) => staffHubsDownload(request, "xlsx");
