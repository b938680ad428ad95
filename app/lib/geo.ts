/** Walking speed used by Japanese real-estate and city guides: 80 m per minute. */
export const WALKING_METRES_PER_MINUTE = 80;
export const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  lat: number;
  lng: number;
}

export function walkingMinutes(metres: number): number {
  return Math.max(1, Math.ceil(metres / WALKING_METRES_PER_MINUTE));
}

/** "650m" or "1.2km", rounded the way a sign would show it. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)}m`;
  return `${(metres / 1000).toFixed(1)}km`;
}

/** The point on the unit sphere (x, y, z) for a latitude and longitude in degrees. */
export function toUnitSphere({ lat, lng }: LatLng): [number, number, number] {
  const φ = (lat * Math.PI) / 180;
  const λ = (lng * Math.PI) / 180;
  return [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)];
}

/** Great-circle metres from the straight-line (chord) distance between two unit-sphere points. */
export function chordToMetres(chord: number): number {
  return 2 * Math.asin(Math.min(1, chord / 2)) * EARTH_RADIUS_M;
}

export function haversineMetres(a: LatLng, b: LatLng): number {
  const [x1, y1, z1] = toUnitSphere(a);
  const [x2, y2, z2] = toUnitSphere(b);
  return chordToMetres(Math.hypot(x1 - x2, y1 - y2, z1 - z2));
}

/** Parses "34.6932,135.7006"; undefined when malformed or out of range. */
export function parseLatLng(value: string): LatLng | undefined {
  const match = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(value);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  return { lat, lng };
}

export function formatLatLng({ lat, lng }: LatLng): string {
  return `${lat.toFixed(5)},${lng.toFixed(5)}`;
}
