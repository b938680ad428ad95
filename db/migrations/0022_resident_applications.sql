CREATE TYPE "public"."application_status" AS ENUM('confirmed', 'waitlisted', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'application_confirmed';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'application_waitlisted';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'application_promoted';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'application_reminder';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'application_session_cancelled';--> statement-breakpoint
CREATE TABLE "applicants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applicants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activity_id" integer NOT NULL,
	"user_id" text,
	"entered_by_user_id" text,
	"name" text,
	"phone" text,
	"email" text,
	"note" text,
	"party_size" smallint NOT NULL,
	"first_time" boolean DEFAULT false NOT NULL,
	"token_salt" text NOT NULL,
	"code" text NOT NULL,
	"purged_at" timestamp with time zone,
	CONSTRAINT "applicants_code_unique" UNIQUE("code"),
	CONSTRAINT "applicants_party_size_range" CHECK ("applicants"."party_size" between 1 and 20),
	CONSTRAINT "applicants_name_length" CHECK ("applicants"."name" is null or char_length("applicants"."name") between 1 and 50),
	CONSTRAINT "applicants_phone_digits" CHECK ("applicants"."phone" is null or "applicants"."phone" ~ '^[0-9]{10,11}$'),
	CONSTRAINT "applicants_email_shape" CHECK ("applicants"."email" is null or (char_length("applicants"."email") <= 254 and "applicants"."email" ~ '^[^@\s]+@[^@\s]+$')),
	CONSTRAINT "applicants_note_length" CHECK ("applicants"."note" is null or char_length("applicants"."note") <= 200),
	CONSTRAINT "applicants_purged" CHECK (case when "applicants"."purged_at" is null then "applicants"."name" is not null
        else "applicants"."name" is null and "applicants"."phone" is null and "applicants"."email" is null and "applicants"."note" is null end)
);
--> statement-breakpoint
CREATE TABLE "application_fills" (
	"occurrence_id" integer PRIMARY KEY NOT NULL,
	"capacity" integer,
	"taken" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "application_fills_within_capacity" CHECK ("application_fills"."taken" >= 0 and ("application_fills"."capacity" is null or "application_fills"."taken" <= "application_fills"."capacity")),
	CONSTRAINT "application_fills_capacity_positive" CHECK ("application_fills"."capacity" is null or "application_fills"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applicant_id" integer NOT NULL,
	"occurrence_id" integer NOT NULL,
	"user_id" text,
	"party_size" smallint NOT NULL,
	"status" "application_status" NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"no_show" boolean DEFAULT false NOT NULL,
	CONSTRAINT "applications_party_size_range" CHECK ("applications"."party_size" between 1 and 20),
	CONSTRAINT "applications_waitlisted_at" CHECK ("applications"."status" <> 'waitlisted' or "applications"."waitlisted_at" is not null),
	CONSTRAINT "applications_cancelled_at" CHECK (("applications"."status" = 'cancelled') = ("applications"."cancelled_at" is not null)),
	CONSTRAINT "applications_arrived_confirmed" CHECK ("applications"."checked_in_at" is null or "applications"."status" = 'confirmed'),
	CONSTRAINT "applications_no_show" CHECK (not "applications"."no_show" or ("applications"."status" = 'confirmed' and "applications"."checked_in_at" is null))
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ALTER COLUMN "recipient_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "max_party_size" smallint DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "application_phone" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "recipient_email" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "applicant_id" integer;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_fills" ADD CONSTRAINT "application_fills_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applicants_activity_id_index" ON "applicants" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "applicants_user_id_index" ON "applicants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "applicants_not_purged" ON "applicants" USING btree ("id") WHERE "applicants"."purged_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_per_session" ON "applications" USING btree ("applicant_id","occurrence_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_live_per_account" ON "applications" USING btree ("occurrence_id","user_id") WHERE "applications"."user_id" is not null and "applications"."status" in ('confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX "applications_waitlist" ON "applications" USING btree ("occurrence_id","waitlisted_at") WHERE "applications"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "applications_occurrence_id_status_index" ON "applications" USING btree ("occurrence_id","status");--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_messages_applicant_id_index" ON "outbox_messages" USING btree ("applicant_id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_max_party_size_range" CHECK ("activities"."max_party_size" between 1 and 20);--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_application_phone_digits" CHECK ("activities"."application_phone" is null or "activities"."application_phone" ~ '^[0-9]{10,11}$');--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_one_recipient" CHECK (num_nonnulls("outbox_messages"."recipient_user_id", "outbox_messages"."recipient_email") = 1);--> statement-breakpoint
-- Residents' places follow the rows: an application holds its party's places while confirmed
-- (arrived or not). Kept by this trigger, so the check constraint on application_fills means
-- "never more people than the activity's capacity" whatever the code does.
CREATE FUNCTION application_fills_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN
    UPDATE application_fills SET taken = taken - OLD.party_size WHERE occurrence_id = OLD.occurrence_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN
    INSERT INTO application_fills (occurrence_id, capacity, taken)
      SELECT o.id, a.capacity, NEW.party_size FROM occurrences o JOIN activities a ON a.id = o.activity_id WHERE o.id = NEW.occurrence_id
      ON CONFLICT (occurrence_id) DO UPDATE SET taken = application_fills.taken + NEW.party_size;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER applications_count_places AFTER INSERT OR DELETE OR UPDATE OF status, party_size ON applications
  FOR EACH ROW EXECUTE FUNCTION application_fills_count();--> statement-breakpoint
-- Strict first come, first served, checked at commit: the first in the waiting order never fits
-- in the free places (else a release or resize forgot to admit them). A later, smaller party
-- may fit and still waits: nobody is passed over.
CREATE FUNCTION application_no_place_for_the_first_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM application_fills f,
      LATERAL (SELECT a.party_size FROM applications a WHERE a.occurrence_id = f.occurrence_id AND a.status = 'waitlisted'
                ORDER BY a.waitlisted_at, a.id LIMIT 1) head
     WHERE f.occurrence_id = NEW.occurrence_id AND (f.capacity IS NULL OR f.taken + head.party_size <= f.capacity)) THEN
    RAISE EXCEPTION 'a place is free for the first waiting application'
      USING ERRCODE = '23514', CONSTRAINT = 'applications_first_waiting_admitted';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER application_fills_first_waiting_admitted AFTER INSERT OR UPDATE ON application_fills
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION application_no_place_for_the_first_waiting();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER applications_first_waiting_admitted AFTER INSERT OR UPDATE OF status ON applications
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION application_no_place_for_the_first_waiting();
