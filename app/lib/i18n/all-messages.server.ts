// Every message group, for the server code that writes texts outside a page: loaders and
// actions, mail, notifications, CSV and iCalendar exports, commands. A page renders with the
// groups its routes declare (index.ts), on the server as in the browser, so that hydration
// matches; this module is for everything else. The browser build empties `.server` modules, so
// these texts never reach a phone.
import { createTranslate, type Locale, type MessageKey, type Params, type Translate } from "./index";
import { accounts } from "./messages/accounts";
import { activities } from "./messages/activities";
import { admin } from "./messages/admin";
import { applications } from "./messages/applications";
import { common } from "./messages/common";
import { councils } from "./messages/councils";
import { details } from "./messages/details";
import { hubs } from "./messages/hubs";
import { imports } from "./messages/imports";
import { indicators } from "./messages/indicators";
import { kayoi } from "./messages/kayoi";
import { metrics } from "./messages/metrics";
import { notifications } from "./messages/notifications";
import { opendata } from "./messages/opendata";
import { organise } from "./messages/organise";
import { support } from "./messages/support";
import { volunteers } from "./messages/volunteers";

const allGroups = [common, hubs, activities, details, accounts, admin, applications, organise, volunteers, notifications, support, metrics, councils, indicators, imports, opendata, kayoi];

const translators = { ja: createTranslate("ja", allGroups), en: createTranslate("en", allGroups) } satisfies Record<Locale, Translate>;

/** Looks a key up in every group and fills `{name}` placeholders. */
export function serverTranslate(locale: Locale, key: MessageKey, params?: Params): string {
  return translators[locale](key, params);
}

export function getServerTranslate(locale: Locale): Translate {
  return translators[locale];
}

const allKeys = new Set(allGroups.flatMap((group) => Object.keys(group.ja)));

/** Whether some group has this key: for keys that arrive as data (a flash, an error code). */
export function hasMessage(key: string): key is MessageKey {
  return allKeys.has(key);
}
