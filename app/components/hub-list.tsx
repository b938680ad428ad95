import { Link } from "@remix-run/react";
import { forwardRef } from "react";
import { accessibilityLabelKey, isAccessibilityFeature } from "~/lib/accessibility";
import { formatDistance, walkingMinutes } from "~/lib/geo";
import { pickLabel, useLocale, useT } from "~/lib/i18n";

export interface HubListEntry {
  id: number;
  position: number;
  name: string;
  address: string;
  kindLabelJa: string;
  kindLabelEn: string;
  districtName: string;
  associations: string[];
  accessibility: string[];
  distanceMetres: number | null;
}

interface HubListProps {
  hubs: HubListEntry[];
  selectedHubId?: number;
  /** Given once JavaScript runs: shows the hub on the map. */
  onSelect?: (hubId: number) => void;
}

/** The list beside the map: everything the map shows, in words, numbered like the markers. */
export const HubList = forwardRef<HTMLOListElement, HubListProps>(function HubList({ hubs, selectedHubId, onSelect }, ref) {
  const t = useT();
  const locale = useLocale();
  if (hubs.length === 0) return <p className="empty">{t("search.results.none")}</p>;
  return (
    <ol className="hub-list" ref={ref}>
      {hubs.map((hub) => (
        <li
          key={hub.id}
          data-hub-id={hub.id}
          tabIndex={-1}
          className={hub.id === selectedHubId ? "hub-card is-selected" : "hub-card"}
        >
          <span className="hub-number" aria-hidden="true">
            {hub.position}
          </span>
          <div className="hub-card-body">
            <h3>
              <Link to={`/hubs/${hub.id}`}>{hub.name}</Link>
            </h3>
            <p className="hub-kind">
              {pickLabel(locale, { labelJa: hub.kindLabelJa, labelEn: hub.kindLabelEn })}・{hub.districtName}
            </p>
            {hub.distanceMetres !== null ? (
              <p className="hub-distance">
                {t("hub.distance", { distance: formatDistance(hub.distanceMetres), minutes: walkingMinutes(hub.distanceMetres) })}
              </p>
            ) : null}
            <p>{hub.address}</p>
            {hub.associations.length > 0 ? (
              <p>
                {t("hub.associations")}: {hub.associations.join("、")}
              </p>
            ) : null}
            {hub.accessibility.length > 0 ? (
              <ul className="tags" aria-label={t("hub.accessibility")}>
                {hub.accessibility.filter(isAccessibilityFeature).map((feature) => (
                  <li key={feature}>{t(accessibilityLabelKey(feature))}</li>
                ))}
              </ul>
            ) : null}
            {onSelect ? (
              <button
                type="button"
                className="button small secondary"
                aria-pressed={hub.id === selectedHubId}
                onClick={() => onSelect(hub.id)}
              >
                {t("hub.showOnMap")}
              </button>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
});
