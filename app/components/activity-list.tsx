import { Link } from "@remix-run/react";
import { formatSession } from "~/lib/dates";
import { formatDistance, walkingMinutes } from "~/lib/geo";
import { pickLabel, useLocale, useT } from "~/lib/i18n";

export interface ActivityListEntry {
  id: number;
  title: string;
  audience: "everyone" | "seniors" | "families" | "disabilities" | "youth";
  feeYen: number;
  feeNote: string | null;
  registrationRequired: boolean;
  welcomesSupported: boolean;
  categoryLabelJa: string;
  categoryLabelEn: string;
  hubId: number;
  hubName: string;
  distanceMetres: number | null;
  next: { startsAt: string; endsAt: string; status: "scheduled" | "cancelled"; cancelReason: string | null };
}

/** Activities with their next session, as search results. */
export function ActivityList({ items }: { items: ActivityListEntry[] }) {
  const t = useT();
  const locale = useLocale();
  if (items.length === 0) return <p className="empty">{t("activities.results.none")}</p>;
  return (
    <ol className="activity-list">
      {items.map((item) => {
        const cancelled = item.next.status === "cancelled";
        const when = formatSession(item.next.startsAt, item.next.endsAt, locale);
        return (
          <li key={item.id} className="activity-card">
            <h3>
              <Link to={`/activities/${item.id}`}>{item.title}</Link>
            </h3>
            <p className="activity-next">
              <span>{t("activities.next")}：</span>
              {cancelled ? <s>{when}</s> : <span>{when}</span>}{" "}
              {cancelled ? (
                <strong className="badge badge-cancelled">
                  {item.next.cancelReason ? t("activities.cancelledWithReason", { reason: item.next.cancelReason }) : t("activities.cancelled")}
                </strong>
              ) : null}
            </p>
            <p>
              <Link to={`/hubs/${item.hubId}`}>{item.hubName}</Link>
              {item.distanceMetres !== null ? (
                <span className="hub-distance">
                  {" "}
                  {t("hub.distance", { distance: formatDistance(item.distanceMetres), minutes: walkingMinutes(item.distanceMetres) })}
                </span>
              ) : null}
            </p>
            <ul className="tags">
              <li>{pickLabel(locale, { labelJa: item.categoryLabelJa, labelEn: item.categoryLabelEn })}</li>
              <li>{t(`audience.${item.audience}`)}</li>
              <li>{item.feeNote ?? (item.feeYen === 0 ? t("activities.free") : t("activities.fee", { fee: item.feeYen }))}</li>
              {item.registrationRequired ? <li>{t("activities.registration")}</li> : null}
              {item.welcomesSupported ? <li>{t("activities.supported")}</li> : null}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
