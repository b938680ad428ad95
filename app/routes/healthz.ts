import { json } from "@remix-run/node";
import { pingDatabase } from "~/lib/db.server";

/** 200 when the app and its database answer, 503 otherwise (for load balancers and tests). */
export async function loader() {
  const database = await pingDatabase();
  return json(
    { status: database ? "ok" : "unavailable", database: database ? "ok" : "unavailable" },
    { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
