import { and, asc, eq, gte, inArray, isNull, lt, max, or, sql } from "drizzle-orm";
import { activities, associations, hubAssociations, hubKinds, hubs, occurrences } from "#db/schema";
import { isAccessibilityFeature, accessibilityLabelKey } from "~/lib/accessibility";
import { addToDate, formatTime, tokyoDate, tokyoInstant } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { formatPhone } from "~/lib/forms/application";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { toCsv } from "~/lib/metrics/csv";
import { eventColumns, facilityColumns, type EventColumn, type FacilityColumn } from "~/lib/opendata/columns";
import { describeSchedule } from "~/lib/schedule-words";
import { toXlsx, type XlsxColumn } from "~/lib/xlsx.server";
import { scheduleOf } from "./occurrences.server";

// The city's standard open data (推奨データセット, the older edition): イベント一覧 of the coming
// sessions and 公共施設一覧 of the hubs, in `columns.ts`'s order. Only what the public pages show
// goes in: public hubs, active activities, the hub's public phone and the activity's phone for
// applications. Never a person: no organiser, applicant, volunteer or e-mail address.
// Each row is built by a pure function from one source record (`eventRow`, `facilityRow`), so an
// import can compare the city's file with ours column by column.

/** Open data is published in Japanese, whatever the reader's language. */
const t = getServerTranslate("ja");

/** イベント一覧 holds the sessions that start from today (Japan time) until this many days ahead. */
export const EVENT_HORIZON_DAYS = 90;

export type OpenDataValue = string | number | null;

/** Who publishes: the deployment's municipality (env) and the origin its links point at. */
export interface OpenDataSettings {
  municipalityCode: string;
  prefectureName: string;
  municipalityName: string;
  origin: string;
}

export function openDataSettings(env: Pick<Env, "MUNICIPALITY_CODE" | "PREFECTURE_NAME" | "MUNICIPALITY_NAME">, origin: string): OpenDataSettings {
  return { municipalityCode: env.MUNICIPALITY_CODE, prefectureName: env.PREFECTURE_NAME, municipalityName: env.MUNICIPALITY_NAME, origin };
}

/** One line: spreadsheets and the systems that load these files read a line break as a new record. */
function oneLine(text: string | null | undefined): string {
  return (text ?? "").replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function accessibilityText(codes: readonly string[]): string {
  return codes.filter(isAccessibilityFeature).map((code) => t(accessibilityLabelKey(code))).join("、");
}

/** 駐車場情報: the organiser's words; else 「駐車場あり」 when the hub is marked so; else empty (unknown). */
export function parkingText(hub: { parkingInfo: string | null; accessibility: readonly string[] }): string {
  if (hub.parkingInfo) return oneLine(hub.parkingInfo);
  return hub.accessibility.includes("parking") ? t("access.parking") : "";
}

/**
 * 参加申込方法: the organiser's words when written; otherwise said from the activity's settings
 * (whether it takes applications, and the phone it takes them on).
 */
export function applicationMethodOf(activity: { applicationMethod: string | null; registrationRequired: boolean; applicationPhone: string | null }): string {
  if (activity.applicationMethod) return oneLine(activity.applicationMethod);
  if (!activity.registrationRequired) return "申込不要（当日、会場へ直接お越しください）";
  const phone = activity.applicationPhone ? `。電話（${formatPhone(activity.applicationPhone)}）でも受け付けます` : "";
  return `事前申込制。活動のページ（URL）から申し込めます${phone}`;
}

/** The 自治会 a hub serves, by hub id. */
async function associationsByHub(db: Db, hubIds: number[]): Promise<Map<number, string[]>> {
  const byHub = new Map<number, string[]>();
  if (hubIds.length === 0) return byHub;
  const rows = await db
    .select({ hubId: hubAssociations.hubId, name: associations.name })
    .from(hubAssociations)
    .innerJoin(associations, eq(associations.id, hubAssociations.associationId))
    .where(inArray(hubAssociations.hubId, hubIds))
    .orderBy(asc(associations.name));
  for (const row of rows) byHub.set(row.hubId, [...(byHub.get(row.hubId) ?? []), row.name]);
  return byHub;
}

/** Active activities that still say something about the coming weeks: a one-off not yet past, a series not yet ended. */
function stillRunning(today: string) {
  return and(
    eq(activities.status, "active"),
    or(and(eq(activities.scheduleKind, "once"), gte(activities.startDate, today)), and(sql`${activities.scheduleKind} <> 'once'`, or(isNull(activities.endDate), gte(activities.endDate, today)))),
  );
}

const latest = (dates: readonly Date[]): Date | null => dates.reduce<Date | null>((a, b) => (a === null || b > a ? b : a), null);

// ---------------------------------------------------------------------------------------------
// イベント一覧

/** The public hub of a session or a facility, as the rows need it. */
export interface OpenDataHub {
  id: number;
  name: string;
  address: string;
  lat: number;
  lng: number;
  contactPhone: string | null;
  parkingInfo: string | null;
  accessibility: string[];
  associations: string[];
}

/** One session of an active activity at a public hub (cancelled ones too: the calendar marks them). */
export interface EventSource {
  id: number;
  activityId: number;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  cancelReason: string | null;
  note: string | null;
  updatedAt: Date;
  activity: {
    title: string;
    titleKana: string | null;
    description: string;
    audience: "everyone" | "seniors" | "families" | "disabilities" | "youth";
    feeYen: number;
    feeNote: string | null;
    capacity: number | null;
    registrationRequired: boolean;
    applicationPhone: string | null;
    applicationMethod: string | null;
    schedule: ReturnType<typeof scheduleOf>;
    updatedAt: Date;
  };
  hub: OpenDataHub & { updatedAt: Date };
}

/** The window イベント一覧 covers, seen from `now`: today (Japan time) and the next EVENT_HORIZON_DAYS days. */
export function eventWindow(now: Date): { from: Date; to: Date } {
  const today = tokyoDate(now);
  return { from: tokyoInstant(today), to: tokyoInstant(addToDate(today, { days: EVENT_HORIZON_DAYS })) };
}

/** Every session in the window at a public hub, soonest first, cancelled ones included. */
export async function listEventSources(db: Db, window: { from: Date; to: Date }): Promise<EventSource[]> {
  const rows = await db
    .select({ occurrence: occurrences, activity: activities, hub: hubs })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(hubs.status, "public"), eq(activities.status, "active"), gte(occurrences.startsAt, window.from), lt(occurrences.startsAt, window.to)))
    .orderBy(asc(occurrences.startsAt), asc(activities.title), asc(occurrences.id));
  const served = await associationsByHub(db, [...new Set(rows.map((row) => row.hub.id))]);
  return rows.map(({ occurrence: o, activity: a, hub: h }) => ({
    id: o.id,
    activityId: a.id,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    status: o.status,
    cancelReason: o.cancelReason,
    note: o.note,
    updatedAt: o.updatedAt,
    activity: {
      title: a.title,
      titleKana: a.titleKana,
      description: a.description,
      audience: a.audience,
      feeYen: a.feeYen,
      feeNote: a.feeNote,
      capacity: a.capacity,
      registrationRequired: a.registrationRequired,
      applicationPhone: a.applicationPhone,
      applicationMethod: a.applicationMethod,
      schedule: scheduleOf(a),
      updatedAt: a.updatedAt,
    },
    hub: {
      id: h.id,
      name: h.name,
      address: h.address,
      lat: h.lat,
      lng: h.lng,
      contactPhone: h.contactPhone,
      parkingInfo: h.parkingInfo,
      accessibility: h.accessibility,
      associations: served.get(h.id) ?? [],
      updatedAt: h.updatedAt,
    },
  }));
}

/** 料金(基本): 「無料」, 「300円」, or empty when only the details say (「子ども無料・大人300円」). */
function feeBasic(activity: { feeYen: number; feeNote: string | null }): string {
  if (activity.feeYen > 0) return `${activity.feeYen}円`;
  return activity.feeNote ? "" : "無料";
}

/** One row of イベント一覧 for one session. */
export function eventRow(source: EventSource, settings: OpenDataSettings): Record<EventColumn, OpenDataValue> {
  const { activity, hub } = source;
  const phone = activity.applicationPhone ? formatPhone(activity.applicationPhone) : (hub.contactPhone ?? "");
  const remarks = [
    activity.audience === "everyone" ? "" : `対象：${t(`audience.${activity.audience}`)}`,
    oneLine(source.note),
  ].filter(Boolean);
  return {
    都道府県コード又は市区町村コード: settings.municipalityCode,
    NO: String(source.id),
    都道府県名: settings.prefectureName,
    市区町村名: settings.municipalityName,
    イベント名: activity.title,
    イベント名_カナ: activity.titleKana ?? "",
    イベント名_英語: "",
    開始日: tokyoDate(source.startsAt),
    終了日: tokyoDate(source.endsAt),
    開始時間: formatTime(source.startsAt),
    終了時間: formatTime(source.endsAt),
    開始日時特記事項: describeSchedule(activity.schedule, t, "ja"),
    説明: oneLine(activity.description),
    "料金(基本)": feeBasic(activity),
    "料金(詳細)": oneLine(activity.feeNote),
    連絡先名称: hub.name,
    連絡先電話番号: phone,
    連絡先内線番号: "",
    主催者: hub.associations.join("、") || hub.name,
    場所名称: hub.name,
    住所: hub.address,
    方書: "",
    緯度: hub.lat,
    経度: hub.lng,
    アクセス方法: hub.accessibility.includes("near_bus_stop") ? t("access.near_bus_stop") : "",
    駐車場情報: parkingText(hub),
    定員: activity.capacity,
    参加申込終了日: "",
    参加申込終了時間: "",
    参加申込方法: applicationMethodOf(activity),
    URL: `${settings.origin}/activities/${source.activityId}`,
    備考: remarks.join("／"),
  };
}

// ---------------------------------------------------------------------------------------------
// 公共施設一覧

/** A public hub with the activities that run there (their schedules say when it is open). */
export interface FacilitySource extends OpenDataHub {
  openDataNo: string | null;
  nameKana: string | null;
  description: string;
  kindLabelJa: string;
  updatedAt: Date;
  activities: { title: string; schedule: ReturnType<typeof scheduleOf>; updatedAt: Date }[];
}

/** Every public hub, by id, with its active activities still to run (as of `today`). */
export async function listFacilitySources(db: Db, today: string): Promise<FacilitySource[]> {
  const hubRows = await db
    .select({ hub: hubs, kindLabelJa: hubKinds.labelJa })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .where(eq(hubs.status, "public"))
    .orderBy(asc(hubs.id));
  const hubIds = hubRows.map((row) => row.hub.id);
  const served = await associationsByHub(db, hubIds);
  const activityRows =
    hubIds.length === 0
      ? []
      : await db
          .select()
          .from(activities)
          // A one-off that is over, or a series that has ended, says nothing about when the place is open.
          .where(and(inArray(activities.hubId, hubIds), stillRunning(today)))
          .orderBy(asc(activities.startTime), asc(activities.title), asc(activities.id));
  return hubRows.map(({ hub: h, kindLabelJa }) => ({
    id: h.id,
    openDataNo: h.openDataNo,
    name: h.name,
    nameKana: h.nameKana,
    description: h.description,
    kindLabelJa,
    address: h.address,
    lat: h.lat,
    lng: h.lng,
    contactPhone: h.contactPhone,
    parkingInfo: h.parkingInfo,
    accessibility: h.accessibility,
    associations: served.get(h.id) ?? [],
    updatedAt: h.updatedAt,
    activities: activityRows.filter((a) => a.hubId === h.id).map((a) => ({ title: a.title, schedule: scheduleOf(a), updatedAt: a.updatedAt })),
  }));
}

/** One row of 公共施設一覧 for one hub. 利用可能曜日 and the hours are those of its activities. */
export function facilityRow(source: FacilitySource, settings: OpenDataSettings): Record<FacilityColumn, OpenDataValue> {
  const schedules = source.activities.map((a) => a.schedule);
  const weekdays = [...new Set(schedules.flatMap((s) => s.weekdays))].sort((a, b) => a - b);
  const starts = schedules.map((s) => s.startTime).sort();
  const ends = schedules.map((s) => s.endTime).sort();
  const remarks = [`種別：${source.kindLabelJa}`, parkingText(source) ? `駐車場：${parkingText(source)}` : ""].filter(Boolean);
  return {
    都道府県コード又は市区町村コード: settings.municipalityCode,
    NO: source.openDataNo ?? String(source.id),
    都道府県名: settings.prefectureName,
    市区町村名: settings.municipalityName,
    名称: source.name,
    名称_カナ: source.nameKana ?? "",
    名称_通称: "",
    POIコード: "",
    住所: source.address,
    方書: "",
    緯度: source.lat,
    経度: source.lng,
    電話番号: source.contactPhone ?? "",
    内線番号: "",
    法人番号: "",
    団体名: source.associations.join("、"),
    利用可能曜日: weekdays.map((day) => t(`weekday.${day as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)).join(","),
    開始時間: starts[0] ?? "",
    終了時間: ends.at(-1) ?? "",
    利用可能日時特記事項: source.activities.map((a) => `${a.title}：${describeSchedule(a.schedule, t, "ja")}`).join("／"),
    説明: oneLine(source.description),
    バリアフリー情報: accessibilityText(source.accessibility),
    URL: `${settings.origin}/hubs/${source.id}`,
    備考: remarks.join("／"),
  };
}

// ---------------------------------------------------------------------------------------------
// Data sets and files

export interface OpenDataset {
  /** File name without extension, and the worksheet's name. */
  fileName: string;
  sheetName: string;
  columns: readonly XlsxColumn[];
  rows: OpenDataValue[][];
  /** The latest change to anything the rows hold; null when there are no rows. */
  updatedAt: Date | null;
}

const dateColumns = new Set<string>(["開始日", "終了日", "参加申込終了日"]);
const numberColumns = new Set<string>(["緯度", "経度", "定員"]);

function columnsOf(headers: readonly string[]): XlsxColumn[] {
  return headers.map((header) => ({ header, kind: dateColumns.has(header) ? "date" : numberColumns.has(header) ? "number" : "text" }));
}

function inOrder<C extends string>(headers: readonly C[], record: Record<C, OpenDataValue>): OpenDataValue[] {
  return headers.map((header) => record[header]);
}

/**
 * イベント一覧: the scheduled sessions of today and the next EVENT_HORIZON_DAYS days. Cancelled
 * sessions are left out (a row is a session that takes place); the iCalendar feed carries them
 * as cancelled. Its update time counts cancelled sessions too, since leaving one out is a change.
 */
export async function eventsDataset(db: Db, settings: OpenDataSettings, now: Date = new Date()): Promise<OpenDataset> {
  const sources = await listEventSources(db, eventWindow(now));
  return {
    fileName: "event",
    sheetName: "イベント一覧",
    columns: columnsOf(eventColumns),
    rows: sources.filter((s) => s.status === "scheduled").map((s) => inOrder(eventColumns, eventRow(s, settings))),
    updatedAt: latest(sources.flatMap((s) => [s.updatedAt, s.activity.updatedAt, s.hub.updatedAt])),
  };
}

/** 公共施設一覧: every public hub. */
export async function facilitiesDataset(db: Db, settings: OpenDataSettings, now: Date = new Date()): Promise<OpenDataset> {
  const sources = await listFacilitySources(db, tokyoDate(now));
  return {
    fileName: "public_facility",
    sheetName: "公共施設一覧",
    columns: columnsOf(facilityColumns),
    rows: sources.map((s) => inOrder(facilityColumns, facilityRow(s, settings))),
    updatedAt: latest(sources.flatMap((s) => [s.updatedAt, ...s.activities.map((a) => a.updatedAt)])),
  };
}

/** The data set as CSV: UTF-8 with a BOM, CRLF, formulas escaped (`toCsv`). */
export function datasetCsv(dataset: OpenDataset): string {
  return toCsv(
    dataset.columns.map((c) => c.header),
    dataset.rows.map((row) => row.map((value) => value ?? "")),
  );
}

export function datasetXlsx(dataset: OpenDataset): Promise<Buffer> {
  return toXlsx([{ name: dataset.sheetName, columns: dataset.columns, rows: dataset.rows }]);
}

/**
 * What /opendata says of each data set: how many records and when they last changed. Computed
 * in the database, not by building the files.
 */
export async function openDataCatalogue(db: Db, now: Date = new Date()) {
  const window = eventWindow(now);
  const today = tokyoDate(now);
  const [hubStats] = await db.select({ n: sql<number>`count(*)::int`, updatedAt: max(hubs.updatedAt) }).from(hubs).where(eq(hubs.status, "public"));
  const [activityStats] = await db
    .select({ updatedAt: max(activities.updatedAt) })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(hubs.status, "public"), stillRunning(today)));
  const [eventStats] = await db
    .select({
      n: sql<number>`count(*) filter (where ${occurrences.status} = 'scheduled')::int`,
      sessions: sql<number>`count(*)::int`,
      updatedAt: sql<Date | null>`max(greatest(${occurrences.updatedAt}, ${activities.updatedAt}, ${hubs.updatedAt}))`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(hubs.status, "public"), eq(activities.status, "active"), gte(occurrences.startsAt, window.from), lt(occurrences.startsAt, window.to)));
  const hubsUpdatedAt = hubStats?.updatedAt ?? null;
  return {
    window: { from: today, to: addToDate(today, { days: EVENT_HORIZON_DAYS - 1 }) },
    events: { count: eventStats?.n ?? 0, sessions: eventStats?.sessions ?? 0, updatedAt: eventStats?.updatedAt ?? null },
    facilities: { count: hubStats?.n ?? 0, updatedAt: latest([hubsUpdatedAt, activityStats?.updatedAt ?? null].filter((d): d is Date => d !== null)) },
    hubs: { count: hubStats?.n ?? 0, updatedAt: hubsUpdatedAt },
  };
}
