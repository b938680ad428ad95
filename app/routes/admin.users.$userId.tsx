import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/form-field";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formArray, MAX_ID } from "~/lib/forms/parse";
import { reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { invariantResponse, orHttpError, parseUserId, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { isRoleName, roleNames } from "~/lib/roles";
import { getAccountForAdmin, grantScope, revokeScope, setDisabled, setRoles } from "~/services/accounts.server";
import { listAllHubNames, listHubFormOptions } from "~/services/hub-editing.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";
import { formatTimestamp } from "~/lib/dates";

export const handle = { messages: [accounts, admin] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${data ? t("admin.user.title", { name: data.account.displayName }) : t("admin.title")} | ${t("common.appName")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = await getDb();
  const account = await getAccountForAdmin(db, parseUserId(params.userId));
  invariantResponse(account, 404, "user not found");
  const [hubs, options] = await Promise.all([listAllHubNames(db), listHubFormOptions(db)]);
  return json({ locale: getLocale(request), account, hubs, associations: options.associations });
}

const positiveId = z.coerce.number().int().positive().max(MAX_ID);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const userId = parseUserId(params.userId);
  const form = await readForm(request);
  const intent = form.get("intent");
  const db = await getDb();
  const base = { actorUserId: admin.id, userId, ip: context.clientIp };
  const back = () => redirectWithFlash(`/admin/users/${encodeURIComponent(userId)}`, { key: "admin.user.saved" });
  // These forms are buttons and lists to pick from: a refusal is a message, with nothing typed to keep.

  if (intent === "roles") {
    const roles = formArray(form, "roles").filter(isRoleName);
    // An admin cannot lock themselves out: someone must always be able to manage accounts.
    if (userId === admin.id && !roles.includes("admin")) return reject({}, {}, { formError: "admin.user.self" });
    await orHttpError(setRoles(db, { ...base, roles }));
    return back();
  }
  if (intent === "addHub" || intent === "addAssociation") {
    const parsed = positiveId.safeParse(form.get(intent === "addHub" ? "hubId" : "associationId"));
    if (!parsed.success) return reject({}, {}, { formError: "field.choose.required" });
    await orHttpError(grantScope(db, { ...base, ...(intent === "addHub" ? { hubId: parsed.data } : { associationId: parsed.data }) }));
    return back();
  }
  if (intent === "removeScope") {
    const parsed = positiveId.safeParse(form.get("scopeId"));
    if (!parsed.success) return reject({}, {}, { formError: "field.choose.required" });
    await orHttpError(revokeScope(db, { ...base, scopeId: parsed.data }));
    return back();
  }
  if (intent === "disable" || intent === "enable") {
    if (userId === admin.id) return reject({}, {}, { formError: "admin.user.self" });
    await orHttpError(setDisabled(db, { ...base, disabled: intent === "disable" }));
    return back();
  }
  throw json({ message: "unknown intent" }, { status: 400 });
}

export default function AdminUserPage() {
  const { account, hubs, associations } = useLoaderData<typeof loader>();
  const { formError, formKey } = useRejection();
  const t = useT();
  const locale = useLocale();
  const formatDate = (iso: string) => formatTimestamp(iso, locale);
  return (
    <section aria-labelledby="user-title">
      <p className="breadcrumb">
        <Link to="/admin">{t("admin.user.back")}</Link>
      </p>
      <h1 id="user-title">{t("admin.user.title", { name: account.displayName })}</h1>
      <FormAlert message={formError ? t(formError) : null} />
      <dl className="contact">
        <dt>{t("admin.accounts.email")}</dt>
        <dd>{account.email}</dd>
        <dt>{t("admin.user.created")}</dt>
        <dd>{formatDate(account.createdAt)}</dd>
        <dt>{t("admin.accounts.status")}</dt>
        <dd>{account.disabledAt ? t("admin.user.disabledSince", { date: formatDate(account.disabledAt) }) : t("admin.accounts.active")}</dd>
        <dt>{t("admin.user.sessions")}</dt>
        <dd>{account.activeSessions}</dd>
      </dl>

      <h2 id="roles-title">{t("admin.user.roles")}</h2>
      <Form key={`roles-${formKey}`} method="post" className="stack-form" aria-labelledby="roles-title">
        <input type="hidden" name="intent" value="roles" />
        <fieldset className="field checkboxes">
          <legend>{t("admin.user.roles")}</legend>
          <p className="hint">{t("admin.user.rolesHint")}</p>
          {roleNames.map((role) => (
            <label key={role}>
              <input type="checkbox" name="roles" value={role} defaultChecked={account.roles.includes(role)} />
              {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("admin.user.saveRoles")}
          </button>
        </div>
      </Form>

      <h2>{t("admin.user.scopes")}</h2>
      <p className="hint">{t("admin.user.scopesHint")}</p>
      {account.scopes.length === 0 ? (
        <p>{t("admin.user.noScopes")}</p>
      ) : (
        <ul className="scope-list">
          {account.scopes.map((scope) => {
            const label = scope.hubId !== null ? t("admin.user.scopeHub", { name: scope.hubName ?? "" }) : t("admin.user.scopeAssociation", { name: scope.associationName ?? "" });
            return (
              <li key={scope.id}>
                <span>{label}</span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeScope" />
                  <input type="hidden" name="scopeId" value={scope.id} />
                  <button type="submit" className="button small secondary" aria-label={`${t("admin.user.removeScope")}：${label}`}>
                    {t("admin.user.removeScope")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
      <Form key={`hub-${formKey}`} method="post" className="actions">
        <input type="hidden" name="intent" value="addHub" />
        <div className="field">
          <label htmlFor="scope-hub">{t("admin.user.addHub")}</label>
          <select id="scope-hub" name="hubId" defaultValue="">
            <option value="">{t("hubForm.choose")}</option>
            {hubs.map((hub) => (
              <option key={hub.id} value={hub.id}>
                {hub.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button small">
          {t("admin.user.add")}
        </button>
      </Form>
      <Form key={`association-${formKey}`} method="post" className="actions">
        <input type="hidden" name="intent" value="addAssociation" />
        <div className="field">
          <label htmlFor="scope-association">{t("admin.user.addAssociation")}</label>
          <select id="scope-association" name="associationId" defaultValue="">
            <option value="">{t("hubForm.choose")}</option>
            {associations.map((association) => (
              <option key={association.id} value={association.id}>
                {association.name}（{association.districtName}）
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button small">
          {t("admin.user.add")}
        </button>
      </Form>

      <h2>{account.disabledAt ? t("admin.user.enable") : t("admin.user.disable")}</h2>
      {account.disabledAt ? null : <p>{t("admin.user.disableHint")}</p>}
      <Form method="post">
        <input type="hidden" name="intent" value={account.disabledAt ? "enable" : "disable"} />
        <button type="submit" className={account.disabledAt ? "button" : "button danger"}>
          {account.disabledAt ? t("admin.user.enable") : t("admin.user.disable")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
