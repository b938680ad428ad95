import { lazy } from "react";
import { useT } from "~/lib/i18n";
import { ClientOnly } from "./client-only";
import type { CoverageMapProps } from "./coverage-map.client";
import { withLeafletCss } from "./leaflet-css";

const CoverageMap = lazy(() => withLeafletCss(() => import("./coverage-map.client")));

/** The coverage map, in the browser only; the table beside it carries the same hubs. */
export function CoveragePanel(props: CoverageMapProps) {
  const t = useT();
  return (
    <ClientOnly fallback={<div className="hub-map map-placeholder">{t("map.placeholder")}</div>}>
      {() => <CoverageMap {...props} />}
    </ClientOnly>
  );
}
