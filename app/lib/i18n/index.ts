import { useRouteLoaderData } from "@remix-run/react";
import { activities } from "./messages/activities";
import { accounts } from "./messages/accounts";
import { admin } from "./messages/admin";
import { common } from "./messages/common";
import { hubs } from "./messages/hubs";
import { notifications } from "./messages/notifications";
import { volunteers } from "./messages/volunteers";
import { organise } from "./messages/organise";

export const locales = ["ja", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "ja";

// Each feature keeps its own message group; they are merged here.
const groups = [common, hubs, accounts, admin, activities, organise, volunteers, notifications];

type Group = (typeof groups)[number];
export type MessageKey = Group extends infer G ? (G extends { ja: infer J } ? keyof J & string : never) : never;
export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Record<string, string>> = {
  ja: Object.assign({}, ...groups.map((g) => g.ja)),
  en: Object.assign({}, ...groups.map((g) => g.en)),
};

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
