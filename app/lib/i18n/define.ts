/** One message group: its texts per locale. A group is a plain value; defining it registers nothing. */
export interface MessageGroup {
  readonly ja: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}

/**
 * One message group: Japanese is the source; English must have exactly the same keys.
 * A route that renders the group's texts lists it in its `handle` (see index.ts).
 */
export function defineMessages<const J extends Record<string, string>>(
  ja: J,
  en: { [K in keyof J]: string },
) {
  return { ja, en };
}
