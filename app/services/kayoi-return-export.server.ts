// The 通いの場 return as the city sends it (issue 16): an Excel workbook of four sheets — the places
// (one row each, the survey's columns), the places that do not qualify and why, the category
// table that assigned the contents, and the notes — and the first sheet as CSV. Text only from
// the page's own words (the i18n group `kayoi`), no names of people anywhere.
import type { Locale, Translate } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { averageText, type KayoiActivity, type KayoiOperator, type KayoiVenue, type Setting } from "~/lib/kayoi";
import { toCsv } from "~/lib/metrics/csv";
import { fiscalYearLabel, isoDateInTokyo } from "~/lib/metrics/periods";
import { toXlsx, type XlsxSheet, type XlsxValue } from "~/lib/xlsx.server";
import type { KayoiCategory, KayoiPlace, KayoiReturn } from "./kayoi-return.server";

/** 「住民団体」, 「住民団体（既定）」 or 「未設定」. */
function shownSetting(t: Translate, setting: Setting<string>, label: string): string {
  if (setting.code === null) return t("kayoi.source.unset");
  return setting.source === "default" ? `${label}（${t("kayoi.source.default")}）` : label;
}

export function operatorText(t: Translate, setting: Setting<KayoiOperator>): string {
  return shownSetting(t, setting, setting.code === null ? "" : t(`kayoi.operator.${setting.code}`));
}

export function venueText(t: Translate, setting: Setting<KayoiVenue>): string {
  return shownSetting(t, setting, setting.code === null ? "" : t(`kayoi.venue.${setting.code}`));
}

export function activityText(t: Translate, activity: KayoiActivity | null): string {
  return activity === null ? t("kayoi.activity.none") : t(`kayoi.activity.${activity}`);
}

/** Why a place does not qualify, in words. */
export function reasonText(t: Translate, place: KayoiPlace, categories: KayoiCategory[], locale: Locale): string {
  const verdict = place.verdict;
  if (verdict.qualifies) return "";
  if (verdict.reason === "below_monthly") {
    return t("kayoi.reason.below_monthly", { days: place.meetingDays, months: place.activeMonths, average: averageText(verdict.average) });
  }
  if (verdict.reason === "once") return t("kayoi.reason.once");
  const labels = place.excluded.map((code) => {
    const category = categories.find((c) => c.code === code);
    return category ? (locale === "en" ? category.labelEn : category.labelJa) : code;
  });
  return t("kayoi.reason.no_kayoi_activity", { categories: labels.join(locale === "en" ? ", " : "・") });
}

/** The 備考 of a place: settings still to confirm, sessions without attendance, unmapped categories. */
export function placeNotes(t: Translate, place: KayoiPlace, categories: KayoiCategory[], locale: Locale): string[] {
  const notes: string[] = [];
  for (const [setting, what] of [
    [place.operator, t("kayoi.col.operator")],
    [place.venue, t("kayoi.col.venue")],
  ] as const) {
    if (setting.source === "default") notes.push(t("kayoi.defaultNote", { what }));
    if (setting.source === "unset") notes.push(t("kayoi.unsetNote", { what }));
  }
  if (place.unrecorded > 0) notes.push(t("kayoi.unrecordedNote", { count: place.unrecorded }));
  for (const code of place.unmapped) {
    const category = categories.find((c) => c.code === code);
    notes.push(t("kayoi.unmappedNote", { category: category ? (locale === "en" ? category.labelEn : category.labelJa) : code }));
  }
  return notes;
}

function frequencyText(t: Translate, place: KayoiPlace): string {
  return place.verdict.qualifies ? t(`kayoi.frequency.${place.verdict.frequency}`) : "";
}

/** Sheet 1's header and rows (the CSV is the same table). */
function returnTable(t: Translate, r: KayoiReturn, locale: Locale): { header: string[]; rows: XlsxValue[][] } {
  const separator = locale === "en" ? ", " : "、";
  const header = [
    t("kayoi.col.name"),
    t("kayoi.col.address"),
    t("kayoi.col.mainActivity"),
    t("kayoi.col.otherActivities"),
    t("kayoi.col.operator"),
    t("kayoi.col.venue"),
    t("kayoi.col.frequency"),
    t("kayoi.col.meetingDays"),
    t("kayoi.col.average"),
    t("kayoi.col.people"),
    t("kayoi.col.visits"),
    t("kayoi.col.aged65"),
    t("kayoi.col.notes"),
  ];
  const rows = r.qualifying.map((place): XlsxValue[] => [
    place.name,
    place.address,
    activityText(t, place.contents[0]?.activity ?? null),
    place.contents
      .slice(1)
      .map((c) => activityText(t, c.activity))
      .join(separator),
    operatorText(t, place.operator),
    venueText(t, place.venue),
    frequencyText(t, place),
    place.meetingDays,
    Number(averageText(place.verdict.average)),
    place.people,
    place.visits.value ?? place.visits.text,
    null,
    placeNotes(t, place, r.categories, locale).join(separator),
  ]);
  return { header, rows };
}

export async function kayoiReturnXlsx(r: KayoiReturn, locale: Locale, now: Date = new Date()): Promise<Buffer> {
  const t = getServerTranslate(locale);
  const main = returnTable(t, r, locale);
  const sheets: XlsxSheet[] = [
    {
      name: t("kayoi.sheet.return"),
      columns: main.header.map((header, i) => ({ header, kind: i >= 7 && i <= 11 ? "number" : "text" })),
      rows: main.rows,
    },
    {
      name: t("kayoi.sheet.notQualifying"),
      columns: [
        { header: t("kayoi.col.name") },
        { header: t("kayoi.col.address") },
        { header: t("kayoi.col.reason") },
        { header: t("kayoi.col.meetingDays"), kind: "number" },
        { header: t("kayoi.col.average"), kind: "number" },
      ],
      rows: r.notQualifying.map((place) => [
        place.name,
        place.address,
        reasonText(t, place, r.categories, locale),
        place.meetingDays,
        Number(averageText(place.verdict.average)),
      ]),
    },
    {
      name: t("kayoi.sheet.mapping"),
      columns: [{ header: t("kayoi.col.categoryCode") }, { header: t("kayoi.col.category") }, { header: t("kayoi.col.mainActivity") }],
      rows: r.categories.map((c) => [c.code, locale === "en" ? c.labelEn : c.labelJa, activityText(t, c.activity)]),
    },
    {
      name: t("kayoi.sheet.notes"),
      columns: [{ header: t("kayoi.col.item") }, { header: t("kayoi.col.description"), width: 100 }],
      rows: [
        [t("kayoi.notes.year"), fiscalYearLabel(r.fiscalYear, locale) + (r.interim ? ` ${t("kayoi.interim")}` : "")],
        [t("kayoi.notes.made"), isoDateInTokyo(now)],
        [t("kayoi.notes.frequency"), t("kayoi.rule")],
        [t("kayoi.notes.people"), t("kayoi.peopleNote")],
        [t("kayoi.notes.aged65"), t("kayoi.notes.aged65Text")],
        [t("kayoi.notes.settings"), t("kayoi.notes.settingsText")],
        [t("kayoi.notes.handling"), t("kayoi.confidential")],
      ],
    },
  ];
  return toXlsx(sheets);
}

/** Sheet 1 as CSV (UTF-8 with BOM), for systems that load CSV. */
export function kayoiReturnCsv(r: KayoiReturn, locale: Locale): string {
  const t = getServerTranslate(locale);
  const { header, rows } = returnTable(t, r, locale);
  return toCsv(
    header,
    rows.map((row) => row.map((v) => (v === null ? "" : v))),
  );
}

/** `machinaeki-kayoi_2025.xlsx` */
export function kayoiFileName(fiscalYear: number, extension: "xlsx" | "csv"): string {
  return `machinaeki-kayoi_${fiscalYear}.${extension}`;
}

/** One place as the page shows it: every figure and label already in words. */
export interface KayoiPlaceView {
  hubId: number;
  name: string;
  address: string;
  mainActivity: string;
  otherActivities: string;
  operator: string;
  venue: string;
  frequency: string;
  meetingDays: number;
  average: string;
  people: string;
  visits: string;
  notes: string[];
  reason: string;
}

export function kayoiReturnView(r: KayoiReturn, locale: Locale) {
  const t = getServerTranslate(locale);
  const separator = locale === "en" ? ", " : "、";
  const view = (place: KayoiPlace): KayoiPlaceView => ({
    hubId: place.hubId,
    name: place.name,
    address: place.address,
    mainActivity: place.contents[0] ? activityText(t, place.contents[0].activity) : "",
    otherActivities: place.contents
      .slice(1)
      .map((c) => activityText(t, c.activity))
      .join(separator),
    operator: operatorText(t, place.operator),
    venue: venueText(t, place.venue),
    frequency: frequencyText(t, place),
    meetingDays: place.meetingDays,
    average: averageText(place.verdict.average),
    people: place.people === null ? t("kayoi.noPeople") : place.people.toLocaleString(locale === "en" ? "en-GB" : "ja-JP"),
    visits: place.visits.text,
    notes: placeNotes(t, place, r.categories, locale),
    reason: reasonText(t, place, r.categories, locale),
  });
  return {
    fiscalYear: r.fiscalYear,
    interim: r.interim,
    qualifying: r.qualifying.map(view),
    notQualifying: r.notQualifying.map(view),
    mapping: r.categories.map((c) => ({ code: c.code, label: locale === "en" ? c.labelEn : c.labelJa, activity: activityText(t, c.activity) })),
  };
}
