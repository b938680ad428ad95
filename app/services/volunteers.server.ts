import { createHash, randomBytes } from "node:crypto";
import { and, asc, between, eq, gt, inArray, isNull, lt, not, or, sql } from "drizzle-orm";
import { activities, activityRoles, categories, districts, hubs, landmarks, occurrences, roleSlotFills, signups, volunteerProfiles } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { VolunteerProfileInput } from "~/lib/forms/volunteer-profile";
import { parseLatLng, WALKING_METRES_PER_MINUTE, type LatLng } from "~/lib/geo";
import { isLoadTag } from "~/lib/load-tags";
import { canonicalSkill, rankCandidates, type MatchCandidate, type Suggestion } from "~/lib/matching";
import { coarsenPoint, isAvailabilityCell, isListedSkill } from "~/lib/volunteering";
import { busyFor } from "./capacity.server";

export type VolunteerProfile = typeof volunteerProfiles.$inferSelect;

export async function getVolunteerProfile(db: Db, userId: string): Promise<VolunteerProfile | undefined> {
  const [row] = await db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, userId));
  return row;
}

/** Where "district:3" / "landmark:5" / "lat,lng" points, before coarsening. */
async function resolveHome(db: Db, home: string): Promise<LatLng | undefined> {
  const [kind, id] = home.split(":");
  if (kind === "district" && id) {
    const [row] = await db.select({ lat: districts.lat, lng: districts.lng }).from(districts).where(eq(districts.id, Number(id)));
    return row;
  }
  if (kind === "landmark" && id) {
    const [row] = await db.select({ lat: landmarks.lat, lng: landmarks.lng }).from(landmarks).where(eq(landmarks.id, Number(id)));
    return row;
  }
  return parseLatLng(home);
}

/** Saves the profile; the home point is stored only coarsened to ~250 m. */
export async function saveVolunteerProfile(db: Db, userId: string, input: VolunteerProfileInput): Promise<{ ok: true } | { ok: false; field: "home" }> {
  let home: LatLng | undefined;
  if (input.home) {
    const point = await resolveHome(db, input.home);
    if (!point) return { ok: false, field: "home" };
    home = coarsenPoint(point);
  }
  const values = {
    // A free word naming a listed skill (料理) is stored as that skill (cooking).
    skills: [...new Set([...input.skills, ...input.freeSkills.map((w) => (isListedSkill(canonicalSkill(w)) ? canonicalSkill(w) : w))])],
    interests: input.interests,
    availability: input.availability,
    homeLat: home?.lat ?? null,
    homeLng: home?.lng ?? null,
    maxWalkingMinutes: input.maxWalkingMinutes,
    contactOk: input.contactOk,
  };
  await db
    .insert(volunteerProfiles)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: volunteerProfiles.userId, set: { ...values, updatedAt: new Date() } });
  return { ok: true };
}

/** The places a home area can be chosen from without a map. */
export async function listHomeChoices(db: Db) {
  const [districtRows, landmarkRows] = await Promise.all([
    db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db.select({ id: landmarks.id, name: landmarks.name }).from(landmarks).orderBy(asc(landmarks.name)),
  ]);
  return { districts: districtRows, landmarks: landmarkRows };
}

// ── Suggestions ─────────────────────────────────────────────────────────────────────────────

export interface SlotCandidate extends MatchCandidate {
  occurrenceId: number;
  roleId: number;
  roleName: string;
  slots: number;
  activityId: number;
  activityTitle: string;
  hubId: number;
  hubName: string;
}

const SUGGESTION_DAYS = 30;

/**
 * Coming role slots as matching candidates: the one query behind volunteers' suggestions,
 * organisers' invitations and 参加支援 places. With `near`, a bounding box from the walking limit
 * narrows it (the matching then applies the exact distance); `supportedOnly` keeps activities
 * that welcome 参加支援 or roles tagged 参加支援OK; `only` picks one slot (to re-check a booking);
 * `freeFor` leaves out the sessions where that person already holds a place or is busy then.
 */
export async function listCandidateSlots(
  db: Db,
  options: {
    now: Date;
    near?: { point: LatLng; maxWalkingMinutes: number };
    supportedOnly?: boolean;
    only?: { occurrenceId: number; roleId: number };
    freeFor?: string;
    days?: number;
    locale?: "ja" | "en";
    limit?: number;
  },
): Promise<SlotCandidate[]> {
  const near = options.near;
  const metres = (near?.maxWalkingMinutes ?? 0) * WALKING_METRES_PER_MINUTE;
  const dLat = metres / 111_195;
  const dLng = near ? metres / (111_195 * Math.max(0.1, Math.cos((near.point.lat * Math.PI) / 180))) : 0;
  const until = new Date(options.now.getTime() + (options.days ?? SUGGESTION_DAYS) * 86_400_000);
  const rows = await db
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      activityId: activities.id,
      activityTitle: activities.title,
      capacity: activities.capacity,
      categoryCode: categories.code,
      categoryLabelJa: categories.labelJa,
      categoryLabelEn: categories.labelEn,
      hubId: hubs.id,
      hubName: hubs.name,
      lat: hubs.lat,
      lng: hubs.lng,
      accessibility: hubs.accessibility,
      roleId: activityRoles.id,
      roleName: activityRoles.name,
      slots: activityRoles.slots,
      skills: activityRoles.skills,
      loadTags: activityRoles.loadTags,
      confirmed: sql<number>`coalesce(${roleSlotFills.confirmed}, 0)`.mapWith(Number),
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(activityRoles, and(eq(activityRoles.activityId, activities.id), isNull(activityRoles.archivedAt)))
    .leftJoin(roleSlotFills, and(eq(roleSlotFills.occurrenceId, occurrences.id), eq(roleSlotFills.roleId, activityRoles.id)))
    .where(
      and(
        eq(occurrences.status, "scheduled"),
        eq(activities.status, "active"),
        eq(hubs.status, "public"),
        gt(occurrences.startsAt, options.now),
        lt(occurrences.startsAt, until),
        near ? between(hubs.lat, near.point.lat - dLat, near.point.lat + dLat) : undefined,
        near ? between(hubs.lng, near.point.lng - dLng, near.point.lng + dLng) : undefined,
        options.supportedOnly
          ? or(eq(activities.welcomesSupported, true), sql`'supported_ok' = any(${activityRoles.loadTags})`)
          : undefined,
        options.only ? and(eq(occurrences.id, options.only.occurrenceId), eq(activityRoles.id, options.only.roleId)) : undefined,
        options.freeFor ? not(busyFor(options.freeFor, occurrences.id, activityRoles.id)) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(activityRoles.sortOrder), asc(activityRoles.id))
    .limit(options.limit ?? 3000);
  return rows.map((row) => ({
    key: `${row.occurrenceId}:${row.roleId}`,
    occurrenceId: row.occurrenceId,
    roleId: row.roleId,
    roleName: row.roleName,
    slots: row.slots,
    activityId: row.activityId,
    activityTitle: row.activityTitle,
    hubId: row.hubId,
    hubName: row.hubName,
    hub: { lat: row.lat, lng: row.lng, accessibility: row.accessibility },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    category: row.categoryCode,
    categoryLabel: options.locale === "en" ? row.categoryLabelEn : row.categoryLabelJa,
    skillsWanted: row.skills,
    loadTags: row.loadTags.filter(isLoadTag),
    freeSlots: row.slots - row.confirmed,
    expectedPeople: row.capacity === null ? undefined : row.capacity + row.slots,
  }));
}

export type VolunteerSuggestions =
  | { state: "no_profile" | "no_home" | "no_availability" }
  | { state: "ok"; suggestions: Suggestion<SlotCandidate>[] };

/** Ranked, explained role suggestions for a volunteer (docs/matching.md). */
export async function suggestRolesForVolunteer(
  db: Db,
  userId: string,
  options: { now?: Date; limit?: number; locale?: "ja" | "en" } = {},
): Promise<VolunteerSuggestions> {
  const now = options.now ?? new Date();
  const profile = await getVolunteerProfile(db, userId);
  if (!profile) return { state: "no_profile" };
  if (profile.homeLat === null || profile.homeLng === null) return { state: "no_home" };
  const availability = profile.availability.filter(isAvailabilityCell);
  if (availability.length === 0) return { state: "no_availability" };
  const home = { lat: profile.homeLat, lng: profile.homeLng };
  const [candidates, helped] = await Promise.all([
    listCandidateSlots(db, { near: { point: home, maxWalkingMinutes: profile.maxWalkingMinutes }, now, freeFor: userId, locale: options.locale }),
    db
      .select({ id: signups.id })
      .from(signups)
      .innerJoin(occurrences, eq(occurrences.id, signups.occurrenceId))
      .where(and(eq(signups.userId, userId), inArray(signups.status, ["confirmed", "attended"]), lt(occurrences.endsAt, now)))
      .limit(1),
  ]);
  const suggestions = rankCandidates(
    {
      skills: profile.skills,
      interests: profile.interests,
      availability,
      home,
      maxWalkingMinutes: profile.maxWalkingMinutes,
      newcomer: helped.length === 0,
    },
    candidates,
    { now, limit: options.limit ?? 10 },
  );
  return { state: "ok", suggestions };
}

/** Listed skill codes and free words of a profile, apart. */
export function splitSkills(skills: readonly string[]): { listed: string[]; free: string[] } {
  return { listed: skills.filter(isListedSkill), free: skills.filter((s) => !isListedSkill(s)) };
}

// ── Personal calendar feed ──────────────────────────────────────────────────────────────────

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new secret for the personal calendar URL; the old URL stops working. Only its hash is kept. */
export async function rotateCalendarToken(db: Db, userId: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db
    .insert(volunteerProfiles)
    .values({ userId, calendarTokenHash: hashToken(token) })
    .onConflictDoUpdate({ target: volunteerProfiles.userId, set: { calendarTokenHash: hashToken(token), updatedAt: new Date() } });
  return token;
}

export async function revokeCalendarToken(db: Db, userId: string): Promise<void> {
  await db.update(volunteerProfiles).set({ calendarTokenHash: null }).where(eq(volunteerProfiles.userId, userId));
}

export async function findUserIdByCalendarToken(db: Db, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await db.select({ userId: volunteerProfiles.userId }).from(volunteerProfiles).where(eq(volunteerProfiles.calendarTokenHash, hashToken(token)));
  return row?.userId;
}
