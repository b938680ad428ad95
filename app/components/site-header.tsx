import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n";

/** Top bar: the brand, the main places, and a language switch that is a real form. */
export function SiteHeader({ currentPath }: { currentPath: string }) {
  const t = useT();
  const locale = useLocale();
  const other = locale === "ja" ? "en" : "ja";
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("common.appName")}
      </Link>
      <nav aria-label={t("common.nav.label")} className="site-nav">
        <Link to="/">{t("common.nav.find")}</Link>
      </nav>
      <Form method="post" action="/language" className="language-switch" reloadDocument>
        <input type="hidden" name="redirectTo" value={currentPath} />
        <button type="submit" name="lang" value={other} lang={other}>
          {t("common.switchLanguage")}
        </button>
      </Form>
    </header>
  );
}
