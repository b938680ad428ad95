import leafletCssHref from "leaflet/dist/leaflet.css";

let loading: Promise<void> | undefined;

/**
 * Leaflet's stylesheet, added to the document the first time a map is about to mount. As a
 * route `links` entry it would block the first paint of every page with a map, for people who
 * may never see the map (no JavaScript, or a phone where it is further down the page).
 */
function loadLeafletCss(): Promise<void> {
  loading ??= new Promise<void>((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = leafletCssHref;
    // A failed stylesheet must not keep the map from mounting: it resolves either way.
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
  return loading;
}

/** For `React.lazy`: the map component's module, once Leaflet's stylesheet has loaded too. */
export function withLeafletCss<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadLeafletCss()]).then(([module]) => module);
}
