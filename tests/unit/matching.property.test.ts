// Property: whatever the person and the candidates, no suggestion breaks a hard rule, and every
// candidate that keeps all of them is suggested. The checks below are written independently of
// app/lib/matching.ts (Intl for the Tokyo clock, sampling every 15 minutes).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { haversineMetres } from "~/lib/geo";
import { rankCandidates, type MatchCandidate, type MatchPerson } from "~/lib/matching";
import { loadTags } from "~/lib/load-tags";
import { availabilityCells, needs, type Need } from "~/lib/volunteering";

const home = { lat: 34.6917, lng: 135.7006 };
const now = new Date("2026-11-20T09:00:00+09:00");
const QUARTER = 15 * 60_000;

const tokyo = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", weekday: "short", hour: "numeric", hourCycle: "h23" });
function tokyoCell(instant: number): string {
  const parts = tokyo.formatToParts(instant);
  const weekday = (parts.find((p) => p.type === "weekday")?.value ?? "").toLowerCase();
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  const part = hour >= 5 && hour < 12 ? "morning" : hour >= 12 && hour < 17 ? "afternoon" : "evening";
  return `${weekday}.${part}`;
}
/** Every 15-minute step of the session (starts and lengths are whole quarters in this test). */
function sampledCells(c: MatchCandidate): string[] {
  const cells: string[] = [];
  for (let t = c.startsAt.getTime(); t < c.endsAt.getTime(); t += QUARTER) cells.push(tokyoCell(t));
  return cells;
}
function keepsNeed(need: Need, c: MatchCandidate): boolean {
  const minutes = (c.endsAt.getTime() - c.startsAt.getTime()) / 60_000;
  switch (need) {
    case "low_conversation":
      return c.loadTags.some((tag) => tag === "quiet" || tag === "solo");
    case "short":
      return c.loadTags.includes("short") || minutes <= 90;
    case "mornings_only":
      return sampledCells(c).every((cell) => cell.endsWith(".morning"));
    case "wheelchair":
      return Boolean(c.hub.accessibility?.includes("step_free"));
    case "avoid_crowds":
      return typeof c.expectedPeople === "number" && c.expectedPeople <= 15;
    case "seated":
      return c.loadTags.includes("seated");
  }
}
function keepsEveryHardRule(p: MatchPerson, c: MatchCandidate): boolean {
  const metres = haversineMetres(p.home, c.hub);
  return (
    c.startsAt.getTime() > now.getTime() &&
    c.freeSlots > 0 &&
    Math.max(1, Math.ceil(metres / 80)) <= p.maxWalkingMinutes &&
    sampledCells(c).every((cell) => (p.availability as readonly string[]).includes(cell)) &&
    (p.constraints ?? []).every((need) => keepsNeed(need, c))
  );
}

const personArb: fc.Arbitrary<MatchPerson> = fc.record({
  skills: fc.subarray(["cooking", "reception", "料理", "そば打ち"]),
  interests: fc.subarray(["meal", "salon", "exercise"]),
  availability: fc.subarray([...availabilityCells]),
  home: fc.record({ lat: fc.double({ min: home.lat - 0.02, max: home.lat + 0.02, noNaN: true }), lng: fc.double({ min: home.lng - 0.02, max: home.lng + 0.02, noNaN: true }) }),
  maxWalkingMinutes: fc.integer({ min: 1, max: 90 }),
  constraints: fc.subarray([...needs]),
  preferences: fc.subarray([...needs]),
  newcomer: fc.boolean(),
});

const candidateArb: fc.Arbitrary<MatchCandidate> = fc
  .record({
    key: fc.uuid(),
    lat: fc.double({ min: home.lat - 0.04, max: home.lat + 0.04, noNaN: true }),
    lng: fc.double({ min: home.lng - 0.04, max: home.lng + 0.04, noNaN: true }),
    accessibility: fc.subarray(["step_free", "chairs", "wheelchair_toilet"]),
    // From two days before "now" to four weeks after, on the quarter hour; 15 min to 10 h long.
    startQuarter: fc.integer({ min: -2 * 96, max: 28 * 96 }),
    lengthQuarters: fc.integer({ min: 1, max: 40 }),
    category: fc.constantFrom("meal", "salon", "exercise", "study"),
    skillsWanted: fc.subarray(["cooking", "reception", "crafts", "そば打ち"]),
    loadTags: fc.subarray([...loadTags]),
    freeSlots: fc.integer({ min: -1, max: 5 }),
    expectedPeople: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  })
  .map(({ lat, lng, accessibility, startQuarter, lengthQuarters, ...rest }) => {
    const startsAt = new Date(now.getTime() + startQuarter * QUARTER);
    return { ...rest, hub: { lat, lng, accessibility }, startsAt, endsAt: new Date(startsAt.getTime() + lengthQuarters * QUARTER) };
  });

describe("matching never breaks a hard rule", () => {
  test("every suggestion keeps every hard rule; every candidate that keeps them is suggested", () => {
    fc.assert(
      fc.property(personArb, fc.array(candidateArb, { maxLength: 30 }), (p, candidates) => {
        const suggestions = rankCandidates(p, candidates, { now });
        for (const s of suggestions) expect(keepsEveryHardRule(p, s.candidate)).toBe(true);
        const suggested = new Set(suggestions.map((s) => s.candidate));
        for (const c of candidates) if (keepsEveryHardRule(p, c)) expect(suggested.has(c)).toBe(true);
        for (let i = 1; i < suggestions.length; i++) expect(suggestions[i - 1]!.score).toBeGreaterThanOrEqual(suggestions[i]!.score);
        for (const s of suggestions) expect(s.score).toBeGreaterThanOrEqual(0);
        for (const s of suggestions) expect(s.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 500 },
    );
  });

  test("with a generous person most candidates are suggested (the property above is not vacuous)", () => {
    const open: MatchPerson = { skills: [], interests: [], availability: [...availabilityCells], home, maxWalkingMinutes: 90 };
    fc.assert(
      fc.property(fc.array(candidateArb, { minLength: 20, maxLength: 20 }), (candidates) => {
        const eligible = candidates.filter((c) => c.freeSlots > 0 && c.startsAt > now);
        expect(rankCandidates(open, candidates, { now })).toHaveLength(eligible.length);
      }),
      { numRuns: 100 },
    );
  });
});
