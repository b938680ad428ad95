-- When an organiser changes how many people a role needs, the coming sessions' slot rows follow.
-- Reducing below the number already confirmed for a coming session fails on the check
-- constraint role_slot_fills_within_slots: the organiser must remove someone first.
CREATE FUNCTION role_slot_fills_follow_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE role_slot_fills f
     SET slots = NEW.slots
    FROM occurrences o
   WHERE f.role_id = NEW.id
     AND o.id = f.occurrence_id
     AND o.ends_at > now();
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER activity_roles_slots_changed
  AFTER UPDATE OF slots ON activity_roles
  FOR EACH ROW WHEN (OLD.slots IS DISTINCT FROM NEW.slots)
  EXECUTE FUNCTION role_slot_fills_follow_slots();
