import type { LoaderFunctionArgs } from "@remix-run/node";
import { organiserAttendanceDownload } from "~/lib/downloads.server";

/** The attendance records of the organiser's hubs for a 年度 (?fy=) as CSV, as /organise/attendance lists them. */
export const loader = ({ request }: LoaderFunctionArgs) => organiserAttendanceDownload(request, "csv");
