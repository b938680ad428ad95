import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { listMapClustersForView, readHubSearch } from "~/services/hubs.server";

const viewSchema = z.object({
  bbox: z
    .string()
    .transform((value) => value.split(",").map(Number))
    .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
    .refine(([west, south, east, north]) => west <= east && south <= north, "west ≤ east and south ≤ north"),
  zoom: z.coerce.number().int().min(0).max(20),
});

/** Hubs in a map view, clustered: what the map draws besides the list's numbered markers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const view = viewSchema.safeParse({ bbox: params.get("bbox"), zoom: params.get("zoom") });
  if (!view.success) return json({ message: "bbox=west,south,east,north and zoom=0..20 are required" }, { status: 400 });
  const db = await getDb();
  const { search } = await readHubSearch(db, params);
  const { notices: _notices, near: _near, page: _page, ...filters } = search;
  const clusters = await listMapClustersForView(db, { ...view.data, filters });
  return json({ clusters }, { headers: { "Cache-Control": "public, max-age=60" } });
}
