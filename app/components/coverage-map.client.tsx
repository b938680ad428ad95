import { Circle, CircleMarker, MapContainer, TileLayer, Tooltip } from "react-leaflet";

export interface CoverageMapProps {
  tileUrl: string;
  attribution: string;
  radiusMetres: number;
  hubs: { id: number; name: string; lat: number; lng: number }[];
  label: string;
}

const DEFAULT_CENTRE: [number, number] = [34.692, 135.7];

/** Each hub with its walking-distance circle; the gaps between circles are the places without a hub. */
export default function CoverageMap({ tileUrl, attribution, radiusMetres, hubs, label }: CoverageMapProps) {
  const first = hubs[0];
  const centre: [number, number] = first ? [first.lat, first.lng] : DEFAULT_CENTRE;
  return (
    <div className="hub-map coverage-map" role="region" aria-label={label}>
      <MapContainer center={centre} zoom={13} scrollWheelZoom={false} style={{ height: "100%", width: "100%" }}>
        <TileLayer url={tileUrl} attribution={attribution} />
        {hubs.map((hub) => (
          <Circle key={`c${hub.id}`} center={[hub.lat, hub.lng]} radius={radiusMetres} pathOptions={{ color: "#1f6f43", weight: 1, fillOpacity: 0.15 }} />
        ))}
        {hubs.map((hub) => (
          <CircleMarker key={`m${hub.id}`} center={[hub.lat, hub.lng]} radius={4} pathOptions={{ color: "#0b3d22", fillOpacity: 1 }}>
            <Tooltip>{hub.name}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
