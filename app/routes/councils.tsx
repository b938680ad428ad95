import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatCalendarDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { councils } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { listPublicCouncilsByDistrict } from "~/services/councils.server";

// The city's public list of 協議体 and 支えあいの仕組み: only what staff marked public, by
// district, with how often each council has met. No login.

export const handle = { messages: [councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("councils.public.title")} | ${t("common.appName")}` }, { name: "description", content: t("councils.public.intro") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const districts = await listPublicCouncilsByDistrict(await getDb());
  return json({ locale: getLocale(request), districts });
}

export default function PublicCouncilsPage() {
  const { districts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="public-councils-title">
      <h1 id="public-councils-title">{t("councils.public.title")}</h1>
      <p>{t("councils.public.intro")}</p>
      {districts.length === 0 ? <p>{t("councils.public.empty")}</p> : null}
      {districts.map((district) => (
        <section key={district.districtId} aria-labelledby={`district-${district.districtId}`}>
          <h2 id={`district-${district.districtId}`}>{t("councils.public.district", { name: district.districtName })}</h2>
          {district.councils.length > 0 ? (
            <>
              <h3>{t("councils.staff.councils")}</h3>
              <ul>
                {district.councils.map((c) => (
                  <li key={c.id}>
                    <strong>{c.name}</strong>（{c.theme}）
                    <br />
                    {c.dissolvedOn
                      ? t("councils.status.dissolved", { date: formatCalendarDate(c.dissolvedOn, locale) })
                      : t("councils.public.since", { date: formatCalendarDate(c.establishedOn, locale) })}
                    {" · "}
                    {c.meetings > 0 ? t("councils.public.meetings", { count: c.meetings }) : t("councils.public.noMeetings")}
                    {c.latestMeetingOn ? ` · ${t("councils.public.latest", { date: formatCalendarDate(c.latestMeetingOn, locale) })}` : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {district.schemes.length > 0 ? (
            <>
              <h3>{t("councils.staff.schemes")}</h3>
              <ul>
                {district.schemes.map((s) => (
                  <li key={s.id}>
                    <strong>{s.name}</strong>
                    {" · "}
                    {t("councils.public.launched", { date: formatCalendarDate(s.launchedOn, locale) })}
                    {s.councilName ? ` · ${t("councils.public.fromCouncil", { name: s.councilName })}` : null}
                    {s.description ? <p>{s.description}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
