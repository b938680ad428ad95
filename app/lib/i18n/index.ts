import { useRouteLoaderData } from "@remix-run/react";
import { dictionaries } from "./define";
import type { accounts } from "./messages/accounts";
import type { activities } from "./messages/activities";
import type { admin } from "./messages/admin";
import type { common } from "./messages/common";
import type { details } from "./messages/details";
import type { hubs } from "./messages/hubs";
import type { metrics } from "./messages/metrics";
import type { notifications } from "./messages/notifications";
import type { organise } from "./messages/organise";
import type { support } from "./messages/support";
import type { volunteers } from "./messages/volunteers";
// The public groups: the header and finding places and activities on `/`. Every page's
// JavaScript carries them.
import "./messages/activities";
import "./messages/common";
import "./messages/hubs";
// On the server, every other group too. In the browser this module is empty, and a route whose
// page needs another group imports it (`import "~/lib/i18n/messages/metrics"`), so a first
// visit of `/` never downloads the texts of hub pages, accounts, staff, organisers or 参加支援:
// they were a quarter of its JavaScript (docs/performance.md).
// tests/unit/i18n-route-messages.test.ts checks that each route imports the groups it needs.
import "./all-messages.server";

export const locales = ["ja", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "ja";

type Group =
  | typeof common
  | typeof hubs
  | typeof details
  | typeof accounts
  | typeof admin
  | typeof activities
  | typeof organise
  | typeof volunteers
  | typeof notifications
  | typeof support
  | typeof metrics;
export type MessageKey = Group extends infer G ? (G extends { ja: infer J } ? keyof J & string : never) : never;
export type Params = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Looks a key up and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? dictionaries.ja[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function getTranslate(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The locale chosen in the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale?: unknown }>("root");
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

export function useT(): Translate {
  return getTranslate(useLocale());
}

/** Picks a name from a row that carries both labels (categories, hub kinds). */
export function pickLabel(locale: Locale, row: { labelJa: string; labelEn: string }): string {
  return locale === "en" ? row.labelEn : row.labelJa;
}
