import type { MessageKey } from "./i18n";

/** Accessibility features a hub can have; stored as these codes in `hubs.accessibility`. */
export const accessibilityFeatures = [
  "step_free",
  "wheelchair_toilet",
  "chairs",
  "parking",
  "bicycle_parking",
  "nursing_room",
  "hearing_loop",
  "near_bus_stop",
] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

export function isAccessibilityFeature(value: string): value is AccessibilityFeature {
  return (accessibilityFeatures as readonly string[]).includes(value);
}

export function accessibilityLabelKey(feature: AccessibilityFeature): MessageKey {
  return `access.${feature}`;
}
