import type { LoaderFunctionArgs } from "@remix-run/node";
import { organiserAttendanceDownload } from "~/lib/downloads.server";

/** The attendance records of the organiser's hubs for a 年度 (?fy=) as an Excel workbook. */
export const loader = ({ request }: LoaderFunctionArgs) => organiserAttendanceDownload(request, "xlsx");
