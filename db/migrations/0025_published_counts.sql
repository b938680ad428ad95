-- Published counts of people (ADR 023). A count of 1 or 2 people of one hub, category and month
-- (the finest cell the summaries hold) is published as 0 or 3, chosen by the cell's identity and
-- never by its value: every published figure (any filter, any range, any table, the public hub
-- page) is a sum of these cells, so no subtraction between them can tell a 1 from a 2.
CREATE FUNCTION published_count(value integer, hub_id integer, category_id integer, month date, figure text)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value BETWEEN 1 AND 2
    THEN 3 * (get_byte(decode(md5(hub_id || ':' || category_id || ':' || (month - date '2000-01-01') || ':' || figure), 'hex'), 0) & 1)
    ELSE value END
$$;
--> statement-breakpoint
-- The small cells of a range of months: what each published figure corrects its exact sum by.
CREATE INDEX metric_hub_months_small ON metric_hub_months (month, hub_id) INCLUDE (category_id, participants, first_timers)
  WHERE participants BETWEEN 1 AND 2 OR first_timers BETWEEN 1 AND 2;
