-- One home for places and the waiting list (issue 13; app/services/capacity.server.ts decides,
-- this migration makes the database keep the invariants whatever the code does).
--
-- 1. A person holds one live place per session (any role), and none in overlapping sessions
--    unless a role allows it (activity_roles.allows_overlap, the organiser's choice).
-- 2. The taken counts (role_slot_fills.confirmed, support_visit_fills.expected) are kept by
--    triggers from the entries' statuses, so they cannot drift from the rows; their check
--    constraints then mean "never more people than places".
-- 3. At commit, no pool has a free place while someone waits (deferred constraint triggers).
--    Trigger 0008 still makes the coming sessions' slots follow a role's; a raise that admits
--    nobody (it did, before capacity.resize) now fails at commit instead of leaving people waiting.
ALTER TABLE "activity_roles" ADD COLUMN "allows_overlap" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Repair before the new index: a person live in two roles of one session keeps the first.
UPDATE signups s SET status = 'cancelled', cancelled_at = now()
 WHERE s.user_id IS NOT NULL AND s.status IN ('confirmed', 'waitlisted')
   AND EXISTS (SELECT 1 FROM signups f WHERE f.occurrence_id = s.occurrence_id AND f.user_id = s.user_id
                AND f.status IN ('confirmed', 'waitlisted') AND f.id < s.id);--> statement-breakpoint
DROP INDEX "signups_one_live_per_person";--> statement-breakpoint
CREATE UNIQUE INDEX "signups_one_live_per_session" ON "signups" USING btree ("occurrence_id","user_id") WHERE "signups"."user_id" is not null and "signups"."status" in ('confirmed', 'waitlisted');--> statement-breakpoint
-- Whether `p_user` is busy for a place in role `p_role` of session `p_occurrence`: live in that
-- session already, or in a scheduled session that overlaps it (unless either role allows it).
-- `p_except` is the sign-up being checked itself. The trigger below, the sign-up service and
-- the suggestions all ask this one function.
CREATE FUNCTION person_busy_for(p_user text, p_occurrence integer, p_role integer, p_except integer)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
      FROM signups s
      JOIN occurrences o ON o.id = s.occurrence_id
      JOIN activity_roles r ON r.id = s.role_id
      JOIN occurrences mine ON mine.id = p_occurrence
      JOIN activity_roles my_role ON my_role.id = p_role
     WHERE s.user_id = p_user
       AND s.id IS DISTINCT FROM p_except
       AND s.status IN ('confirmed', 'waitlisted')
       AND (o.id = mine.id
            OR (o.status = 'scheduled' AND o.starts_at < mine.ends_at AND o.ends_at > mine.starts_at
                AND NOT r.allows_overlap AND NOT my_role.allows_overlap)))
$$;--> statement-breakpoint
-- The lock every decision about one person's places takes (sign-up service and trigger alike),
-- so two concurrent sign-ups of one person see each other.
CREATE FUNCTION lock_person_places(p_user text) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('signups.person:' || p_user, 0))
$$;--> statement-breakpoint
CREATE FUNCTION signups_one_place_at_a_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.user_id IS NULL OR NEW.status NOT IN ('confirmed', 'waitlisted') THEN RETURN NEW; END IF;
  -- Only a new or revived sign-up takes a place: waiting → confirmed keeps the one the person
  -- held in the queue, and a roster tick undone (attended → confirmed) the one they had.
  IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' THEN RETURN NEW; END IF;
  PERFORM lock_person_places(NEW.user_id);
  IF person_busy_for(NEW.user_id, NEW.occurrence_id, NEW.role_id, NEW.id) THEN
    RAISE EXCEPTION 'the person already holds a place at that time'
      USING ERRCODE = '23P01', CONSTRAINT = 'signups_one_place_at_a_time';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER signups_one_place_at_a_time BEFORE INSERT OR UPDATE OF status ON signups
  FOR EACH ROW EXECUTE FUNCTION signups_one_place_at_a_time();--> statement-breakpoint
-- Taken counts follow the rows. A role place is held while confirmed (and after the session,
-- attended or no_show); a 見学 place while expected.
CREATE FUNCTION role_slot_fills_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status IN ('confirmed', 'attended', 'no_show') THEN delta := delta - 1; END IF;
  IF TG_OP <> 'DELETE' AND NEW.status IN ('confirmed', 'attended', 'no_show') THEN delta := delta + 1; END IF;
  IF delta < 0 THEN
    UPDATE role_slot_fills SET confirmed = confirmed - 1 WHERE occurrence_id = OLD.occurrence_id AND role_id = OLD.role_id;
  ELSIF delta > 0 THEN
    INSERT INTO role_slot_fills (occurrence_id, role_id, slots, confirmed)
      SELECT NEW.occurrence_id, r.id, r.slots, 1 FROM activity_roles r WHERE r.id = NEW.role_id
      ON CONFLICT (occurrence_id, role_id) DO UPDATE SET confirmed = role_slot_fills.confirmed + 1;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER signups_count_places AFTER INSERT OR DELETE OR UPDATE OF status ON signups
  FOR EACH ROW EXECUTE FUNCTION role_slot_fills_count();--> statement-breakpoint
CREATE FUNCTION support_visit_fills_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'expected' THEN delta := delta - 1; END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'expected' THEN delta := delta + 1; END IF;
  IF delta < 0 THEN
    UPDATE support_visit_fills SET expected = expected - 1 WHERE occurrence_id = OLD.occurrence_id;
  ELSIF delta > 0 THEN
    INSERT INTO support_visit_fills (occurrence_id, capacity, expected)
      SELECT o.id, a.capacity, 1 FROM occurrences o JOIN activities a ON a.id = o.activity_id WHERE o.id = NEW.occurrence_id
      ON CONFLICT (occurrence_id) DO UPDATE SET expected = support_visit_fills.expected + 1;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER support_visits_count_places AFTER INSERT OR DELETE OR UPDATE OF status ON support_visits
  FOR EACH ROW EXECUTE FUNCTION support_visit_fills_count();--> statement-breakpoint
-- The counts start from the rows (they were kept by hand until now).
UPDATE role_slot_fills f SET confirmed = (
  SELECT count(*) FROM signups s WHERE s.occurrence_id = f.occurrence_id AND s.role_id = f.role_id
     AND s.status IN ('confirmed', 'attended', 'no_show'));--> statement-breakpoint
UPDATE support_visit_fills f SET expected = (
  SELECT count(*) FROM support_visits v WHERE v.occurrence_id = f.occurrence_id AND v.status = 'expected');--> statement-breakpoint
-- The repair above may have freed places: the first waiting take them, in the queue order.
DO $$
DECLARE
  pool record;
BEGIN
  FOR pool IN SELECT occurrence_id, role_id, slots - confirmed AS free FROM role_slot_fills WHERE confirmed < slots LOOP
    UPDATE signups SET status = 'confirmed', confirmed_at = now()
     WHERE id IN (SELECT id FROM signups WHERE occurrence_id = pool.occurrence_id AND role_id = pool.role_id
                    AND status = 'waitlisted' ORDER BY waitlisted_at, id LIMIT pool.free);
  END LOOP;
END;
$$;--> statement-breakpoint
-- Never a free place while someone waits: checked at commit, after the whole of a take, release
-- or resize, for the pool of every row that changed.
CREATE FUNCTION role_slot_no_free_place_while_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM role_slot_fills f WHERE f.occurrence_id = NEW.occurrence_id AND f.role_id = NEW.role_id AND f.confirmed < f.slots)
     AND EXISTS (SELECT 1 FROM signups s WHERE s.occurrence_id = NEW.occurrence_id AND s.role_id = NEW.role_id AND s.status = 'waitlisted') THEN
    RAISE EXCEPTION 'a role place is free while someone waits'
      USING ERRCODE = '23514', CONSTRAINT = 'role_slots_no_free_place_while_waiting';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER role_slot_fills_no_free_place_while_waiting AFTER INSERT OR UPDATE ON role_slot_fills
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION role_slot_no_free_place_while_waiting();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER signups_no_free_place_while_waiting AFTER INSERT OR UPDATE OF status ON signups
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION role_slot_no_free_place_while_waiting();--> statement-breakpoint
CREATE FUNCTION visit_no_free_place_while_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM support_visit_fills f WHERE f.occurrence_id = NEW.occurrence_id AND (f.capacity IS NULL OR f.expected < f.capacity))
     AND EXISTS (SELECT 1 FROM support_visits v WHERE v.occurrence_id = NEW.occurrence_id AND v.status = 'waitlisted') THEN
    RAISE EXCEPTION 'a 見学 place is free while someone waits'
      USING ERRCODE = '23514', CONSTRAINT = 'support_visits_no_free_place_while_waiting';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER support_visit_fills_no_free_place_while_waiting AFTER INSERT OR UPDATE ON support_visit_fills
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION visit_no_free_place_while_waiting();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER support_visits_no_free_place_while_waiting AFTER INSERT OR UPDATE OF status ON support_visits
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION visit_no_free_place_while_waiting();
