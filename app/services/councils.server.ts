// 協議体 (テーマ別で協議をする場) and 支えあいの仕組み: the records staff keep, the public list, and
// the counts behind two of Yamatokoriyama's indicators are in ./council-counts.server.ts.
import { and, asc, count, desc, eq, max, ne, sql } from "drizzle-orm";
import { councilMeetings, councils, districts, mutualAidSchemes } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { Conflict, Invalid, NotFound } from "~/lib/domain-errors";
import type { CouncilInput, CouncilMeetingInput, MutualAidSchemeInput } from "~/lib/forms/councils";
import { recordAudit } from "./audit.server";
import type { Actor } from "./permissions.server";

export type Council = typeof councils.$inferSelect;
export type CouncilMeeting = typeof councilMeetings.$inferSelect;
export type MutualAidScheme = typeof mutualAidSchemes.$inferSelect;

// ── Reading ─────────────────────────────────────────────────────────────────────────────────

export async function listDistrictOptions(db: Db) {
  return db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name));
}

/** Meetings held and the latest date, per council (one grouped read). */
const meetingSummary = (db: Db) =>
  db
    .select({ councilId: councilMeetings.councilId, meetings: count().as("meetings"), latestMeetingOn: max(councilMeetings.heldOn).as("latest_meeting_on") })
    .from(councilMeetings)
    .groupBy(councilMeetings.councilId)
    .as("meeting_summary");

/** Every council, by district and name, with its meetings summarised (staff). */
export async function listCouncils(db: Db) {
  const summary = meetingSummary(db);
  const rows = await db
    .select({
      id: councils.id,
      name: councils.name,
      theme: councils.theme,
      districtId: councils.districtId,
      districtName: districts.name,
      establishedOn: councils.establishedOn,
      dissolvedOn: councils.dissolvedOn,
      isPublic: councils.isPublic,
      meetings: summary.meetings,
      latestMeetingOn: summary.latestMeetingOn,
    })
    .from(councils)
    .innerJoin(districts, eq(districts.id, councils.districtId))
    .leftJoin(summary, eq(summary.councilId, councils.id))
    .orderBy(asc(districts.name), asc(councils.establishedOn), asc(councils.id));
  return rows.map((row) => ({ ...row, meetings: row.meetings ?? 0 }));
}

/** One council with its meetings (newest first) and the schemes that came from it; NotFound otherwise. */
export async function getCouncil(db: Db, id: number) {
  const [council] = await db
    .select({ council: councils, districtName: districts.name })
    .from(councils)
    .innerJoin(districts, eq(districts.id, councils.districtId))
    .where(eq(councils.id, id));
  if (!council) throw new NotFound("council not found");
  const [meetings, schemes] = await Promise.all([
    db.select().from(councilMeetings).where(eq(councilMeetings.councilId, id)).orderBy(desc(councilMeetings.heldOn), desc(councilMeetings.id)),
    db.select().from(mutualAidSchemes).where(eq(mutualAidSchemes.councilId, id)).orderBy(asc(mutualAidSchemes.launchedOn), asc(mutualAidSchemes.id)),
  ]);
  return { ...council.council, districtName: council.districtName, meetings, schemes };
}

/** Every scheme, by district and launch date, with the council it came from (staff). */
export async function listMutualAidSchemes(db: Db) {
  return db
    .select({
      id: mutualAidSchemes.id,
      name: mutualAidSchemes.name,
      districtId: mutualAidSchemes.districtId,
      districtName: districts.name,
      councilId: mutualAidSchemes.councilId,
      councilName: councils.name,
      launchedOn: mutualAidSchemes.launchedOn,
      isPublic: mutualAidSchemes.isPublic,
    })
    .from(mutualAidSchemes)
    .innerJoin(districts, eq(districts.id, mutualAidSchemes.districtId))
    .leftJoin(councils, eq(councils.id, mutualAidSchemes.councilId))
    .orderBy(asc(districts.name), asc(mutualAidSchemes.launchedOn), asc(mutualAidSchemes.id));
}

export async function getMutualAidScheme(db: Db, id: number): Promise<MutualAidScheme> {
  const [scheme] = await db.select().from(mutualAidSchemes).where(eq(mutualAidSchemes.id, id));
  if (!scheme) throw new NotFound("mutual-aid scheme not found");
  return scheme;
}

/**
 * What the public page shows: public councils and public schemes, grouped by district (only
 * districts with something to show). A scheme names its council only when that council is
 * public too. Nothing about members beyond what the city publishes.
 */
export async function listPublicCouncilsByDistrict(db: Db) {
  const summary = meetingSummary(db);
  const [councilRows, schemeRows] = await Promise.all([
    db
      .select({
        id: councils.id,
        name: councils.name,
        theme: councils.theme,
        districtId: councils.districtId,
        districtName: districts.name,
        establishedOn: councils.establishedOn,
        dissolvedOn: councils.dissolvedOn,
        meetings: summary.meetings,
        latestMeetingOn: summary.latestMeetingOn,
      })
      .from(councils)
      .innerJoin(districts, eq(districts.id, councils.districtId))
      .leftJoin(summary, eq(summary.councilId, councils.id))
      .where(eq(councils.isPublic, true))
      .orderBy(asc(districts.name), asc(councils.establishedOn), asc(councils.id)),
    db
      .select({
        id: mutualAidSchemes.id,
        name: mutualAidSchemes.name,
        description: mutualAidSchemes.description,
        districtId: mutualAidSchemes.districtId,
        districtName: districts.name,
        launchedOn: mutualAidSchemes.launchedOn,
        councilName: sql<string | null>`case when ${councils.isPublic} then ${councils.name} end`,
      })
      .from(mutualAidSchemes)
      .innerJoin(districts, eq(districts.id, mutualAidSchemes.districtId))
      .leftJoin(councils, eq(councils.id, mutualAidSchemes.councilId))
      .where(eq(mutualAidSchemes.isPublic, true))
      .orderBy(asc(districts.name), asc(mutualAidSchemes.launchedOn), asc(mutualAidSchemes.id)),
  ]);
  const byDistrict = new Map<number, { districtId: number; districtName: string; councils: typeof publicCouncils; schemes: typeof schemeRows }>();
  const publicCouncils = councilRows.map((row) => ({ ...row, meetings: row.meetings ?? 0 }));
  const entry = (districtId: number, districtName: string) => {
    let found = byDistrict.get(districtId);
    if (!found) {
      found = { districtId, districtName, councils: [], schemes: [] };
      byDistrict.set(districtId, found);
    }
    return found;
  };
  for (const council of publicCouncils) entry(council.districtId, council.districtName).councils.push(council);
  for (const scheme of schemeRows) entry(scheme.districtId, scheme.districtName).schemes.push(scheme);
  return [...byDistrict.values()].sort((a, b) => a.districtName.localeCompare(b.districtName, "ja"));
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────

function councilColumns(input: CouncilInput) {
  return {
    districtId: input.districtId,
    name: input.name,
    theme: input.theme,
    establishedOn: input.establishedOn,
    dissolvedOn: input.dissolvedOn,
    isPublic: input.isPublic,
    residentMembers: input.residentMembers,
    professionalMembers: input.professionalMembers,
    organisationMembers: input.organisationMembers,
  };
}

const duplicateName = () => new Conflict("council name taken in this district", { key: "councils.error.duplicate", field: "name" });

/** Registers a council (audited); a second council of the same name in one district is refused on `name`. */
export async function createCouncil(db: Db, actor: Actor, input: CouncilInput): Promise<number> {
  return db.transaction(async (tx) => {
    await requireDistrict(tx, input.districtId);
    const [row] = await tx.insert(councils).values(councilColumns(input)).onConflictDoNothing({ target: [councils.districtId, councils.name] }).returning({ id: councils.id });
    if (!row) throw duplicateName();
    await recordAudit(tx, { actorUserId: actor.userId, action: "council.created", targetType: "council", targetId: row.id, ip: actor.ip, details: { districtId: input.districtId } });
    return row.id;
  });
}

export async function updateCouncil(db: Db, actor: Actor, id: number, input: CouncilInput): Promise<void> {
  await db.transaction(async (tx) => {
    await requireDistrict(tx, input.districtId);
    const [taken] = await tx
      .select({ id: councils.id })
      .from(councils)
      .where(and(eq(councils.districtId, input.districtId), eq(councils.name, input.name), ne(councils.id, id)));
    if (taken) throw duplicateName();
    const [row] = await tx.update(councils).set(councilColumns(input)).where(eq(councils.id, id)).returning({ id: councils.id });
    if (!row) throw new NotFound("council not found");
    await recordAudit(tx, { actorUserId: actor.userId, action: "council.updated", targetType: "council", targetId: id, ip: actor.ip, details: { dissolvedOn: input.dissolvedOn, isPublic: input.isPublic } });
  });
}

/** Records a held meeting of a council (audited). */
export async function addCouncilMeeting(db: Db, actor: Actor, councilId: number, input: CouncilMeetingInput): Promise<number> {
  return db.transaction(async (tx) => {
    // Locks the council so it cannot vanish between the check and the insert.
    const [council] = await tx.select({ id: councils.id }).from(councils).where(eq(councils.id, councilId)).for("update");
    if (!council) throw new NotFound("council not found");
    const [row] = await tx
      .insert(councilMeetings)
      .values({ councilId, recordedByUserId: actor.userId, heldOn: input.heldOn, attendees: input.attendees, outcome: input.outcome })
      .returning({ id: councilMeetings.id });
    if (!row) throw new Error("meeting not recorded");
    await recordAudit(tx, { actorUserId: actor.userId, action: "council.meeting_added", targetType: "council", targetId: councilId, ip: actor.ip, details: { meetingId: row.id, heldOn: input.heldOn } });
    return row.id;
  });
}

/** A district id from a form that names no district is the form's error, not a foreign-key failure. */
async function requireDistrict(tx: Db, districtId: number): Promise<void> {
  const [district] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.id, districtId));
  if (!district) throw new Invalid("no such district", { key: "councils.error.district", field: "districtId" });
}

async function requireCouncilOption(tx: Db, councilId: number | null): Promise<void> {
  if (councilId === null) return;
  const [council] = await tx.select({ id: councils.id }).from(councils).where(eq(councils.id, councilId));
  if (!council) throw new Invalid("no such council", { key: "councils.error.council", field: "councilId" });
}

function schemeColumns(input: MutualAidSchemeInput) {
  return {
    districtId: input.districtId,
    councilId: input.councilId,
    name: input.name,
    description: input.description,
    launchedOn: input.launchedOn,
    isPublic: input.isPublic,
  };
}

/** Registers a 支えあいの仕組み (audited). */
export async function createMutualAidScheme(db: Db, actor: Actor, input: MutualAidSchemeInput): Promise<number> {
  return db.transaction(async (tx) => {
    await requireDistrict(tx, input.districtId);
    await requireCouncilOption(tx, input.councilId);
    const [row] = await tx.insert(mutualAidSchemes).values(schemeColumns(input)).returning({ id: mutualAidSchemes.id });
    if (!row) throw new Error("scheme not created");
    await recordAudit(tx, { actorUserId: actor.userId, action: "mutual_aid.created", targetType: "mutual_aid_scheme", targetId: row.id, ip: actor.ip, details: { councilId: input.councilId } });
    return row.id;
  });
}

export async function updateMutualAidScheme(db: Db, actor: Actor, id: number, input: MutualAidSchemeInput): Promise<void> {
  await db.transaction(async (tx) => {
    await requireDistrict(tx, input.districtId);
    await requireCouncilOption(tx, input.councilId);
    const [row] = await tx.update(mutualAidSchemes).set(schemeColumns(input)).where(eq(mutualAidSchemes.id, id)).returning({ id: mutualAidSchemes.id });
    if (!row) throw new NotFound("mutual-aid scheme not found");
    await recordAudit(tx, { actorUserId: actor.userId, action: "mutual_aid.updated", targetType: "mutual_aid_scheme", targetId: id, ip: actor.ip, details: { launchedOn: input.launchedOn, isPublic: input.isPublic } });
  });
}
