-- The month index of the activity sets (migration 0017): year × 12 + month − 1.
CREATE FUNCTION metric_month_index(d date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(year FROM d)::int * 12 + extract(month FROM d)::int - 1) $$;
--> statement-breakpoint
-- occurrences.attendance_recorded follows attendance_records whichever code writes them, so the
-- dashboard's "not yet recorded" reads a small partial index instead of anti-joining every session.
CREATE FUNCTION attendance_records_mark_occurrence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE occurrences SET attendance_recorded = false WHERE id = OLD.occurrence_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE occurrences SET attendance_recorded = true WHERE id = NEW.occurrence_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attendance_records_mark_occurrence
  AFTER INSERT OR DELETE OR UPDATE OF occurrence_id ON attendance_records
  FOR EACH ROW EXECUTE FUNCTION attendance_records_mark_occurrence();
--> statement-breakpoint
UPDATE occurrences o SET attendance_recorded = true WHERE EXISTS (SELECT 1 FROM attendance_records r WHERE r.occurrence_id = o.id);
--> statement-breakpoint
-- Every summary the app keeps on write, rebuilt set-based from the per-hub month rollups
-- (metric_hub_months, metric_operator_months). The one definition of a full refresh: the app's
-- rebuildSummaries() calls it, the benchmark uses it after generating data, and the tests compare
-- what the writes kept with what it builds. Replaces the SQL of migration 0015.
CREATE FUNCTION metric_rebuild_summaries() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM metric_hub_years;
  INSERT INTO metric_hub_years (hub_id, category_id, fiscal_year, sessions, participants, first_timers, supported_participants, volunteer_hours)
  SELECT hub_id, category_id, (extract(year FROM month)::int - CASE WHEN extract(month FROM month) < 4 THEN 1 ELSE 0 END),
         sum(sessions), sum(participants), sum(first_timers), sum(supported_participants), round(sum(volunteer_hours)::numeric, 6)::float8
  FROM metric_hub_months GROUP BY 1, 2, 3;

  DELETE FROM metric_hub_first_held;
  INSERT INTO metric_hub_first_held (hub_id, first_month)
  SELECT hub_id, min(month) FROM metric_hub_months WHERE sessions > 0 GROUP BY hub_id;

  DELETE FROM metric_operator_years;
  INSERT INTO metric_operator_years (fiscal_year, person)
  SELECT DISTINCT (extract(year FROM month)::int - CASE WHEN extract(month FROM month) < 4 THEN 1 ELSE 0 END), person FROM metric_operator_months;

  -- Scopes: 'city', 'kind:<hub kind>', 'category:<category>' (db/schema-metrics.ts).
  DELETE FROM metric_hub_activity;
  INSERT INTO metric_hub_activity (hub_id, scope, months)
  SELECT hub_id, 'city', array_agg(DISTINCT metric_month_index(month) ORDER BY metric_month_index(month))
  FROM metric_hub_months WHERE sessions > 0 GROUP BY hub_id
  UNION ALL
  SELECT hub_id, 'category:' || category_id, array_agg(metric_month_index(month) ORDER BY month)
  FROM metric_hub_months WHERE sessions > 0 GROUP BY hub_id, category_id;

  DELETE FROM metric_operator_activity;
  INSERT INTO metric_operator_activity (hub_id, category_id, person, months)
  SELECT hub_id, category_id, person, array_agg(metric_month_index(month) ORDER BY month)
  FROM metric_operator_months GROUP BY 1, 2, 3;

  DELETE FROM metric_scope_months;
  INSERT INTO metric_scope_months (scope, month, sessions, participants, first_timers, supported_participants, volunteer_hours)
  SELECT s.scope, r.month, sum(r.sessions), sum(r.participants), sum(r.first_timers), sum(r.supported_participants),
         round(sum(r.volunteer_hours)::numeric, 6)::float8
  FROM metric_hub_months r JOIN hubs h ON h.id = r.hub_id
  CROSS JOIN LATERAL (VALUES ('city'), ('kind:' || h.kind_id), ('category:' || r.category_id)) s(scope)
  GROUP BY 1, 2;

  DELETE FROM metric_operator_people;
  INSERT INTO metric_operator_people (scope, person, months)
  SELECT s.scope, o.person, array_agg(DISTINCT m ORDER BY m)
  FROM metric_operator_activity o JOIN hubs h ON h.id = o.hub_id
  CROSS JOIN LATERAL (VALUES ('city'), ('kind:' || h.kind_id), ('category:' || o.category_id)) s(scope), unnest(o.months) m
  GROUP BY 1, 2;

  -- A hub's 'city' months count for its kind's scope too.
  DELETE FROM metric_association_activity;
  INSERT INTO metric_association_activity (scope, association_id, months)
  SELECT s.scope, ha.association_id, array_agg(DISTINCT m ORDER BY m)
  FROM metric_hub_activity a JOIN hubs h ON h.id = a.hub_id JOIN hub_associations ha ON ha.hub_id = a.hub_id
  CROSS JOIN LATERAL (SELECT a.scope AS scope UNION ALL SELECT 'kind:' || h.kind_id WHERE a.scope = 'city') s, unnest(a.months) m
  GROUP BY 1, 2;

  DELETE FROM metric_month_pairs;
  INSERT INTO metric_month_pairs (scope, subject, month, prev_month, n)
  SELECT scope, subject, month, prev_month, count(*) FROM (
    SELECT s.scope, 'hub' AS subject, m AS month, coalesce(lag(m) OVER (PARTITION BY s.scope, a.hub_id ORDER BY m), -1) AS prev_month
    FROM metric_hub_activity a JOIN hubs h ON h.id = a.hub_id
    CROSS JOIN LATERAL (SELECT a.scope AS scope UNION ALL SELECT 'kind:' || h.kind_id WHERE a.scope = 'city') s, unnest(a.months) m
    UNION ALL
    SELECT scope, 'person', m, coalesce(lag(m) OVER (PARTITION BY scope, person ORDER BY m), -1)
    FROM metric_operator_people, unnest(months) m
  ) p GROUP BY 1, 2, 3, 4;

  DELETE FROM metric_hub_year_totals;
  INSERT INTO metric_hub_year_totals (fiscal_year, hub_id, sessions, participants)
  SELECT fiscal_year, hub_id, sum(sessions), sum(participants) FROM metric_hub_years GROUP BY 1, 2;

  DELETE FROM metric_association_years;
  INSERT INTO metric_association_years (fiscal_year, association_id, active_hubs)
  SELECT y.fiscal_year, ha.association_id, count(*)
  FROM (SELECT hub_id, fiscal_year FROM metric_hub_years GROUP BY 1, 2 HAVING sum(sessions) > 0) y
  JOIN hub_associations ha ON ha.hub_id = y.hub_id
  GROUP BY 1, 2;

  DELETE FROM metric_city_years;
  INSERT INTO metric_city_years (fiscal_year, active_hubs, new_hubs, continuing_hubs, active_associations, sessions, participants, first_timers, supported_participants, volunteer_hours, operators)
  WITH hy AS (
    SELECT hub_id, fiscal_year, sum(sessions) AS s, sum(participants) AS p, sum(first_timers) AS f, sum(supported_participants) AS sp, sum(volunteer_hours) AS vh
    FROM metric_hub_years GROUP BY 1, 2 HAVING sum(sessions) > 0
  ), totals AS (
    SELECT fiscal_year, count(*) AS active_hubs, sum(s) AS s, sum(p) AS p, sum(f) AS f, sum(sp) AS sp, sum(vh) AS vh FROM hy GROUP BY 1
  ), continuing AS (
    SELECT hy.fiscal_year, count(*) AS n FROM hy JOIN hy before ON before.hub_id = hy.hub_id AND before.fiscal_year = hy.fiscal_year - 1 GROUP BY 1
  ), newcomers AS (
    SELECT (extract(year FROM first_month)::int - CASE WHEN extract(month FROM first_month) < 4 THEN 1 ELSE 0 END) AS fiscal_year, count(*) AS n
    FROM metric_hub_first_held GROUP BY 1
  ), assoc AS (
    SELECT fiscal_year, count(*) AS n FROM metric_association_years WHERE active_hubs > 0 GROUP BY 1
  ), ops AS (
    SELECT fiscal_year, count(*) AS n FROM metric_operator_years GROUP BY 1
  ), years AS (
    SELECT fiscal_year FROM totals UNION SELECT fiscal_year FROM ops
  )
  SELECT y.fiscal_year, coalesce(t.active_hubs, 0), coalesce(nw.n, 0), coalesce(c.n, 0), coalesce(a.n, 0),
    coalesce(t.s, 0), coalesce(t.p, 0), coalesce(t.f, 0), coalesce(t.sp, 0), round(coalesce(t.vh, 0)::numeric, 6)::float8, coalesce(o.n, 0)
  FROM years y
  LEFT JOIN totals t ON t.fiscal_year = y.fiscal_year
  LEFT JOIN continuing c ON c.fiscal_year = y.fiscal_year
  LEFT JOIN newcomers nw ON nw.fiscal_year = y.fiscal_year
  LEFT JOIN assoc a ON a.fiscal_year = y.fiscal_year
  LEFT JOIN ops o ON o.fiscal_year = y.fiscal_year;
END;
$$;
--> statement-breakpoint
SELECT metric_rebuild_summaries();
