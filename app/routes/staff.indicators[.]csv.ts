import type { LoaderFunctionArgs } from "@remix-run/node";
import { staffIndicatorsDownload } from "~/lib/downloads.server";

/** The indicator table as CSV (UTF-8 with BOM), the same suppressed figures as /staff. */
export const loader = ({ request }: LoaderFunctionArgs) => staffIndicatorsDownload(request, "csv");
