import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashMessage } from "~/components/flash-message";
import { SiteHeader } from "~/components/site-header";
import { getSessionState } from "~/lib/auth.server";
import { getPublicEnv } from "~/lib/env.server";
import { takeFlash } from "~/lib/flash.server";
import { useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useNonce } from "~/lib/nonce";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Pages set their own title; this one shows on error pages of routes without a meta export.
export const meta: MetaFunction = () => [{ title: "まちなえき" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  // The session cookie comes back when lucia extended the session or it ended; the flash cookie
  // comes back cleared once its message is read.
  const [{ user, setCookie }, flash] = await Promise.all([getSessionState(request), takeFlash(request, locale)]);
  const headers = new Headers();
  for (const cookie of [setCookie, flash.setCookie]) if (cookie) headers.append("Set-Cookie", cookie);
  return json(
    {
      locale,
      env: getPublicEnv(),
      // The current user (id, email, displayName, roles), for pages and the header; null if anonymous.
      user,
      // The one-time message of the last save (app/lib/flash.server.ts), shown on this page only.
      flash: flash.flash,
    },
    { headers },
  );
}

// A flash belongs to the page it was shown on: moving to another page reads the root loader
// again, so it goes (and a new one arrives, after a redirect from a save).
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname || currentUrl.search !== nextUrl.search;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const t = useT();
  const nonce = useNonce();
  // Marks the document once React has hydrated it: end-to-end tests wait for this (tests/e2e/page-health.ts).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("common.skipToContent")}
        </a>
        <SiteHeader user={data?.user ?? null} />
        <main id="main" tabIndex={-1}>
          <FlashMessage flash={data?.flash ?? null} />
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("common.footer")}</p>
          <p>
            <Link to="/councils">{t("common.footer.councils")}</Link>
            <Link to="/opendata">{t("common.footer.opendata")}</Link>
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
