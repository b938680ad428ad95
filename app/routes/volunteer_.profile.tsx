import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formArray, formText } from "~/lib/forms/parse";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { volunteerProfileSchema } from "~/lib/forms/volunteer-profile";

import { getTranslate, type MessagesHandle, pickLabel, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { dayParts, listedSkills, weekdays } from "~/lib/volunteering";
import { listCategories } from "~/services/activities.server";
import { getVolunteerProfile, listHomeChoices, saveVolunteerProfile, splitSkills } from "~/services/volunteers.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [accounts, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("volunteer.profile.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [profile, categories, homeChoices] = await Promise.all([getVolunteerProfile(db, user.id), listCategories(db), listHomeChoices(db)]);
  const skills = splitSkills(profile?.skills ?? []);
  return json({
    locale: getLocale(request),
    categories,
    homeChoices,
    values: {
      skills: skills.listed,
      freeSkills: skills.free.join("、"),
      interests: profile?.interests ?? [],
      availability: profile?.availability ?? [],
      home: profile?.homeLat != null && profile.homeLng != null ? `${profile.homeLat},${profile.homeLng}` : "",
      maxWalkingMinutes: String(profile?.maxWalkingMinutes ?? 15),
      contactOk: profile?.contactOk ?? false,
    },
  });
}

/** What the form posts, as the page shows it again after a refusal. */
function profileValues(form: FormData) {
  return {
    skills: formArray(form, "skills"),
    freeSkills: formText(form, "freeSkills"),
    interests: formArray(form, "interests"),
    availability: formArray(form, "availability"),
    home: formText(form, "home"),
    maxWalkingMinutes: formText(form, "maxWalkingMinutes"),
    contactOk: form.get("contactOk") === "on",
  };
}
type ProfileValues = ReturnType<typeof profileValues>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = await parseSubmission(request, volunteerProfileSchema, { values: profileValues });
  if (!submission.ok) return submission.reply;
  const saved = await saveVolunteerProfile(await getDb(), user.id, submission.data);
  if (!saved.ok) return reject(submission.values, { home: "volunteer.field.home.invalid" });
  return redirectWithFlash("/volunteer", { key: "volunteer.flash.profileSaved" });
}

export default function VolunteerProfilePage() {
  const data = useLoaderData<typeof loader>();
  const rejection = useRejection<ProfileValues>();
  const { errors } = rejection;
  const t = useT();
  const locale = useLocale();
  const values = rejection.values ?? data.values;
  const homeIsPoint = values.home !== "" && !values.home.includes(":");
  return (
    <section className="narrow" aria-labelledby="profile-title">
      <h1 id="profile-title">{t("volunteer.profile.title")}</h1>
      <p>{t("volunteer.profile.intro")}</p>
      <FormAlert message={rejection.rejected ? t("volunteer.profile.invalid") : null} />
      <Form method="post" className="stack-form" noValidate>
        <fieldset className="checkboxes">
          <legend>{t("volunteer.field.skills")}</legend>
          {listedSkills.map((skill) => (
            <label key={skill}>
              <input type="checkbox" name="skills" value={skill} defaultChecked={values.skills.includes(skill)} />
              {t(`skill.${skill}`)}
            </label>
          ))}
        </fieldset>
        <TextField
          name="freeSkills"
          label={t("volunteer.field.freeSkills")}
          hint={t("volunteer.field.freeSkills.hint")}
          defaultValue={values.freeSkills}
          error={errors.freeSkills}
        />
        <fieldset className="checkboxes">
          <legend>{t("volunteer.field.interests")}</legend>
          {data.categories.map((category) => (
            <label key={category.code}>
              <input type="checkbox" name="interests" value={category.code} defaultChecked={values.interests.includes(category.code)} />
              {pickLabel(locale, category)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("volunteer.field.availability")}</legend>
          <p className="hint" id="availability-hint">
            {t("volunteer.field.availability.hint")}
          </p>
          <table className="availability-grid" aria-describedby="availability-hint">
            <thead>
              <tr>
                <td />
                {dayParts.map((part) => (
                  <th key={part} scope="col">
                    {t(`dayPart.${part}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weekdays.map((weekday) => (
                <tr key={weekday}>
                  <th scope="row">{t(`weekday.${weekday}`)}</th>
                  {dayParts.map((part) => {
                    const cell = `${weekday}.${part}`;
                    return (
                      <td key={part}>
                        <input
                          type="checkbox"
                          name="availability"
                          value={cell}
                          defaultChecked={values.availability.includes(cell)}
                          aria-label={`${t(`weekday.${weekday}`)}${locale === "ja" ? "" : " "}${t(`dayPart.${part}`)}`}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <div className="field">
          <label htmlFor="home">{t("volunteer.field.home")}</label>
          <p className="hint" id="home-hint">
            {t("volunteer.field.home.hint")}
          </p>
          <select
            id="home"
            name="home"
            defaultValue={values.home}
            aria-describedby={errors.home ? "home-hint home-error" : "home-hint"}
            aria-invalid={errors.home ? true : undefined}
          >
            <option value="">{t("volunteer.field.home.none")}</option>
            {homeIsPoint ? <option value={values.home}>{t("volunteer.field.home.current")}</option> : null}
            <optgroup label={t("volunteer.field.home.districts")}>
              {data.homeChoices.districts.map((d) => (
                <option key={d.id} value={`district:${d.id}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("volunteer.field.home.landmarks")}>
              {data.homeChoices.landmarks.map((l) => (
                <option key={l.id} value={`landmark:${l.id}`}>
                  {l.name}
                </option>
              ))}
            </optgroup>
          </select>
          {errors.home ? (
            <p className="field-error" id="home-error">
              {t(errors.home)}
            </p>
          ) : null}
        </div>
        <TextField
          name="maxWalkingMinutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={90}
          label={t("volunteer.field.walking")}
          hint={t("volunteer.field.walking.hint")}
          defaultValue={values.maxWalkingMinutes}
          error={errors.maxWalkingMinutes}
          required
        />
        <div className="checkboxes">
          <label>
            <input type="checkbox" name="contactOk" defaultChecked={values.contactOk} />
            {t("volunteer.field.contactOk")}
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("volunteer.profile.save")}
          </button>
          <Link to="/volunteer">{t("volunteer.profile.back")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
