import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SiteHeader } from "~/components/site-header";
import { getSessionState } from "~/lib/auth.server";
import { getPublicEnv } from "~/lib/env.server";
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
  const url = new URL(request.url);
  // The session cookie comes back when lucia extended the session or it ended.
  const { user, setCookie } = await getSessionState(request);
  return json(
    {
      locale,
      env: getPublicEnv(),
      currentPath: url.pathname + url.search,
      // The current user (id, email, displayName, roles), for pages and the header; null if anonymous.
      user,
    },
    { headers: setCookie ? { "Set-Cookie": setCookie } : undefined },
  );
}


export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const t = useT();
  const nonce = useNonce();
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
        <SiteHeader currentPath={data?.currentPath ?? "/"} user={data?.user ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("common.footer")}</p>
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
