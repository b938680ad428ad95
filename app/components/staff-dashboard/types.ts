import type { SerializeFrom } from "@remix-run/node";
import type { loader } from "~/routes/staff._index";

/** The dashboard as the page receives it (getDashboard's result, through JSON): each section takes its part. */
export type DashboardData = SerializeFrom<typeof loader>;
