import L from "leaflet";
import { useEffect, useMemo, useRef } from "react";
import { MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import type { LatLng } from "~/lib/geo";

export interface LocationPickerProps {
  tileUrl: string;
  attribution: string;
  /** The point in the latitude/longitude fields, when they hold valid numbers. */
  value: LatLng | null;
  onChange: (point: LatLng) => void;
  label: string;
}

const DEFAULT_CENTRE: [number, number] = [34.692, 135.7];

// Drawn with CSS like the other markers, so no image has to load.
const pinIcon = L.divIcon({ className: "hub-marker is-selected", html: "<span></span>", iconSize: [32, 32], iconAnchor: [16, 16] });

function ClickToMove({ onChange }: { onChange: (point: LatLng) => void }) {
  useMapEvents({ click: (event) => onChange({ lat: event.latlng.lat, lng: event.latlng.lng }) });
  return null;
}

/** Keeps the marker in view when the fields are typed into. */
function FollowValue({ value }: { value: LatLng | null }) {
  const map = useMap();
  useEffect(() => {
    if (value && !map.getBounds().contains([value.lat, value.lng])) map.panTo([value.lat, value.lng]);
  }, [map, value]);
  return null;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A map whose marker is the hub's location: click to move it there, or drag it. */
export default function LocationPicker({ tileUrl, attribution, value, onChange, label }: LocationPickerProps) {
  const centre: [number, number] = value ? [value.lat, value.lng] : DEFAULT_CENTRE;
  const marker = useRef<L.Marker>(null);
  const handlers = useMemo(
    () => ({
      dragend: () => {
        const point = marker.current?.getLatLng();
        if (point) onChange({ lat: round(point.lat), lng: round(point.lng) });
      },
    }),
    [onChange],
  );
  return (
    <MapContainer center={centre} zoom={16} className="hub-map location-picker" scrollWheelZoom={false}>
      <TileLayer url={tileUrl} attribution={attribution} />
      <ClickToMove onChange={(point) => onChange({ lat: round(point.lat), lng: round(point.lng) })} />
      <FollowValue value={value} />
      {value ? <Marker ref={marker} position={[value.lat, value.lng]} icon={pinIcon} draggable eventHandlers={handlers} title={label} /> : null}
    </MapContainer>
  );
}
