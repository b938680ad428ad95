import { and, asc, count, eq, gt } from "drizzle-orm";
import { activities, applicants, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { apply, type ApplicantDetails } from "~/services/applications.server";

// Residents' applications for the demo organiser's 健康マージャン教室 (issue 14): the next session
// full with one party waiting, the one after half full; e-mail, phone-only and a note. Every
// person is invented; the addresses are example.jp.
const next: Omit<ApplicantDetails, "note" | "firstTime">[] = [
  { name: "中村 和子", email: "kazuko.demo@example.jp", phone: null, partySize: 2 },
  { name: "森 正一", email: null, phone: "09011112222", partySize: 1 },
  { name: "さくら", email: "sakura.demo@example.jp", phone: null, partySize: 2 },
  { name: "田中 茂", email: null, phone: "0743701234", partySize: 1 },
  { name: "北川 ミツ", email: "mitsu.demo@example.jp", phone: null, partySize: 2 },
  { name: "吉田 勇", email: "isamu.demo@example.jp", phone: "08033334444", partySize: 1 },
  { name: "松本 あや", email: "aya.demo@example.jp", phone: null, partySize: 2 },
  { name: "岡 はじめ", email: null, phone: "09055556666", partySize: 1 },
  { name: "西田 順子", email: "junko.demo@example.jp", phone: null, partySize: 2 },
];
const notes: Record<string, string> = { "森 正一": "車いすで参加します", "さくら": "友人と二人で、はじめてです" };

/** Loads the demo applications unless some exist. Returns how many were made. */
export async function seedDemoApplications(db: Db, now: Date = new Date()): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(applicants);
  if ((existing?.n ?? 0) > 0) return 0;
  const [activity] = await db.select({ id: activities.id }).from(activities).where(eq(activities.title, "健康マージャン教室"));
  if (!activity) return 0;
  const sessions = await db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.activityId, activity.id), eq(occurrences.status, "scheduled"), gt(occurrences.startsAt, now)))
    .orderBy(asc(occurrences.startsAt))
    .limit(2);
  let made = 0;
  for (const [i, session] of sessions.entries()) {
    const people = i === 0 ? next : next.slice(0, 4);
    for (const person of people) {
      await apply(db, {
        occurrenceId: session.id,
        scope: "one",
        details: { ...person, note: notes[person.name] ?? null, firstTime: person.name === "さくら" },
        now,
      });
      made++;
    }
  }
  return made;
}
