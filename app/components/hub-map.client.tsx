import L from "leaflet";
import { useEffect, useMemo, useRef, useState } from "react";
import { MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from "react-leaflet";
import type { LatLng } from "~/lib/geo";

export interface MapHub {
  id: number;
  name: string;
  lat: number;
  lng: number;
  /** The number shown in the list beside the map. */
  position?: number;
}

interface Cluster {
  lat: number;
  lng: number;
  count: number;
  hubId: number | null;
  name: string | null;
}

export interface HubMapProps {
  tileUrl: string;
  attribution: string;
  hubs: MapHub[];
  near?: LatLng;
  selectedHubId?: number;
  onSelectHub?: (hubId: number) => void;
  /** Filters for the other hubs in view (`/api/map-points`); omit for a map of `hubs` only. */
  clusterQuery?: string;
  /** Offered in a popup where the person clicks on the map. */
  onChooseNear?: (point: LatLng) => void;
  labels: {
    chooseHere: string;
    nearPoint: string;
    openHub: string;
    zoomIn: (count: number) => string;
  };
}

const DEFAULT_CENTRE: [number, number] = [34.692, 135.7];

function numberedIcon(hub: MapHub, selected: boolean) {
  return L.divIcon({
    className: `hub-marker${selected ? " is-selected" : ""}`,
    html: `<span>${hub.position ?? ""}</span>`,
    iconSize: selected ? [40, 40] : [32, 32],
    iconAnchor: selected ? [20, 20] : [16, 16],
  });
}

const nearIcon = L.divIcon({ className: "near-marker", html: "<span></span>", iconSize: [22, 22], iconAnchor: [11, 11] });

function clusterIcon(count: number) {
  const size = count === 1 ? 14 : Math.min(52, 26 + Math.log10(count) * 10);
  return L.divIcon({
    className: count === 1 ? "cluster-marker is-single" : "cluster-marker",
    html: count === 1 ? "" : `<span>${count}</span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

/** Frames the page's hubs (and the chosen point) whenever they change. */
function FitToHubs({ hubs, near }: { hubs: MapHub[]; near?: LatLng }) {
  const map = useMap();
  const key = hubs.map((h) => h.id).join(",") + (near ? `@${near.lat},${near.lng}` : "");
  useEffect(() => {
    const points: [number, number][] = hubs.map((h) => [h.lat, h.lng]);
    if (near) points.push([near.lat, near.lng]);
    if (points.length === 1 && points[0]) map.setView(points[0], 16);
    else if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 16 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` captures hubs and near
  }, [map, key]);
  return null;
}

/** Pans to the selected hub's marker. */
function FollowSelection({ hub }: { hub?: MapHub }) {
  const map = useMap();
  useEffect(() => {
    if (hub) map.panTo([hub.lat, hub.lng]);
  }, [map, hub]);
  return null;
}

/** The other hubs in view, clustered by the server; refetched when the view moves. */
function ClusterLayer({ query, exclude, labels }: { query: string; exclude: Set<number>; labels: HubMapProps["labels"] }) {
  const map = useMap();
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const controller = useRef<AbortController | undefined>(undefined);

  const load = useMemo(
    () => () => {
      const bounds = map.getBounds();
      const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((n) => n.toFixed(5)).join(",");
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      const params = new URLSearchParams(query);
      params.set("bbox", bbox);
      params.set("zoom", String(Math.round(map.getZoom())));
      fetch(`/api/map-points?${params}`, { signal: current.signal })
        .then((response) => (response.ok ? response.json() : { clusters: [] }))
        .then((body: { clusters: Cluster[] }) => setClusters(body.clusters))
        .catch(() => {});
    },
    [map, query],
  );
  useMapEvents({ moveend: load });
  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [load]);

  return (
    <>
      {clusters
        .filter((c) => c.hubId === null || !exclude.has(c.hubId))
        .map((c) =>
          c.hubId !== null ? (
            <Marker key={`h${c.hubId}`} position={[c.lat, c.lng]} icon={clusterIcon(1)} title={c.name ?? ""} keyboard={false}>
              <Popup>
                <a href={`/hubs/${c.hubId}`}>{c.name}</a>
              </Popup>
            </Marker>
          ) : (
            <Marker
              key={`c${c.lat},${c.lng}`}
              position={[c.lat, c.lng]}
              icon={clusterIcon(c.count)}
              title={labels.zoomIn(c.count)}
              keyboard={false}
              eventHandlers={{ click: () => map.setView([c.lat, c.lng], Math.min(map.getZoom() + 2, 18)) }}
            />
          ),
        )}
    </>
  );
}

/** Where the person clicks on the map, offers "search near here". */
function ChooseNear({ onChoose, label }: { onChoose: (point: LatLng) => void; label: string }) {
  const [point, setPoint] = useState<LatLng | undefined>(undefined);
  useMapEvents({ click: (event) => setPoint({ lat: event.latlng.lat, lng: event.latlng.lng }) });
  if (!point) return null;
  return (
    <Popup position={[point.lat, point.lng]} eventHandlers={{ remove: () => setPoint(undefined) }}>
      <button type="button" className="button" onClick={() => onChoose(point)}>
        {label}
      </button>
    </Popup>
  );
}

/**
 * Markers answer the pointer but are not tab stops (`keyboard={false}`): nearby hubs' markers
 * overlap, and overlapping focusable targets fail WCAG 2.5.8 (target size). Keyboard and screen
 * reader users have the same hubs, in the same order and numbers, in the list beside the map,
 * whose "地図で見る" buttons select a marker; the map itself still pans and zooms from the keyboard.
 */
export default function HubMap(props: HubMapProps) {
  const { hubs, near, selectedHubId, onSelectHub, labels } = props;
  const selected = hubs.find((h) => h.id === selectedHubId);
  const exclude = useMemo(() => new Set(hubs.map((h) => h.id)), [hubs]);
  const first = hubs[0];
  const centre: [number, number] = near ? [near.lat, near.lng] : first ? [first.lat, first.lng] : DEFAULT_CENTRE;
  return (
    <MapContainer center={centre} zoom={14} className="hub-map" scrollWheelZoom={false}>
      <TileLayer url={props.tileUrl} attribution={props.attribution} />
      <FitToHubs hubs={hubs} near={near} />
      <FollowSelection hub={selected} />
      {props.clusterQuery !== undefined ? <ClusterLayer query={props.clusterQuery} exclude={exclude} labels={labels} /> : null}
      {props.onChooseNear ? <ChooseNear onChoose={props.onChooseNear} label={labels.chooseHere} /> : null}
      {near ? <Marker position={[near.lat, near.lng]} icon={nearIcon} title={labels.nearPoint} interactive={false} /> : null}
      {hubs.map((hub) => (
        <Marker
          key={hub.id}
          position={[hub.lat, hub.lng]}
          icon={numberedIcon(hub, hub.id === selectedHubId)}
          title={hub.position ? `${hub.position}. ${hub.name}` : hub.name}
          keyboard={false}
          zIndexOffset={hub.id === selectedHubId ? 1000 : 0}
          eventHandlers={{ click: () => onSelectHub?.(hub.id) }}
        />
      ))}
    </MapContainer>
  );
}
