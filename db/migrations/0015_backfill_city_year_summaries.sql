-- The city-wide year summaries and per-自治会 active-hub counts, built once from the rollups
-- already kept (later writes keep them current: app/services/metric-rollups.server.ts).
delete from metric_association_years;
--> statement-breakpoint
delete from metric_city_years;
--> statement-breakpoint
insert into metric_association_years (fiscal_year, association_id, active_hubs)
select y.fiscal_year, ha.association_id, count(*)
from (select hub_id, fiscal_year from metric_hub_years group by 1, 2 having sum(sessions) > 0) y
join hub_associations ha on ha.hub_id = y.hub_id
group by 1, 2;
--> statement-breakpoint
insert into metric_city_years (fiscal_year, active_hubs, new_hubs, continuing_hubs, active_associations, sessions, participants, first_timers, supported_participants, volunteer_hours, operators)
with hy as (
  select hub_id, fiscal_year, sum(sessions) as s, sum(participants) as p, sum(first_timers) as f, sum(supported_participants) as sp, sum(volunteer_hours) as vh
  from metric_hub_years group by 1, 2 having sum(sessions) > 0
), totals as (
  select fiscal_year, count(*) as active_hubs, sum(s) as s, sum(p) as p, sum(f) as f, sum(sp) as sp, sum(vh) as vh from hy group by 1
), continuing as (
  select hy.fiscal_year, count(*) as n from hy join hy before on before.hub_id = hy.hub_id and before.fiscal_year = hy.fiscal_year - 1 group by 1
), newcomers as (
  select (extract(year from first_month)::int - case when extract(month from first_month) < 4 then 1 else 0 end) as fiscal_year, count(*) as n
  from metric_hub_first_held group by 1
), assoc as (
  select fiscal_year, count(*) as n from metric_association_years where active_hubs > 0 group by 1
), ops as (
  select fiscal_year, count(*) as n from metric_operator_years group by 1
), years as (
  select fiscal_year from totals union select fiscal_year from ops
)
select y.fiscal_year, coalesce(t.active_hubs, 0), coalesce(nw.n, 0), coalesce(c.n, 0), coalesce(a.n, 0),
  coalesce(t.s, 0), coalesce(t.p, 0), coalesce(t.f, 0), coalesce(t.sp, 0), coalesce(t.vh, 0), coalesce(o.n, 0)
from years y
left join totals t on t.fiscal_year = y.fiscal_year
left join continuing c on c.fiscal_year = y.fiscal_year
left join newcomers nw on nw.fiscal_year = y.fiscal_year
left join assoc a on a.fiscal_year = y.fiscal_year
left join ops o on o.fiscal_year = y.fiscal_year;
