import { lazy } from "react";
import { useT } from "~/lib/i18n";
import { ClientOnly } from "./client-only";
import type { HubMapProps } from "./hub-map.client";
import { withLeafletCss } from "./leaflet-css";

const HubMap = lazy(() => withLeafletCss(() => import("./hub-map.client")));

/** The Leaflet map, loaded only in the browser; the page's list carries the same information. */
export function MapPanel(props: Omit<HubMapProps, "labels">) {
  const t = useT();
  const labels: HubMapProps["labels"] = {
    chooseHere: t("map.chooseHere"),
    nearPoint: t("map.nearPoint"),
    openHub: t("map.openHub"),
    zoomIn: (count) => t("map.zoomIn", { count }),
  };
  return (
    <ClientOnly fallback={<div className="hub-map map-placeholder">{t("map.placeholder")}</div>}>
      {() => <HubMap {...props} labels={labels} />}
    </ClientOnly>
  );
}
