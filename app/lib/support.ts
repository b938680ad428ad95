// 参加支援: the fixed vocabularies of the coordinator workspace. Client-safe (forms and pages use
// them too); the database holds the codes, the dictionary holds the words.
import { tokyoDate } from "./dates";

/** 相談 → 見学 → お試し → 役割 → 定着, and ended (終了). Order matters: it defines "forward". */
export const supportStages = ["consultation", "visit", "trial", "role", "settled", "ended"] as const;
export type SupportStage = (typeof supportStages)[number];

/** Whether moving from `from` to `to` is a step forward (for the stage_moves indicator). */
export function isForwardMove(from: SupportStage, to: SupportStage): boolean {
  if (to === "ended" || from === "ended") return false;
  return supportStages.indexOf(to) > supportStages.indexOf(from);
}

/** 会話少なめ, 短時間, 午前のみ, 同行が必要, 車いす, 人混みが苦手, … */
export const supportConstraints = [
  "quiet",
  "short",
  "morning_only",
  "needs_companion",
  "wheelchair",
  "no_crowds",
  "seated",
  "first_time_ok",
] as const;
export type SupportConstraint = (typeof supportConstraints)[number];

export function isSupportConstraint(value: string): value is SupportConstraint {
  return (supportConstraints as readonly string[]).includes(value);
}

/** 面談, 同行, 電話, 支援会議, 重層的支援会議. The last two are meetings (counted once each). */
export const accompanimentKinds = ["interview", "accompany", "phone", "support_meeting", "multi_agency_meeting"] as const;
export type AccompanimentKind = (typeof accompanimentKinds)[number];
export const meetingKinds = ["support_meeting", "multi_agency_meeting"] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export function isMeetingKind(kind: AccompanimentKind): kind is MeetingKind {
  return (meetingKinds as readonly string[]).includes(kind);
}

/** 連携した関係者: people, departments, organisations, companies. */
export const partnerKinds = ["person", "department", "organisation", "company"] as const;
export type PartnerKind = (typeof partnerKinds)[number];

export const CASE_CODE_MAX = 40;
export const PSEUDONYM_MAX = 60;
export const REAL_NAME_MAX = 60;
export const FREE_TEXT_MAX = 1000;
export const INTERESTS_MAX = 10;
export const INTEREST_MAX = 40;
export const PARTNER_NAME_MAX = 80;
export const WALKING_MAX_METRES = 5000;

/** Today's date in Asia/Tokyo as YYYY-MM-DD (the default for date fields). */
export function todayInTokyo(now = new Date()): string {
  return tokyoDate(now);
}
