import { sql } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { progress } from "./measure";

/** Population centres the generated hubs cluster around (lat, lng): Japan's larger cities. */
export const CITY_CENTRES: [number, number][] = [
  [35.6895, 139.6917], [34.6937, 135.5023], [35.1815, 136.9066], [43.0618, 141.3545], [33.5904, 130.4017],
  [34.6901, 135.1955], [35.0116, 135.7681], [35.4437, 139.638], [34.3853, 132.4553], [38.2682, 140.8694],
  [35.8617, 139.6455], [35.6073, 140.1063], [34.692, 135.7], [34.6851, 135.8048], [36.5613, 136.6562],
  [37.9161, 139.0364], [34.9756, 138.3828], [32.8032, 130.7079], [31.5966, 130.5571], [26.2124, 127.6809],
];

/**
 * Adds `count` public hubs spread around the city centres (Gaussian-ish, a few km), with
 * `districts` districts (2,000: a national data set; a city has tens), kinds and one 自治会 each,
 * in batches so progress can be shown. Returns seconds.
 */
export async function generateHubs(db: Db, count: number, { batch = 20_000, districts = 2000 }: { batch?: number; districts?: number } = {}): Promise<number> {
  const bar = progress("hubs");
  await db.execute(sql`insert into hub_kinds (code, label_ja, label_en) values
    ('b_machinaeki','まちなえき','Machinaeki hub'), ('b_shukaijo','集会所','Community hall'), ('b_ibasho','居場所','Drop-in place')
    on conflict (code) do nothing`);
  await db.execute(sql`insert into districts (name, lat, lng)
    select 'bench地区' || g, 34 + (g % 40) * 0.2, 133 + (g / 40) * 0.2 from generate_series(1, ${districts}::int) g
    on conflict (name) do nothing`);
  const centres = sql.raw(`array[${CITY_CENTRES.map(([lat, lng]) => `array[${lat}, ${lng}]`).join(",")}]::float8[][]`);
  for (let start = 1; start <= count; start += batch) {
    const end = Math.min(count, start + batch - 1);
    await db.execute(sql`
      with params as (select ${centres} as c),
      rows as (
        select g, (g % ${CITY_CENTRES.length}) + 1 as ci,
               (random() + random() + random() - 1.5) * 0.15 as dlat,
               (random() + random() + random() - 1.5) * 0.18 as dlng
        from generate_series(${start}::int, ${end}::int) g
      )
      insert into hubs (name, address, lat, lng, district_id, kind_id, accessibility, description)
      select 'ベンチ拠点' || g, '生成住所 ' || g, p.c[ci][1] + dlat, p.c[ci][2] + dlng,
             (select min(id) from districts where name like 'bench地区%') + (g % ${districts}::int),
             (select min(id) from hub_kinds where code like 'b\\_%') + (g % 3),
             case when g % 3 = 0 then array['step_free','chairs'] when g % 3 = 1 then array['chairs'] else '{}'::text[] end,
             'generated for the benchmark'
      from rows, params p`);
    bar.update(end, count);
  }
  await db.execute(sql`
    insert into associations (district_id, name)
    select d.id, 'bench自治会' || d.id from districts d where d.name like 'bench地区%'
    on conflict do nothing`);
  await db.execute(sql`
    insert into hub_associations (hub_id, association_id)
    select h.id, a.id from hubs h join associations a on a.district_id = h.district_id
    where h.name like 'ベンチ拠点%' on conflict do nothing`);
  await db.execute(sql`analyze`);
  return bar.done();
}
