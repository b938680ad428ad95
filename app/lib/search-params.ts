import { isAccessibilityFeature, type AccessibilityFeature } from "./accessibility";
import { parseLatLng, type LatLng } from "./geo";
import type { MessageKey } from "./i18n";

// The fields the hub search and the activity search share, read leniently: a bad value is
// dropped and a notice added, so the rest of the search still runs.

/** `access=` (repeated): known accessibility features, each once. */
export function readFeatures(params: URLSearchParams, notices: Set<MessageKey>): AccessibilityFeature[] {
  const features: AccessibilityFeature[] = [];
  for (const feature of params.getAll("access")) {
    if (!feature) continue;
    if (!isAccessibilityFeature(feature)) notices.add("search.notice.unknownFilter");
    else if (!features.includes(feature)) features.push(feature);
  }
  return features;
}

/** `near=lat,lng`. */
export function readNear(params: URLSearchParams, notices: Set<MessageKey>): LatLng | undefined {
  const near = params.get("near");
  if (!near) return undefined;
  const point = parseLatLng(near);
  if (!point) notices.add("search.notice.badNear");
  return point;
}

/** `page=`, 1 when absent or bad. */
export function readPage(params: URLSearchParams, notices: Set<MessageKey>): number {
  const page = params.get("page");
  if (!page) return 1;
  const n = Number(page);
  if (Number.isInteger(n) && n >= 1 && n <= 100_000) return n;
  notices.add("search.notice.badPage");
  return 1;
}
