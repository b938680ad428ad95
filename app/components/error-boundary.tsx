import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT, type MessageKey } from "~/lib/i18n";

const messages: Record<number, { title: MessageKey; body: MessageKey }> = {
  400: { title: "error.400.title", body: "error.400.body" },
  403: { title: "error.403.title", body: "error.403.body" },
  404: { title: "error.404.title", body: "error.404.body" },
  // A post that is not a form: to a person, a form that went wrong.
  415: { title: "error.400.title", body: "error.400.body" },
  429: { title: "error.429.title", body: "error.429.body" },
  503: { title: "error.503.title", body: "error.503.body" },
};

/** One error page for every route: says in plain words what happened and offers a way back. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const text = messages[status] ?? { title: "error.500.title", body: "error.500.body" };
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(text.title)}</h1>
      <p>{t(text.body)}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}
