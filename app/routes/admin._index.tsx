import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { hasControlCharacters } from "~/lib/forms/parse";
import { invariantResponse } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { listAccounts } from "~/services/accounts.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";

export const handle = { messages: [accounts, admin] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("admin.accounts.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  // A NUL in a search is a database error, not a search: the 400 page.
  invariantResponse(!hasControlCharacters(query), 400, "q must be text");
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const accounts = await listAccounts(await getDb(), { query: query || undefined, page });
  return json({ locale: getLocale(request), query, accounts });
}

export default function AdminAccountsPage() {
  const { query, accounts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t("admin.accounts.title")}</h1>
      <Form method="get" className="actions" role="search">
        <div className="field">
          <label htmlFor="q">{t("admin.accounts.search")}</label>
          <input id="q" name="q" type="search" defaultValue={query} />
        </div>
        <button type="submit" className="button">
          {t("admin.accounts.searchSubmit")}
        </button>
      </Form>
      <p>{t("admin.accounts.count", { count: accounts.total })}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.accounts.email")}</th>
              <th scope="col">{t("admin.accounts.name")}</th>
              <th scope="col">{t("admin.accounts.roles")}</th>
              <th scope="col">{t("admin.accounts.status")}</th>
              <th scope="col">{t("admin.accounts.open")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.items.map((account) => (
              <tr key={account.id}>
                <td>{account.email}</td>
                <td>{account.displayName}</td>
                <td>{[t("account.volunteerOnly"), ...account.roles.map((role) => t(`role.${role}`))].join(t("list.separator"))}</td>
                <td>{account.disabledAt ? t("admin.accounts.disabled") : t("admin.accounts.active")}</td>
                <td>
                  <Link to={`/admin/users/${account.id}`} aria-label={`${t("admin.accounts.open")}：${account.email}`}>
                    {t("admin.accounts.open")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {accounts.pages > 1 ? (
        <nav className="pagination" aria-label={t("search.pagination.label")}>
          {accounts.page > 1 ? <Link to={`?${new URLSearchParams({ q: query, page: String(accounts.page - 1) })}`}>{t("admin.accounts.prev")}</Link> : null}
          <span>{t("search.pagination.status", { page: accounts.page, pages: accounts.pages })}</span>
          {accounts.page < accounts.pages ? <Link to={`?${new URLSearchParams({ q: query, page: String(accounts.page + 1) })}`}>{t("admin.accounts.next")}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
