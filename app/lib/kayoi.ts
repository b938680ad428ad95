import { kayoiActivities, kayoiOperators, kayoiVenues, type KayoiActivity, type KayoiOperator, type KayoiVenue } from "#db/kayoi-codes";

// The 通いの場 return (介護予防・日常生活支援総合事業の実施状況調査, docs/decisions/026-kayoi-return.md):
// the one table from our activity categories to its 主な活動内容, the defaults for 運営主体 and
// 場所 when staff have not set them, and the 開催頻度 rule. Client-safe: the page and the
// service both read it (labels are the i18n group `kayoi`).

/**
 * Our category code → the survey's 主な活動内容, or null when the category is no 通いの場
 * activity at all (its sessions do not count towards a place's frequency). Every category the
 * product ships (migration 0005) has a row; tests/integration/kayoi-return.test.ts fails if one
 * is missing. A category an admin adds later counts as その他 until a row is added here.
 */
export const categoryToKayoiActivity: Readonly<Record<string, KayoiActivity | null>> = {
  exercise: "exercise", // 体操・健康 → 体操（運動）
  salon: "tea_salon", // サロン・茶話会 → 茶話会
  meals: "meal", // 食事・子ども食堂 → 会食
  learning: "lifelong_learning", // 学習 → 生涯学習
  hobby: "hobby", // 趣味・文化 → 趣味活動
  watch: "volunteering", // 見守り: residents looking out for neighbours → ボランティア活動
  recycling: "volunteering", // 資源回収, run by residents → ボランティア活動
  disaster: "lifelong_learning", // 防災講座・訓練 → 生涯学習
  consultation: null, // 相談会: one-to-one advice, not a gathering
  mobility: null, // 移動販売・買い物支援: a service, not a gathering
  other: "other",
};

/** What a category counts as, and whether that came from the table or the fallback. */
export function kayoiActivityOf(categoryCode: string): { activity: KayoiActivity | null; mapped: boolean } {
  if (Object.hasOwn(categoryToKayoiActivity, categoryCode)) return { activity: categoryToKayoiActivity[categoryCode] ?? null, mapped: true };
  return { activity: "other", mapped: false };
}

/** 場所 assumed from the hub's kind (hub_kinds.code) until staff set it; kinds not listed have none. */
export const defaultVenueByHubKind: Readonly<Record<string, KayoiVenue>> = {
  shukaijo: "community_hall", // 集会所
  jichikaikan: "community_hall", // 自治会館
  kominkan: "community_hall", // 公民館
  machinaeki: "community_hall", // まちなえき: most meet in the 自治会館
  park: "park", // 公園
  ibasho: "private_home", // 居場所: mostly a house or an empty home (空き家)
};

/** 運営主体 assumed for a hub that serves a 自治会 (run by its residents): 住民団体. */
export const DEFAULT_OPERATOR_FOR_ASSOCIATION_HUB: KayoiOperator = "resident_group";

export type Setting<C extends string> = { code: C; source: "set" | "default" } | { code: null; source: "unset" };

export function operatorOf(hub: { kayoiOperator: KayoiOperator | null; servesAssociation: boolean }): Setting<KayoiOperator> {
  if (hub.kayoiOperator) return { code: hub.kayoiOperator, source: "set" };
  if (hub.servesAssociation) return { code: DEFAULT_OPERATOR_FOR_ASSOCIATION_HUB, source: "default" };
  return { code: null, source: "unset" };
}

export function venueOf(hub: { kayoiVenue: KayoiVenue | null; kindCode: string }): Setting<KayoiVenue> {
  if (hub.kayoiVenue) return { code: hub.kayoiVenue, source: "set" };
  const assumed = defaultVenueByHubKind[hub.kindCode];
  return assumed ? { code: assumed, source: "default" } : { code: null, source: "unset" };
}

export function isKayoiOperator(value: unknown): value is KayoiOperator {
  return typeof value === "string" && (kayoiOperators as readonly string[]).includes(value);
}

export function isKayoiVenue(value: unknown): value is KayoiVenue {
  return typeof value === "string" && (kayoiVenues as readonly string[]).includes(value);
}

/** 開催頻度 as the survey lists it; a place meeting less than monthly is not a 通いの場. */
export const kayoiFrequencies = ["weekly", "twice_monthly", "monthly"] as const;
export type KayoiFrequency = (typeof kayoiFrequencies)[number];

export type FrequencyVerdict =
  | { qualifies: true; frequency: KayoiFrequency; average: number }
  | { qualifies: false; reason: "once" | "below_monthly" | "no_kayoi_activity"; average: number };

/**
 * The 開催頻度 rule. `meetingDays`: the Tokyo calendar days on which the place held at least one
 * session of a 通いの場 activity (two activities on one day are one meeting); `activeMonths`:
 * the months from its first to its last meeting month of the 年度, both included, months
 * without a meeting between them counted (so a place meeting every other month averages 0.5).
 * Average per month ≥ 4 → 週1回以上, ≥ 2 → 月2回以上4回未満, ≥ 1 → 月1回以上2回未満; below
 * monthly does not qualify, nor does a single meeting in the year (a one-off event, not a place
 * people go to).
 */
export function classifyFrequency(meetingDays: number, activeMonths: number): FrequencyVerdict {
  if (meetingDays === 0 || activeMonths === 0) return { qualifies: false, reason: "no_kayoi_activity", average: 0 };
  const average = meetingDays / activeMonths;
  if (meetingDays === 1) return { qualifies: false, reason: "once", average };
  if (average >= 4) return { qualifies: true, frequency: "weekly", average };
  if (average >= 2) return { qualifies: true, frequency: "twice_monthly", average };
  if (average >= 1) return { qualifies: true, frequency: "monthly", average };
  return { qualifies: false, reason: "below_monthly", average };
}

/** One decimal, rounded down, so 3.96 never reads 「4.0」 beside 月2回以上4回未満. */
export function averageText(average: number): string {
  return (Math.floor(average * 10) / 10).toFixed(1);
}

/** `?fy=2025`: a 年度 the return can be made for (2000 to the current one), or the default. */
export function chooseKayoiYear(param: string | null, choice: { years: readonly number[]; defaultYear: number }): number {
  const asked = param && /^\d{4}$/.test(param) ? Number(param) : null;
  const latest = choice.years[0] ?? choice.defaultYear;
  return asked !== null && asked >= 2000 && asked <= latest ? asked : choice.defaultYear;
}

export { kayoiActivities, kayoiOperators, kayoiVenues, type KayoiActivity, type KayoiOperator, type KayoiVenue };
