// Notification and mail texts from a kind and its stored parameters. Client-safe: the in-app list
// renders with it too, with `useT()` (the route lists the notifications group); mail passes the
// server translate.
import { formatSession, formatSessionStart } from "./dates";
import { formatCode } from "./forms/application";
import type { Locale, Translate } from "./i18n";
import { isSupportNotificationKind, type NotificationKind, type NotificationPayload } from "./notification-kinds";

/** "11月25日(水) 10:00〜11:30" in Asia/Tokyo: a session as every page writes it (./dates). */
export function formatSessionTime(locale: Locale, startsAt: string | Date, endsAt?: string | Date): string {
  return endsAt ? formatSession(startsAt, endsAt, locale) : formatSessionStart(startsAt, locale);
}

function textParams(locale: Locale, payload: NotificationPayload): Record<string, string> {
  return {
    activity: payload.activity,
    role: payload.role ?? "",
    hub: payload.hub ?? "",
    when: payload.startsAt ? formatSessionTime(locale, payload.startsAt, payload.endsAt) : "",
  };
}

/** The one-line text shown in the app. */
export function notificationText(t: Translate, locale: Locale, kind: NotificationKind, payload: NotificationPayload): string {
  return t(`notify.${kind}`, textParams(locale, payload));
}

export interface MailText {
  subject: string;
  text: string;
}

/** Subject and plain-text body of the mail for a notification. */
export function mailText(
  t: Translate,
  locale: Locale,
  kind: NotificationKind,
  payload: NotificationPayload,
  recipient: { displayName: string },
  publicOrigin?: string,
): MailText {
  const params = textParams(locale, payload);
  // 参加支援 notices: no activity, place or time in the mail, only the link to the page that
  // shows them to an assigned coordinator (decision 009).
  const lines = [
    t("mail.detail.activity", { value: payload.activity }),
    payload.role ? t("mail.detail.role", { value: payload.role }) : undefined,
    params.when ? t("mail.detail.when", { value: params.when }) : undefined,
    payload.hub ? t("mail.detail.hub", { value: payload.hub }) : undefined,
    payload.partySize ? t("mail.detail.partySize", { value: payload.partySize }) : undefined,
    payload.code ? t("mail.detail.code", { value: formatCode(payload.code) }) : undefined,
  ].filter((line): line is string => line !== undefined);
  const details = isSupportNotificationKind(kind) ? [] : lines;
  const link = publicOrigin && payload.path ? t(payload.code ? "mail.applicationLink" : "mail.link", { url: new URL(payload.path, publicOrigin).toString() }) : undefined;
  const paragraphs = [
    t("mail.greeting", { name: recipient.displayName }),
    notificationText(t, locale, kind, payload),
    details.join("\n"),
    link,
    `--\n${t("mail.footer")}`,
  ].filter((p): p is string => Boolean(p));
  return { subject: t(`mail.${kind}.subject`, params), text: `${paragraphs.join("\n\n")}\n` };
}
