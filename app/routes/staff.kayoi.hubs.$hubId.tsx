import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/form-field";
import { SelectField } from "~/components/support-fields";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { kayoiSettingsSchema } from "~/lib/forms/kayoi";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { kayoi } from "~/lib/i18n/messages/kayoi";
import { kayoiOperators, kayoiVenues } from "~/lib/kayoi";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { getKayoiHubSettings, setKayoiHubSettings } from "~/services/kayoi-return.server";

export const handle = { messages: [accounts, kayoi] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  const title = data ? t("kayoi.editFor", { name: data.hub.name }) : t("kayoi.hub.title");
  return [{ title: `${title} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

/** The 年度 the staff member came from, so saving returns them to it. */
function backTo(fy: FormDataEntryValue | string | null): string {
  return typeof fy === "string" && /^\d{4}$/.test(fy) ? `/staff/kayoi?fy=${fy}` : "/staff/kayoi";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES);
  const hubId = parseId(params.hubId);
  const hub = await orHttpError(getKayoiHubSettings(await getDb(), actor, hubId));
  return json({ locale: getLocale(request), hub, back: backTo(new URL(request.url).searchParams.get("fy")) }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const hubId = parseId(params.hubId);
  const submission = await parseSubmission(request, kayoiSettingsSchema);
  if (!submission.ok) return submission.reply;
  await orHttpError(setKayoiHubSettings(await getDb(), actor, { hubId, ...submission.data }));
  return redirectWithFlash(backTo(submission.form.get("fy")), { key: "kayoi.hub.saved" });
}

export default function KayoiHubPage() {
  const { hub, back } = useLoaderData<typeof loader>();
  const { errors, formKey, values: typed } = useRejection<Record<string, string>>();
  const t = useT();
  const locale = useLocale();
  const values = typed ?? { kayoiOperator: hub.kayoiOperator ?? "", kayoiVenue: hub.kayoiVenue ?? "" };
  const fy = /fy=(\d{4})/.exec(back)?.[1] ?? "";
  const keep = (label: string | null) => t("kayoi.hub.useDefault", { value: label ?? t("kayoi.hub.noDefault") });
  return (
    <section className="narrow" aria-labelledby="kayoi-hub-title">
      <p>
        <Link to={back}>{t("kayoi.hub.back")}</Link>
      </p>
      <h1 id="kayoi-hub-title">{t("kayoi.editFor", { name: hub.name })}</h1>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <p>{t("kayoi.hub.intro")}</p>
      <p className="hint">{t("kayoi.hub.kind", { kind: locale === "en" ? hub.kindLabelEn : hub.kindLabelJa })}</p>
      <Form key={formKey} method="post" className="stack-form" noValidate aria-labelledby="kayoi-hub-title">
        <input type="hidden" name="fy" value={fy} />
        <SelectField
          name="kayoiOperator"
          label={t("kayoi.hub.operator")}
          defaultValue={values.kayoiOperator ?? ""}
          error={errors.kayoiOperator}
          options={[
            { value: "", label: keep(hub.defaultOperator ? t(`kayoi.operator.${hub.defaultOperator}`) : null) },
            ...kayoiOperators.map((code) => ({ value: code, label: t(`kayoi.operator.${code}`) })),
          ]}
        />
        <SelectField
          name="kayoiVenue"
          label={t("kayoi.hub.venue")}
          defaultValue={values.kayoiVenue ?? ""}
          error={errors.kayoiVenue}
          options={[
            { value: "", label: keep(hub.defaultVenue ? t(`kayoi.venue.${hub.defaultVenue}`) : null) },
            ...kayoiVenues.map((code) => ({ value: code, label: t(`kayoi.venue.${code}`) })),
          ]}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("kayoi.hub.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
