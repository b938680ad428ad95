import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession, getOptionalUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { recordAudit } from "~/services/audit.server";

/** POST only: ends the session on the server (the row is deleted), then clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const cookie = await endSession(request);
  if (user) await recordAudit(await getDb(), { actorUserId: user.id, action: "logout", targetType: "user", targetId: user.id, ip: context.clientIp });
  return redirectWithFlash("/login", { key: "login.loggedOut" }, { headers: { "Set-Cookie": cookie } });
}

/** A GET changes nothing (no logout by link or prefetch): back to the home page. */
export function loader() {
  return redirect("/");
}
