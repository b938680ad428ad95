import { afterEach, describe, expect, test } from "vitest";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { cellsCovered, evaluateCandidate, formatReason, rankCandidates, type MatchCandidate, type MatchPerson } from "~/lib/matching";

// Ikoma station; a hub 600 m due north (8 minutes at 80 m/min, rounded up).
const home = { lat: 34.6917, lng: 135.7006 };
const metresNorth = (m: number) => ({ lat: home.lat + m / 111_195, lng: home.lng });
const now = new Date("2026-11-20T00:00:00+09:00"); // a Friday
/** Wednesday 25 November 2026, Tokyo wall-clock time. */
const wed = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00+09:00`);

const ja = getServerTranslate("ja");
const en = getServerTranslate("en");

function person(overrides: Partial<MatchPerson> = {}): MatchPerson {
  return { skills: [], interests: [], availability: ["wed.morning"], home, maxWalkingMinutes: 15, ...overrides };
}
function role(overrides: Partial<MatchCandidate> = {}): MatchCandidate {
  return {
    key: "r1",
    hub: { ...metresNorth(600), accessibility: [] },
    startsAt: wed("10:00"),
    endsAt: wed("11:30"),
    category: "meal",
    skillsWanted: [],
    loadTags: [],
    freeSlots: 2,
    ...overrides,
  };
}
function reasonsOf(p: MatchPerson, c: MatchCandidate, t = ja) {
  const result = evaluateCandidate(p, c, { now });
  if (!result.ok) throw new Error(`excluded: ${result.exclusions.join(", ")}`);
  return result.suggestion.reasons.map((reason) => formatReason(t, reason));
}
function exclusionsOf(p: MatchPerson, c: MatchCandidate) {
  const result = evaluateCandidate(p, c, { now });
  return result.ok ? [] : result.exclusions;
}

describe("reasons in words", () => {
  test("a cooking role on Wednesday morning 600 m away, for a newcomer who cooks", () => {
    const p = person({ skills: ["cooking"], interests: ["meal"], newcomer: true });
    const c = role({ skillsWanted: ["料理"], loadTags: ["first_timers"], categoryLabel: "食事・子ども食堂" });
    expect(reasonsOf(p, c)).toEqual(["徒歩8分（600m）", "水曜午前に参加できる", "「料理」が一致", "関心のある「食事・子ども食堂」", "はじめてOK"]);
    expect(reasonsOf(p, c, en)).toEqual([
      "8 min walk (600m)",
      "You are free on Wednesday morning",
      "Matches your skill “Cooking”",
      "You are interested in “食事・子ども食堂”",
      "Newcomers welcome",
    ]);
  });

  test("free words match listed skills typed in either language and in full-width letters", () => {
    expect(reasonsOf(person({ skills: ["料理"] }), role({ skillsWanted: ["cooking"] }))).toContain("「料理」が一致");
    expect(reasonsOf(person({ skills: ["ＣＯＯＫＩＮＧ"] }), role({ skillsWanted: ["cooking"] }))).toContain("「料理」が一致");
    expect(reasonsOf(person({ skills: ["そば打ち"] }), role({ skillsWanted: [" そば打ち "] }))).toContain("「そば打ち」が一致");
  });

  test("a session over two day parts says so, and needs both free", () => {
    const c = role({ startsAt: wed("11:00"), endsAt: wed("13:00") });
    expect(exclusionsOf(person(), c)).toEqual(["busy"]);
    expect(reasonsOf(person({ availability: ["wed.morning", "wed.afternoon"] }), c)).toContain("水曜午前〜午後に参加できる");
  });

  test("a met constraint or preference is given as a reason", () => {
    const p = person({ constraints: ["seated"], preferences: ["short"] });
    expect(reasonsOf(p, role({ loadTags: ["seated"] }))).toEqual(["徒歩8分（600m）", "水曜午前に参加できる", "座ってできる", "短時間（90分以内）"]);
  });
});

describe("hard rules", () => {
  test("never a time marked busy", () => {
    expect(exclusionsOf(person({ availability: ["wed.afternoon"] }), role())).toEqual(["busy"]);
    expect(exclusionsOf(person({ availability: ["tue.morning", "thu.morning"] }), role())).toEqual(["busy"]);
    expect(exclusionsOf(person({ availability: [] }), role())).toEqual(["busy"]);
  });

  test("never beyond the walking distance", () => {
    const c = role({ hub: metresNorth(1990) }); // 24.9 → 25 minutes
    expect(exclusionsOf(person({ maxWalkingMinutes: 24 }), c)).toEqual(["too_far"]);
    expect(exclusionsOf(person({ maxWalkingMinutes: 25 }), c)).toEqual([]);
  });

  test("never a past, full or malformed slot", () => {
    expect(exclusionsOf(person(), role({ startsAt: new Date("2026-11-18T10:00:00+09:00"), endsAt: new Date("2026-11-18T11:00:00+09:00") }))).toContain("past");
    expect(exclusionsOf(person(), role({ freeSlots: 0 }))).toEqual(["full"]);
    expect(exclusionsOf(person(), role({ endsAt: wed("10:00") }))).toEqual(["invalid_time"]);
  });

  test("never a role that breaks a hard constraint", () => {
    const afternoon = role({ startsAt: wed("13:00"), endsAt: wed("14:00") });
    const p = person({ availability: ["wed.morning", "wed.afternoon"] });
    expect(exclusionsOf({ ...p, constraints: ["mornings_only"] }, afternoon)).toEqual(["constraint:mornings_only"]);
    expect(exclusionsOf({ ...p, constraints: ["wheelchair"] }, role())).toEqual(["constraint:wheelchair"]);
    expect(exclusionsOf({ ...p, constraints: ["wheelchair"] }, role({ hub: { ...metresNorth(600), accessibility: ["step_free"] } }))).toEqual([]);
    // Crowd size unknown counts as not small: a hard constraint is never guessed.
    expect(exclusionsOf({ ...p, constraints: ["avoid_crowds"] }, role())).toEqual(["constraint:avoid_crowds"]);
    expect(exclusionsOf({ ...p, constraints: ["avoid_crowds"] }, role({ expectedPeople: 12 }))).toEqual([]);
    expect(exclusionsOf({ ...p, constraints: ["low_conversation"] }, role({ loadTags: ["solo"] }))).toEqual([]);
    expect(exclusionsOf({ ...p, constraints: ["short"] }, role({ endsAt: wed("12:00") }))).toEqual(["constraint:short"]);
    expect(exclusionsOf({ ...p, constraints: ["short"] }, role({ endsAt: wed("12:00"), loadTags: ["short"] }))).toEqual([]);
  });

  test("a preference that is not met only ranks lower", () => {
    const p = person({ preferences: ["seated"] });
    const [first, second] = rankCandidates(p, [role({ key: "standing" }), role({ key: "seated", loadTags: ["seated"] })], { now });
    expect([first?.candidate.key, second?.candidate.key]).toEqual(["seated", "standing"]);
  });
});

describe("ranking", () => {
  test("nearer first when all else is equal", () => {
    const ranked = rankCandidates(person(), [role({ key: "far", hub: metresNorth(900) }), role({ key: "near", hub: metresNorth(200) })], { now });
    expect(ranked.map((s) => s.candidate.key)).toEqual(["near", "far"]);
  });

  test("a wanted skill outweighs a few minutes' walk", () => {
    const p = person({ skills: ["reception"] });
    const ranked = rankCandidates(
      p,
      [role({ key: "near", hub: metresNorth(200) }), role({ key: "skill", hub: metresNorth(700), skillsWanted: ["reception"] })],
      { now },
    );
    expect(ranked.map((s) => s.candidate.key)).toEqual(["skill", "near"]);
  });

  test("an interest counts; はじめてOK counts for a newcomer only", () => {
    const candidates = [role({ key: "plain" }), role({ key: "welcome", loadTags: ["first_timers"] })];
    expect(rankCandidates(person({ newcomer: true }), candidates, { now })[0]?.candidate.key).toBe("welcome");
    const veteran = rankCandidates(person({ newcomer: false }), candidates, { now });
    expect(veteran[0]?.score).toBe(veteran[1]?.score);
    const interest = rankCandidates(person({ interests: ["salon"] }), [role({ key: "meal" }), role({ key: "salon", category: "salon" })], { now });
    expect(interest[0]?.candidate.key).toBe("salon");
  });

  test("scores are 0–100 and the parts add up", () => {
    const p = person({ skills: ["cooking"], interests: ["meal"], newcomer: true, preferences: ["seated", "short"] });
    const c = role({ hub: { ...home, accessibility: [] }, skillsWanted: ["cooking"], loadTags: ["first_timers", "seated"], startsAt: new Date(now.getTime() + 10 * 3_600_000), endsAt: new Date(now.getTime() + 11 * 3_600_000) });
    const result = evaluateCandidate({ ...p, availability: ["fri.morning"] }, c, { now });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { score, parts } = result.suggestion;
    expect(score).toBeGreaterThan(90);
    expect(score).toBeLessThanOrEqual(100);
    expect(score).toBe(Math.round(Object.values(parts).reduce((a, b) => a + b, 0)));
  });

  test("the limit keeps the best", () => {
    const ranked = rankCandidates(person(), [1, 2, 3, 4].map((i) => role({ key: `r${i}`, hub: metresNorth(i * 200) })), { now, limit: 2 });
    expect(ranked.map((s) => s.candidate.key)).toEqual(["r1", "r2"]);
  });
});

describe("day parts in Asia/Tokyo whatever the process time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  test.each(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])("TZ=%s", (zone) => {
    process.env.TZ = zone;
    expect(cellsCovered(wed("10:00"), wed("11:30"))).toEqual(["wed.morning"]);
    expect(cellsCovered(wed("12:00"), wed("17:00"))).toEqual(["wed.afternoon"]);
    expect(cellsCovered(wed("16:30"), wed("18:00"))).toEqual(["wed.afternoon", "wed.evening"]);
    expect(cellsCovered(wed("23:00"), new Date("2026-11-26T01:00:00+09:00"))).toEqual(["wed.evening", "thu.evening"]);
    expect(cellsCovered(wed("04:00"), wed("06:00"))).toEqual(["wed.evening", "wed.morning"]);
    expect(reasonsOf(person(), role())).toContain("水曜午前に参加できる");
  });
});
