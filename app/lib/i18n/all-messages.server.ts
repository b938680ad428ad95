// Every message group, for the server: pages render, mail and CSV exports translate, with
// nothing missing. The browser build empties `.server` modules, so this never reaches a phone.
import "./messages/accounts";
import "./messages/admin";
import "./messages/details";
import "./messages/metrics";
import "./messages/notifications";
import "./messages/organise";
import "./messages/support";
import "./messages/volunteers";

import { dictionaries } from "./define";
import { translate, type Locale, type MessageKey, type Params, type Translate } from "./index";

/** A text for server code (mail, CSV, flashes): every group is loaded here. */
export function serverTranslate(locale: Locale, key: MessageKey, params?: Params): string {
  return translate(locale, key, params);
}

export function getServerTranslate(locale: Locale): Translate {
  return (key, params) => serverTranslate(locale, key, params);
}

/** Whether `key` names a message of some group, e.g. a key read back from a cookie. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(dictionaries.ja, key);
}
