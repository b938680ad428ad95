import { lazy, Suspense, useEffect, useRef, useState, type RefObject } from "react";
import { useT } from "~/lib/i18n";
import type { HubMapProps } from "./hub-map.client";
import { withLeafletCss } from "./leaflet-css";

const HubMap = lazy(() => withLeafletCss(() => import("./hub-map.client")));

/**
 * False until `ref`'s element comes within `margin` of the viewport, then true for good. Always
 * false on the server and during hydration (it changes in an effect), so the map stays out of
 * the server's HTML.
 */
function useNearViewport(ref: RefObject<Element>, margin: string): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin, near]);
  return near;
}

/**
 * The Leaflet map, loaded in the browser when its place on the page comes into view: on a phone
 * it sits below the search form, and Leaflet (47 kB gzipped and the busiest script on the page)
 * is not worth loading for someone who reads the list and leaves. On a wide screen it is in view
 * at once. The page's list carries the same information, with or without JavaScript.
 */
export function MapPanel(props: Omit<HubMapProps, "labels">) {
  const t = useT();
  const placeholderRef = useRef<HTMLDivElement>(null);
  const near = useNearViewport(placeholderRef, "0px 0px 100px 0px");
  const labels: HubMapProps["labels"] = {
    chooseHere: t("map.chooseHere"),
    nearPoint: t("map.nearPoint"),
    openHub: t("map.openHub"),
    zoomIn: (count) => t("map.zoomIn", { count }),
  };
  const placeholder = (
    <div ref={placeholderRef} className="hub-map map-placeholder">
      {t("map.placeholder")}
    </div>
  );
  return near ? (
    <Suspense fallback={placeholder}>
      <HubMap {...props} labels={labels} />
    </Suspense>
  ) : (
    placeholder
  );
}
