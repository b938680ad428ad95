// What the QR code of an application holds (issue 14): the short code behind a fixed prefix, so
// the organiser's scanner takes our codes and ignores any other QR code it sees (a poster's URL).
// Client-safe: the resident's confirmation page draws it, the organiser's camera reads it.

export const CHECKIN_QR_PREFIX = "MACHINAEKI:";

/** "ABCD2345" → "MACHINAEKI:ABCD2345", the text the confirmation page's QR code encodes. */
export function checkinQrText(code: string): string {
  return `${CHECKIN_QR_PREFIX}${code}`;
}

/** The code a scanned text carries, or null when it is not one of ours. */
export function codeFromQrText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.slice(0, CHECKIN_QR_PREFIX.length).toUpperCase() !== CHECKIN_QR_PREFIX) return null;
  const code = trimmed.slice(CHECKIN_QR_PREFIX.length).trim();
  return /^[0-9A-Za-z-]{4,20}$/.test(code) ? code : null;
}
