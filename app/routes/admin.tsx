import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/lib/auth.server";
import { type MessagesHandle, useT } from "~/lib/i18n";
import { admin } from "~/lib/i18n/messages/admin";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [admin, support] } satisfies MessagesHandle;

/** The admin area's menu. Each child route checks the admin role again for itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({});
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="admin">
      <nav aria-label={t("admin.nav.label")}>
        <ul className="admin-nav">
          <li>
            <NavLink to="/admin" end>
              {t("admin.nav.accounts")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/associations">{t("admin.nav.associations")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/hubs/new">{t("admin.nav.newHub")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/imports/facilities">{t("admin.nav.facilityImport")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t("admin.nav.audit")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/support">{t("support.admin.nav")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
