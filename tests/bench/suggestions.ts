// A volunteer's suggestions at scale (issue 13): listCandidateSlots near a point, with and without
// `freeFor`, which asks person_busy_for once per candidate row (the person's live sign-ups in
// the same or an overlapping session). Generates one role per activity and a busy volunteer
// holding up to 60 places in the coming month. Wired into `npm run bench` (`--only=suggestions`).
import { sql } from "drizzle-orm";
import { signups, users } from "#db/schema";
import type { DatabaseHandle } from "~/lib/db.server";
import { listCandidateSlots } from "~/services/volunteers.server";
import { ensureActivities, pointFor } from "./activities";
import { measure, type Measurement } from "./measure";

const BUSY_VOLUNTEER = "bench-busy-volunteer";

async function generateRolesAndBusyVolunteer(handle: DatabaseHandle): Promise<number> {
  const db = handle.db;
  await db.execute(sql`
    insert into activity_roles (activity_id, name, slots)
    select a.id, '受付', 3 from activities a
    where not exists (select 1 from activity_roles r where r.activity_id = a.id)`);
  await db.insert(users).values({ id: BUSY_VOLUNTEER, email: "bench-busy@example.jp", displayName: "ベンチ", passwordHash: "-" }).onConflictDoNothing();
  // Places near the points the suggestions ask about; the database refuses any that overlap.
  const near = pointFor(3);
  const slots = await db.execute(sql`
    select o.id as occurrence_id, r.id as role_id from occurrences o
    join activities a on a.id = o.activity_id join hubs h on h.id = a.hub_id
    join activity_roles r on r.activity_id = a.id
    where o.status = 'scheduled' and o.starts_at > now() and o.starts_at < now() + interval '30 days'
      and h.lat between ${near.lat - 0.05} and ${near.lat + 0.05} and h.lng between ${near.lng - 0.05} and ${near.lng + 0.05}
    order by o.starts_at limit 400`);
  const rows = (Array.isArray(slots) ? slots : (Reflect.get(slots, "rows") as unknown[])) as { occurrence_id: number; role_id: number }[];
  let held = 0;
  for (const row of rows) {
    if (held >= 60) break;
    try {
      await db.insert(signups).values({ occurrenceId: row.occurrence_id, roleId: row.role_id, userId: BUSY_VOLUNTEER, status: "confirmed", confirmedAt: new Date() });
      held++;
    } catch {
      // Overlaps one already held: the trigger said no, as it should.
    }
  }
  await db.execute(sql`analyze`);
  return held;
}

export async function benchSuggestions(handle: DatabaseHandle, opts: { hubs: number; occurrences: number; runs: number }): Promise<Measurement[]> {
  await ensureActivities(handle, opts);
  const held = await generateRolesAndBusyVolunteer(handle);
  const cases = [
    { name: `suggestions within 20 min walk, 30 days (no busy check)`, freeFor: undefined },
    { name: `suggestions within 20 min walk, 30 days, for a volunteer holding ${held} places`, freeFor: BUSY_VOLUNTEER },
  ];
  const out: Measurement[] = [];
  for (const c of cases) {
    let candidates = 0;
    const m = await measure(c.name, opts.runs, async (i) => {
      const rows = await listCandidateSlots(handle.db, { now: new Date(), near: { point: pointFor(3 + (i % 3)), maxWalkingMinutes: 20 }, freeFor: c.freeFor, days: 30 });
      candidates = rows.length;
    });
    out.push({ ...m, note: `${candidates} candidate slots` });
  }
  return out;
}
