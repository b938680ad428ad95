import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffHubsDownload } from "~/lib/downloads.server";

/** Per-hub monthly sessions and participants as CSV (UTF-8 with BOM), every hub of the selection, suppressed as on the page. */
export const loader = ({ request }: LoaderFunctionArgs) => staffHubsDownload(request, "csv");
