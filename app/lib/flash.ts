import type { MessageKey, Params } from "~/lib/i18n";

/** How a one-time message looks: a save that worked, or news the person should read. */
export type FlashTone = "success" | "notice";

/**
 * A message for the next page, after a redirect: a dictionary key and its parameters, carried in
 * a short-lived cookie (app/lib/flash.server.ts), never in the URL, so a reload or a shared link
 * does not repeat it.
 */
export interface Flash {
  key: MessageKey;
  params?: Params;
  tone?: FlashTone;
}

/** A flash as the page shows it: translated by the root loader. */
export interface ShownFlash {
  text: string;
  tone: FlashTone;
}
