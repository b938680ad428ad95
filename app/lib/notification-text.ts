// Notification and mail texts from a kind and its stored parameters. Client-safe: the in-app list
// renders with it too.
import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { enGB, ja } from "date-fns/locale";
import { translate, type Locale } from "./i18n";
import { isSupportNotificationKind, type NotificationKind, type NotificationPayload } from "./notification-kinds";

const inTokyo = tz("Asia/Tokyo");

/** "11月25日（水）10:00〜11:30" in Asia/Tokyo, whatever the server's time zone. */
export function formatSessionTime(locale: Locale, startsAt: string | Date, endsAt?: string | Date): string {
  const start = new Date(startsAt);
  const date =
    locale === "ja"
      ? format(start, "M月d日（E）", { in: inTokyo, locale: ja })
      : format(start, "EEE d MMM", { in: inTokyo, locale: enGB });
  const startTime = format(start, "H:mm", { in: inTokyo });
  if (!endsAt) return translate(locale, "notification.when.at", { date, start: startTime });
  return translate(locale, "notification.when.range", { date, start: startTime, end: format(new Date(endsAt), "H:mm", { in: inTokyo }) });
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
export function notificationText(locale: Locale, kind: NotificationKind, payload: NotificationPayload): string {
  return translate(locale, `notify.${kind}`, textParams(locale, payload));
}

export interface MailText {
  subject: string;
  text: string;
}

/** Subject and plain-text body of the mail for a notification. */
export function mailText(
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
    translate(locale, "mail.detail.activity", { value: payload.activity }),
    payload.role ? translate(locale, "mail.detail.role", { value: payload.role }) : undefined,
    params.when ? translate(locale, "mail.detail.when", { value: params.when }) : undefined,
    payload.hub ? translate(locale, "mail.detail.hub", { value: payload.hub }) : undefined,
  ].filter((line): line is string => line !== undefined);
  const details = isSupportNotificationKind(kind) ? [] : lines;
  const link = publicOrigin && payload.path ? translate(locale, "mail.link", { url: new URL(payload.path, publicOrigin).toString() }) : undefined;
  const paragraphs = [
    translate(locale, "mail.greeting", { name: recipient.displayName }),
    notificationText(locale, kind, payload),
    details.join("\n"),
    link,
    `--\n${translate(locale, "mail.footer")}`,
  ].filter((p): p is string => Boolean(p));
  return { subject: translate(locale, `mail.${kind}.subject`, params), text: `${paragraphs.join("\n\n")}\n` };
}
