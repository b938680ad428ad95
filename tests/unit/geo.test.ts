import { describe, expect, test } from "vitest";
import { chordToMetres, formatDistance, haversineMetres, parseLatLng, toUnitSphere, walkingMinutes } from "~/lib/geo";

describe("walking distance", () => {
  test("uses 80 m per minute and rounds up", () => {
    expect(walkingMinutes(80)).toBe(1);
    expect(walkingMinutes(81)).toBe(2);
    expect(walkingMinutes(800)).toBe(10);
    expect(walkingMinutes(0)).toBe(1);
  });
  test("formats metres like a sign", () => {
    expect(formatDistance(653)).toBe("650m");
    expect(formatDistance(4)).toBe("10m");
    expect(formatDistance(1234)).toBe("1.2km");
  });
});

describe("great-circle distance", () => {
  test("Ikoma station to Higashi-Ikoma station is about 1.5 km", () => {
    const metres = haversineMetres({ lat: 34.6917, lng: 135.7006 }, { lat: 34.6893, lng: 135.717 });
    expect(metres).toBeGreaterThan(1450);
    expect(metres).toBeLessThan(1550);
  });
  test("one degree of latitude is about 111 km", () => {
    expect(haversineMetres({ lat: 34, lng: 135 }, { lat: 35, lng: 135 })).toBeCloseTo(111_195, -2);
  });
  test("the chord between unit-sphere points converts back to the same metres", () => {
    const a = toUnitSphere({ lat: 34.7, lng: 135.7 });
    const b = toUnitSphere({ lat: 34.71, lng: 135.72 });
    const chord = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    expect(chordToMetres(chord)).toBeCloseTo(haversineMetres({ lat: 34.7, lng: 135.7 }, { lat: 34.71, lng: 135.72 }), 6);
  });
});

describe("parseLatLng", () => {
  test("reads the shareable near= value", () => {
    expect(parseLatLng("34.6932,135.7006")).toEqual({ lat: 34.6932, lng: 135.7006 });
    expect(parseLatLng(" -33.8 , 151.2 ")).toEqual({ lat: -33.8, lng: 151.2 });
  });
  test.each(["abc", "34.69", "91,135", "34,181", "34,135,1", "", "1e3,2", "34.6;135.7"])("refuses %j", (value) => {
    expect(parseLatLng(value)).toBeUndefined();
  });
});
