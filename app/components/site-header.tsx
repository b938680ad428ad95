import { Form, Link, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n";
import type { RoleName } from "~/lib/roles";

export interface HeaderUser {
  displayName: string;
  roles: RoleName[];
}

/** Top bar: the brand, the main places, account links, and a language switch that is a real form. */
export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const t = useT();
  const location = useLocation();
  const currentPath = location.pathname + location.search;
  const locale = useLocale();
  const other = locale === "ja" ? "en" : "ja";
  const canOrganise = user ? user.roles.includes("organiser") || user.roles.includes("admin") : false;
  // From the top page, login leads to the person's home page (their role's), not back here.
  const loginHref =
    currentPath === "/" || currentPath.startsWith("/login") || currentPath.startsWith("/signup") ? "/login" : `/login?${new URLSearchParams({ redirectTo: currentPath })}`;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("common.appName")}
      </Link>
      <nav aria-label={t("common.nav.label")} className="site-nav">
        <Link to="/">{t("common.nav.find")}</Link>
        {user ? <Link to="/volunteer">{t("nav.volunteer")}</Link> : null}
        {canOrganise ? <Link to="/organise">{t("nav.organise")}</Link> : null}
        {user?.roles.includes("coordinator") ? <Link to="/support">{t("nav.support")}</Link> : null}
        {user?.roles.includes("staff") || user?.roles.includes("admin") ? <Link to="/staff">{t("nav.staff")}</Link> : null}
        {user?.roles.includes("admin") ? <Link to="/admin">{t("nav.admin")}</Link> : null}
      </nav>
      <div className="account-links">
        {user ? (
          <>
            <Link to="/account">{t("nav.account", { name: user.displayName })}</Link>
            <Form method="post" action="/logout" reloadDocument>
              <button type="submit" className="button-link">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to={loginHref}>{t("nav.login")}</Link>
            <Link to="/signup">{t("nav.signup")}</Link>
          </>
        )}
      </div>
      <Form method="post" action="/language" className="language-switch" reloadDocument>
        <input type="hidden" name="redirectTo" value={currentPath} />
        <button type="submit" name="lang" value={other} lang={other}>
          {t("common.switchLanguage")}
        </button>
      </Form>
    </header>
  );
}
