import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { associationFormSchema } from "~/lib/forms/hubs";
import { formText } from "~/lib/forms/parse";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { createAssociation, listAssociations, listHubFormOptions } from "~/services/hub-editing.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";

export const handle = { messages: [accounts, admin] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("admin.associations.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = await getDb();
  const [associations, options] = await Promise.all([listAssociations(db), listHubFormOptions(db)]);
  return json({ locale: getLocale(request), associations, districts: options.districts });
}

type Values = { name: string; districtId: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = await parseSubmission(request, associationFormSchema, { values: (form): Values => ({ name: formText(form, "name"), districtId: formText(form, "districtId") }) });
  if (!submission.ok) return submission.reply;
  const result = await orHttpError(createAssociation(await getDb(), { ...submission.data, actorUserId: admin.id, ip: context.clientIp }));
  if (!result.ok) return reject(submission.values, { name: "field.association.duplicate" });
  return redirectWithFlash("/admin/associations", { key: "admin.associations.created" });
}

export default function AdminAssociationsPage() {
  const { associations, districts } = useLoaderData<typeof loader>();
  const { rejected, errors, values, formKey } = useRejection<Values>();
  const t = useT();
  return (
    <section aria-labelledby="associations-title">
      <h1 id="associations-title">{t("admin.associations.title")}</h1>
      <h2 id="new-association">{t("admin.associations.new")}</h2>
      <FormAlert message={rejected ? t("form.hasErrors") : null} />
      <Form key={formKey} method="post" className="stack-form narrow" aria-labelledby="new-association" noValidate>
        <TextField name="name" label={t("admin.associations.name")} required maxLength={100} defaultValue={values?.name} error={errors.name} />
        <div className="field">
          <label htmlFor="districtId">{t("admin.associations.district")}</label>
          <select
            id="districtId"
            name="districtId"
            defaultValue={values?.districtId ?? ""}
            aria-invalid={errors.districtId ? true : undefined}
            aria-describedby={errors.districtId ? "districtId-error" : undefined}
          >
            <option value="">{t("hubForm.choose")}</option>
            {districts.map((district) => (
              <option key={district.id} value={district.id}>
                {district.name}
              </option>
            ))}
          </select>
          {errors.districtId ? (
            <p className="field-error" id="districtId-error">
              {t(errors.districtId)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("admin.associations.submit")}
          </button>
        </div>
      </Form>
      <h2>{t("admin.associations.title")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.associations.district")}</th>
              <th scope="col">{t("admin.associations.name")}</th>
            </tr>
          </thead>
          <tbody>
            {associations.map((association) => (
              <tr key={association.id}>
                <td>{association.districtName}</td>
                <td>{association.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
