import { useMatches, useRouteLoaderData } from "@remix-run/react";
import type { MessageGroup } from "./define";
import type { accounts } from "./messages/accounts";
import type { activities } from "./messages/activities";
import { activitiesJa } from "./messages/activities.ja";
import type { admin } from "./messages/admin";
import type { applications } from "./messages/applications";
import type { councils } from "./messages/councils";
import type { common } from "./messages/common";
import { commonJa } from "./messages/common.ja";
import type { details } from "./messages/details";
import type { hubs } from "./messages/hubs";
import { hubsJa } from "./messages/hubs.ja";
import type { imports } from "./messages/imports";
import type { indicators } from "./messages/indicators";
import type { kayoi } from "./messages/kayoi";
import type { metrics } from "./messages/metrics";
import type { notifications } from "./messages/notifications";
import type { opendata } from "./messages/opendata";
import type { organise } from "./messages/organise";
import type { support } from "./messages/support";
import type { volunteers } from "./messages/volunteers";
// The public groups: the header, the footer, the error page and finding places and activities
// on `/`. Every page's JavaScript carries them. A route whose page needs another group declares
// it in its `handle` (`export const handle = { messages: [metrics] } satisfies MessagesHandle`),
// so a first visit of `/` never downloads the texts of hub pages, accounts, staff, organisers or
// 参加支援: they were a quarter of its JavaScript (docs/performance.md, decision 019).
// tests/unit/i18n-route-messages.test.ts checks that each route declares the groups it renders.
// Only their Japanese halves are in that JavaScript: the English texts of the public groups are
// registered once before the first render (registerPublicEnglish): on the server at start-up
// (public-english.server.ts), in a browser showing English by entry.client from a chunk of their
// own (public-en.ts). A first visit in Japanese never downloads them.
const publicEnglish: Record<string, string> = {};
const publicGroups: readonly MessageGroup[] = [{ ja: { ...commonJa, ...hubsJa, ...activitiesJa }, en: publicEnglish }];

/** Makes the public groups' English texts available (before anything is rendered in English). */
export function registerPublicEnglish(texts: Readonly<Record<string, string>>): void {
  Object.assign(publicEnglish, texts);
  translates.clear();
}

export const locales = ["ja", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "ja";

type Group =
  | typeof common
  | typeof hubs
  | typeof details
  | typeof accounts
  | typeof admin
  | typeof applications
  | typeof activities
  | typeof organise
  | typeof volunteers
  | typeof notifications
  | typeof support
  | typeof metrics
  | typeof councils
  | typeof indicators
  | typeof imports
  | typeof opendata
  | typeof kayoi;
export type MessageKey = Group extends infer G ? (G extends { ja: infer J } ? keyof J & string : never) : never;
export type Params = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Params) => string;
export type { MessageGroup };

/** What a route exports as `handle` to get the texts of groups beyond the public ones. */
export interface MessagesHandle {
  readonly messages: readonly MessageGroup[];
}

/** A translate over `groups` (later groups win): fills `{name}` placeholders, falls back to Japanese, then to the key. */
export function createTranslate(locale: Locale, groups: readonly MessageGroup[]): Translate {
  const texts: Record<string, string> = Object.assign({}, ...groups.map((group) => group.ja), ...groups.map((group) => group[locale]));
  return (key, params) => {
    const template = texts[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

function messagesOf(handle: unknown): readonly MessageGroup[] {
  return typeof handle === "object" && handle !== null && "messages" in handle && Array.isArray(handle.messages) ? handle.messages : [];
}

// One translate per locale and set of matched routes, built once: handles are module constants,
// so the same route ids always mean the same groups, on every render and every request.
const translates = new Map<string, Translate>();

/**
 * The texts of the public groups and of the groups the matched routes declare in their
 * `handle.messages`. For `meta` (pass its `matches`); components call `useT`.
 */
export function getTranslate(locale: Locale, matches: readonly { id: string; handle?: unknown }[]): Translate {
  const cacheKey = [locale, ...matches.map((match) => match.id)].join(" ");
  let t = translates.get(cacheKey);
  if (!t) {
    t = createTranslate(locale, [...publicGroups, ...matches.flatMap((match) => messagesOf(match.handle))]);
    translates.set(cacheKey, t);
  }
  return t;
}

/** The locale chosen in the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale?: unknown }>("root");
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

/**
 * The translate for a component: the same groups on the server render and in the browser (the
 * matched routes' handles), so hydration sees the same texts.
 */
export function useT(): Translate {
  return getTranslate(useLocale(), useMatches());
}

/** Picks a name from a row that carries both labels (categories, hub kinds). */
export function pickLabel(locale: Locale, row: { labelJa: string; labelEn: string }): string {
  return locale === "en" ? row.labelEn : row.labelJa;
}
