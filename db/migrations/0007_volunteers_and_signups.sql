CREATE TYPE "public"."signup_status" AS ENUM('confirmed', 'waitlisted', 'cancelled', 'attended', 'no_show');--> statement-breakpoint
CREATE TABLE "role_slot_fills" (
	"occurrence_id" integer NOT NULL,
	"role_id" integer NOT NULL,
	"slots" integer NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "role_slot_fills_occurrence_id_role_id_pk" PRIMARY KEY("occurrence_id","role_id"),
	CONSTRAINT "role_slot_fills_within_slots" CHECK ("role_slot_fills"."confirmed" >= 0 and "role_slot_fills"."confirmed" <= "role_slot_fills"."slots")
);
--> statement-breakpoint
CREATE TABLE "signups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "signups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"occurrence_id" integer NOT NULL,
	"role_id" integer NOT NULL,
	"user_id" text,
	"guest_name" text,
	"guest_note" text,
	"added_by_user_id" text,
	"status" "signup_status" NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by_user_id" text,
	CONSTRAINT "signups_person_or_guest" CHECK (num_nonnulls("signups"."user_id", "signups"."guest_name") = 1),
	CONSTRAINT "signups_guest_name_length" CHECK ("signups"."guest_name" is null or char_length("signups"."guest_name") between 1 and 100),
	CONSTRAINT "signups_waitlisted_at" CHECK ("signups"."status" <> 'waitlisted' or "signups"."waitlisted_at" is not null),
	CONSTRAINT "signups_cancelled_at" CHECK (("signups"."status" = 'cancelled') = ("signups"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "volunteer_profiles" (
	"user_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"interests" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"home_lat" double precision,
	"home_lng" double precision,
	"max_walking_minutes" integer DEFAULT 15 NOT NULL,
	"contact_ok" boolean DEFAULT false NOT NULL,
	"calendar_token_hash" text,
	CONSTRAINT "volunteer_profiles_calendarTokenHash_unique" UNIQUE("calendar_token_hash"),
	CONSTRAINT "volunteer_profiles_walking_range" CHECK ("volunteer_profiles"."max_walking_minutes" between 1 and 90),
	CONSTRAINT "volunteer_profiles_home_pair" CHECK (("volunteer_profiles"."home_lat" is null) = ("volunteer_profiles"."home_lng" is null)),
	CONSTRAINT "volunteer_profiles_home_range" CHECK ("volunteer_profiles"."home_lat" between -90 and 90 and "volunteer_profiles"."home_lng" between -180 and 180),
	CONSTRAINT "volunteer_profiles_skills_count" CHECK (cardinality("volunteer_profiles"."skills") <= 30),
	CONSTRAINT "volunteer_profiles_availability_valid" CHECK ("volunteer_profiles"."availability" <@ array[
        'mon.morning','mon.afternoon','mon.evening','tue.morning','tue.afternoon','tue.evening',
        'wed.morning','wed.afternoon','wed.evening','thu.morning','thu.afternoon','thu.evening',
        'fri.morning','fri.afternoon','fri.evening','sat.morning','sat.afternoon','sat.evening',
        'sun.morning','sun.afternoon','sun.evening']::text[])
);
--> statement-breakpoint
ALTER TABLE "role_slot_fills" ADD CONSTRAINT "role_slot_fills_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_slot_fills" ADD CONSTRAINT "role_slot_fills_role_id_activity_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."activity_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_role_id_activity_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."activity_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_cancelled_by_user_id_users_id_fk" FOREIGN KEY ("cancelled_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD CONSTRAINT "volunteer_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_slot_fills_role_id_index" ON "role_slot_fills" USING btree ("role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signups_one_live_per_person" ON "signups" USING btree ("occurrence_id","role_id","user_id") WHERE "signups"."user_id" is not null and "signups"."status" in ('confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX "signups_waitlist" ON "signups" USING btree ("occurrence_id","role_id","waitlisted_at") WHERE "signups"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "signups_user_id_status_index" ON "signups" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "signups_role_id_index" ON "signups" USING btree ("role_id");