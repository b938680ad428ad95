import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { attendanceRecords, indicatorTargets, signups } from "#db/schema";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { parseCsv } from "~/lib/metrics/csv";
import { fiscalYearOf, monthKey } from "~/lib/metrics/periods";
import { action as attendanceAction, loader as attendanceLoader } from "~/routes/organise.occurrences.$occurrenceId.attendance";
import { loader as hubsCsvLoader } from "~/routes/staff.hubs[.]csv";
import { loader as indicatorsCsvLoader } from "~/routes/staff.indicators[.]csv";
import { loader as dashboardLoader } from "~/routes/staff._index";
import { action as targetsAction, loader as targetsLoader } from "~/routes/staff.targets";
import { createCategory, createSession } from "../factories/metrics";
import { createDistrict, createHub } from "../factories/places";
import { addGuestSignup, signUpForRole } from "~/services/signups.server";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const cookies = {} as Record<"staff" | "admin" | "volunteer" | "organiser" | "otherOrganiser" | "coordinator", string>;
let hubId = 0;
let occurrenceId = 0;

beforeAll(async () => {
  const hub = await createHub(database.db);
  hubId = hub.id;
  const category = await createCategory(database.db);
  // An hour ago: within the recording window.
  const { occurrence } = await createSession(database.db, { hubId, categoryId: category.id, startsAt: new Date(Date.now() - 3_600_000) });
  occurrenceId = occurrence.id;
  const users = {
    staff: await createUser(database.db, { roles: ["staff"] }),
    admin: await createUser(database.db, { roles: ["admin"] }),
    volunteer: await createUser(database.db),
    organiser: await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] }),
    otherOrganiser: await createUser(database.db, { roles: ["organiser"] }),
    coordinator: await createUser(database.db, { roles: ["coordinator"] }),
  };
  for (const [key, user] of Object.entries(users)) cookies[key as keyof typeof cookies] = await sessionCookie(user.id);
});

const staffPages = [
  { path: "/staff", loader: dashboardLoader },
  { path: "/staff/targets", loader: targetsLoader },
  { path: "/staff/indicators.csv", loader: indicatorsCsvLoader },
  { path: "/staff/hubs.csv", loader: hubsCsvLoader },
];

describe("/staff and its exports: staff and admins only", () => {
  for (const page of staffPages) {
    test(`${page.path}: anonymous is sent to log in; volunteer, organiser, coordinator get 403; staff and admin 200`, async () => {
      const anonymous = await run(() => page.loader({ request: get(page.path), context, params: {} }));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      for (const who of ["volunteer", "organiser", "coordinator"] as const) {
        const response = await run(() => page.loader({ request: get(page.path, cookies[who]), context, params: {} }));
        expect(response.status, who).toBe(403);
      }
      for (const who of ["staff", "admin"] as const) {
        const response = await run(() => page.loader({ request: get(page.path, cookies[who]), context, params: {} }));
        expect(response.status, who).toBe(200);
      }
    });
  }

  test("the targets action refuses an organiser and keeps nothing", async () => {
    const fields = { indicator: "partners", fiscalYear: "2026", baseline: "65", baselineDate: "2021-04-01", target: "102" };
    const response = await run(() => targetsAction({ request: post("/staff/targets", fields, cookies.organiser), context, params: {} }));
    expect(response.status).toBe(403);
    expect(await database.db.select().from(indicatorTargets)).toHaveLength(0);
  });

  test("staff enter a target; a bad one comes back with Japanese field errors and the typed values", async () => {
    const bad = await run(() =>
      targetsAction({ request: post("/staff/targets", { indicator: "partners", fiscalYear: "26", baseline: "-1", baselineDate: "2021/04/01", target: "102" }, cookies.staff), context, params: {} }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(body.errors).toMatchObject({ fiscalYear: "metrics.error.year", baseline: "metrics.error.number", baselineDate: "metrics.error.date" });
    expect(body.values.target).toBe("102");
    const ok = await run(() =>
      targetsAction({ request: post("/staff/targets", { indicator: "partners", fiscalYear: "2026", baseline: "65", baselineDate: "2021-04-01", target: "102" }, cookies.staff), context, params: {} }),
    );
    expect(ok.status).toBe(302);
    const [row] = await database.db.select().from(indicatorTargets);
    expect(row).toMatchObject({ indicator: "partners", fiscalYear: 2026, baseline: 65, target: 102 });
  });

  test("the indicator CSV has a BOM, the period and filters in its name, and parses", async () => {
    const response = await run(() => indicatorsCsvLoader({ request: get("/staff/indicators.csv?fy=2026&district=7", cookies.staff), context, params: {} }));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain('filename="machinaeki-indicators_2026-04-01_2027-04-01_district-7.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows[0]?.[0]).toBe("指標コード");
    // A district is never compared with the city's targets: no baseline, target or progress.
    expect(rows.find((r) => r[0] === "partners")?.slice(4)).toEqual(["", "", "", ""]);
    const city = await run(() => indicatorsCsvLoader({ request: get("/staff/indicators.csv?fy=2026", cookies.staff), context, params: {} }));
    expect(parseCsv(new TextDecoder().decode(new Uint8Array(await city.arrayBuffer()))).find((r) => r[0] === "partners")?.[6]).toBe("102");
  });
});

describe("what the dashboard says it shows", () => {
  type Row = { code: string; figure: { text: string; csv: string } | null; target: { target: number } | null };
  const dashboard = async (search: string) =>
    (await (await run(() => dashboardLoader({ request: get(`/staff?${search}`, cookies.staff), context, params: {} }))).json()) as {
      tableTitle: string;
      filtered: boolean;
      rows: Row[];
      trend: { year: number; rows: Row[] }[];
      hubTable: { months: string[]; hubs: { hubId: number; participants: { text: string; csv: string }[] }[] };
    };

  test("with a filter it is headed by the selection and compares nothing with the city's targets", async () => {
    const db = database.db;
    const district = await createDistrict(db, { name: "指標テスト" });
    await db.insert(indicatorTargets).values({ indicator: "participants", fiscalYear: 2026, baseline: 500, baselineDate: "2025-04-01", target: 600 }).onConflictDoNothing();
    const city = await dashboard("fy=2026");
    expect(city.tableTitle).toBe("市全体の指標");
    expect(city.filtered).toBe(false);
    expect(city.rows.find((r) => r.code === "participants")?.target).not.toBeNull();
    const filtered = await dashboard(`fy=2026&district=${district.id}`);
    expect(filtered.tableTitle).toBe("指標テスト地区の指標");
    expect(filtered.filtered).toBe(true);
    expect(filtered.rows.map((r) => r.target)).toEqual(filtered.rows.map(() => null));
    for (const year of filtered.trend) expect(year.rows.map((r) => r.target)).toEqual(year.rows.map(() => null));
    expect(serverTranslate("ja", "metrics.table.noTargetFiltered")).toBe("目標は市全体の値です（この絞り込みの目標はありません）");
  });

  test("months still to come and years before the first record show a dash (an empty CSV cell), not 0", async () => {
    const fields = { participants: "18", firstTimers: "2", supportedParticipants: "1", "age_75+": "9" };
    const saved = await run(() =>
      attendanceAction({ request: post(`/organise/occurrences/${occurrenceId}/attendance`, fields, cookies.organiser), context, params: { occurrenceId: String(occurrenceId) } }),
    );
    expect(saved.status).toBe(302);
    const year = fiscalYearOf(new Date());
    const now = await dashboard(`fy=${year}`);
    expect(now.rows.find((r) => r.code === "participants")?.figure?.text).toBe("18");
    // Next year has not begun; the years before this one hold no record.
    const next = await dashboard(`fy=${year + 1}`);
    expect(next.rows.map((r) => r.figure?.text)).toEqual(next.rows.map(() => "—"));
    expect(next.trend.map((y) => [y.year, y.rows.find((r) => r.code === "participants")?.figure?.text])).toEqual([
      [year - 3, "—"],
      [year - 2, "—"],
      [year - 1, "—"],
      [year, "18"],
      [year + 1, "—"],
    ]);
    const csv = await run(() => indicatorsCsvLoader({ request: get(`/staff/indicators.csv?fy=${year + 1}`, cookies.staff), context, params: {} }));
    const csvRows = parseCsv(new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer())));
    expect(csvRows.find((r) => r[0] === "participants")?.[3]).toBe("");
    // This year's per-hub table: the months after this one are dashes, the months before are counted.
    const thisMonth = monthKey(new Date());
    const hub = now.hubTable.hubs.find((h) => h.hubId === hubId);
    now.hubTable.months.forEach((month, j) => {
      const cell = hub?.participants[j];
      if (month > thisMonth) expect(cell, month).toEqual(expect.objectContaining({ text: "—", csv: "" }));
      else expect(cell?.text, month).not.toBe("—");
    });
    const hubsCsv = await run(() => hubsCsvLoader({ request: get(`/staff/hubs.csv?fy=${year}`, cookies.staff), context, params: {} }));
    const hubRows = parseCsv(new TextDecoder().decode(new Uint8Array(await hubsCsv.arrayBuffer())));
    const header = hubRows[0] ?? [];
    const participantsRow = hubRows.find((r) => r[0] === String(hubId) && r[2] === "参加者数");
    header.forEach((column, i) => {
      if (/^\d{4}-\d{2}$/.test(column) && `${column}-01` > thisMonth) expect(participantsRow?.[i], column).toBe("");
    });
  });
});

describe("attendance form", () => {
  const path = () => `/organise/occurrences/${occurrenceId}/attendance`;
  const params = () => ({ occurrenceId: String(occurrenceId) });

  test("only an editor of the occurrence's hub may open or post it", async () => {
    expect((await run(() => attendanceLoader({ request: get(path()), context, params: params() }))).status).toBe(302);
    expect((await run(() => attendanceLoader({ request: get(path(), cookies.otherOrganiser), context, params: params() }))).status).toBe(404);
    expect((await run(() => attendanceLoader({ request: get(path(), cookies.staff), context, params: params() }))).status).toBe(403);
    const posted = await run(() => attendanceAction({ request: post(path(), { participants: "5", firstTimers: "0", supportedParticipants: "0" }, cookies.otherOrganiser), context, params: params() }));
    expect(posted.status).toBe(404);
    expect((await run(() => attendanceLoader({ request: get(path(), cookies.organiser), context, params: params() }))).status).toBe(200);
  });

  test("errors come back beside the fields with the typed values; a good save redirects and saving twice keeps one record", async () => {
    const bad = await run(() =>
      attendanceAction({ request: post(path(), { participants: "5", firstTimers: "6", supportedParticipants: "x" }, cookies.organiser), context, params: params() }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(body.errors).toMatchObject({ supportedParticipants: "attendance.error.count" });
    expect(body.values.firstTimers).toBe("6");
    const tooMany = await run(() =>
      attendanceAction({ request: post(path(), { participants: "5", firstTimers: "6", supportedParticipants: "0" }, cookies.organiser), context, params: params() }),
    );
    expect(((await tooMany.json()) as { errors: Record<string, string> }).errors.firstTimers).toBe("attendance.error.firstTimers");
    const fields = { participants: "18", firstTimers: "2", supportedParticipants: "1", "age_75+": "9" };
    for (let i = 0; i < 2; i++) {
      const ok = await run(() => attendanceAction({ request: post(path(), fields, cookies.organiser), context, params: params() }));
      expect(ok.status).toBe(302);
    }
    const rows = await database.db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, occurrenceId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ participants: 18, firstTimers: 2, supportedParticipants: 1, ageBands: { "75+": 9 } });
  });

  test("roster ticks arrive as plain radio fields (no JavaScript): the loader lists the roster, the action stores the marks", async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const slot = await createRoleSlot(database.db, { hubId, startsAt, slots: 2 });
    const volunteer = await createUser(database.db, { displayName: "ボランティア花子" });
    const beforeStart = new Date(Date.now() - 60_000);
    const mine = await signUpForRole(database.db, { userId: volunteer.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, now: beforeStart });
    const guest = await addGuestSignup(database.db, { organiserId: volunteer.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, guestName: "電話の山田さん", now: beforeStart });
    // The session has started by now.
    await database.db.execute(sqlStartedNow(slot.occurrence.id));
    const rosterPath = `/organise/occurrences/${slot.occurrence.id}/attendance`;
    const p = { occurrenceId: String(slot.occurrence.id) };
    const page = await run(() => attendanceLoader({ request: get(rosterPath, cookies.organiser), context, params: p }));
    const body = (await page.json()) as { roster: { signupId: number; name: string; guest: boolean }[] };
    expect(body.roster.map((r) => [r.name, r.guest])).toEqual([
      ["ボランティア花子", false],
      ["電話の山田さん", true],
    ]);
    const fields = { participants: "7", firstTimers: "0", supportedParticipants: "0", [`signup_${mine.signupId}`]: "attended", [`signup_${guest.signupId}`]: "absent" };
    expect((await run(() => attendanceAction({ request: post(rosterPath, fields, cookies.organiser), context, params: p }))).status).toBe(302);
    const marks = await database.db.select({ id: signups.id, status: signups.status }).from(signups).where(eq(signups.occurrenceId, slot.occurrence.id));
    expect(Object.fromEntries(marks.map((m) => [m.id, m.status]))).toEqual({ [mine.signupId]: "attended", [guest.signupId]: "no_show" });
    const bad = await run(() => attendanceAction({ request: post(rosterPath, { ...fields, [`signup_${mine.signupId}`]: "maybe" }, cookies.organiser), context, params: p }));
    expect(bad.status).toBe(400);
  });
});

function sqlStartedNow(occurrenceId: number) {
  return sql`update occurrences set starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour' where id = ${occurrenceId}`;
}
