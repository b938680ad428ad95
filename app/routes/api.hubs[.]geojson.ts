import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/lib/db.server";
import { iterPublicHubFeatures } from "~/services/hubs.server";

/**
 * All public hubs as an RFC 7946 FeatureCollection (coordinates are [longitude, latitude]),
 * streamed in batches so a city with many hubs never builds the whole document in memory.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const origin = new URL(request.url).origin;
  const encoder = new TextEncoder();
  const features = iterPublicHubFeatures(db);
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"type":"FeatureCollection","features":['));
    },
    async pull(controller) {
      const next = await features.next();
      if (next.done) {
        controller.enqueue(encoder.encode("]}\n"));
        controller.close();
        return;
      }
      const hub = next.value;
      const feature = {
        type: "Feature",
        id: hub.id,
        geometry: { type: "Point", coordinates: [hub.lng, hub.lat] },
        properties: {
          name: hub.name,
          kind: hub.kindCode,
          kindLabel: hub.kindLabelJa,
          district: hub.districtName,
          address: hub.address,
          associations: hub.associations,
          accessibility: hub.accessibility,
          description: hub.description,
          url: `${origin}/hubs/${hub.id}`,
          updatedAt: hub.updatedAt,
        },
      };
      controller.enqueue(encoder.encode((first ? "" : ",") + JSON.stringify(feature)));
      first = false;
    },
    async cancel() {
      await features.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
