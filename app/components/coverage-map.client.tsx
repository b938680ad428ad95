import type { LatLngBoundsExpression } from "leaflet";
import { Circle, CircleMarker, MapContainer, TileLayer, Tooltip } from "react-leaflet";

export interface CoverageMapProps {
  tileUrl: string;
  attribution: string;
  radiusMetres: number;
  hubs: { id: number; name: string; lat: number; lng: number }[];
  /** Each district's centre, marked by whether an active hub is within walking distance. */
  districts: { id: number; lat: number; lng: number; covered: boolean; label: string }[];
  label: string;
}

const DEFAULT_CENTRE: [number, number] = [34.692, 135.7];

/**
 * Each active hub with its walking-distance circle, and each district's centre: a hollow red
 * square-ish marker when no active hub is within reach. The view fits the whole city.
 */
export default function CoverageMap({ tileUrl, attribution, radiusMetres, hubs, districts, label }: CoverageMapProps) {
  const points: [number, number][] = [...hubs, ...districts].map((p) => [p.lat, p.lng]);
  const bounds: LatLngBoundsExpression | undefined = points.length >= 2 ? points : undefined;
  const centre = points[0] ?? DEFAULT_CENTRE;
  return (
    <div className="hub-map coverage-map" role="region" aria-label={label}>
      <MapContainer
        {...(bounds ? { bounds, boundsOptions: { padding: [24, 24] } } : { center: centre, zoom: 13 })}
        scrollWheelZoom={false}
        style={{ height: "100%", width: "100%" }}
      >
        <TileLayer url={tileUrl} attribution={attribution} />
        {hubs.map((hub) => (
          <Circle key={`c${hub.id}`} center={[hub.lat, hub.lng]} radius={radiusMetres} pathOptions={{ color: "#1f6f43", weight: 1, fillOpacity: 0.15 }} />
        ))}
        {hubs.map((hub) => (
          <CircleMarker key={`m${hub.id}`} center={[hub.lat, hub.lng]} radius={4} pathOptions={{ color: "#0b3d22", fillOpacity: 1 }}>
            <Tooltip>{hub.name}</Tooltip>
          </CircleMarker>
        ))}
        {districts.map((d) => (
          <CircleMarker
            key={`d${d.id}`}
            center={[d.lat, d.lng]}
            radius={7}
            pathOptions={d.covered ? { color: "#555", weight: 1, fillOpacity: 0 } : { color: "#b3261e", weight: 3, fillOpacity: 0.2 }}
          >
            <Tooltip>{d.label}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
