import type { Locale } from "./index";

/** Every message group defined so far, merged per locale (see index.ts for which ship where). */
export const dictionaries: Record<Locale, Record<string, string>> = { ja: {}, en: {} };

/**
 * One message group: Japanese is the source; English must have exactly the same keys.
 * Defining a group registers it, so a module's messages exist wherever the module is loaded.
 */
export function defineMessages<const J extends Record<string, string>>(
  ja: J,
  en: { [K in keyof J]: string },
) {
  Object.assign(dictionaries.ja, ja);
  Object.assign(dictionaries.en, en);
  return { ja, en };
}
