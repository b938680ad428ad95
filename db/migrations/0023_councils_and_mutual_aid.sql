CREATE TABLE "council_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "council_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"council_id" integer NOT NULL,
	"recorded_by_user_id" text,
	"held_on" date NOT NULL,
	"attendees" integer NOT NULL,
	"outcome" text NOT NULL,
	CONSTRAINT "council_meetings_attendees_non_negative" CHECK ("council_meetings"."attendees" >= 0),
	CONSTRAINT "council_meetings_outcome_length" CHECK (char_length("council_meetings"."outcome") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "councils_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_id" integer NOT NULL,
	"name" text NOT NULL,
	"theme" text NOT NULL,
	"established_on" date NOT NULL,
	"dissolved_on" date,
	"is_public" boolean DEFAULT false NOT NULL,
	"resident_members" integer DEFAULT 0 NOT NULL,
	"professional_members" integer DEFAULT 0 NOT NULL,
	"organisation_members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "councils_name_length" CHECK (char_length("councils"."name") between 1 and 100),
	CONSTRAINT "councils_theme_length" CHECK (char_length("councils"."theme") between 1 and 100),
	CONSTRAINT "councils_dissolved_after_established" CHECK ("councils"."dissolved_on" is null or "councils"."dissolved_on" >= "councils"."established_on"),
	CONSTRAINT "councils_resident_members_non_negative" CHECK ("councils"."resident_members" >= 0),
	CONSTRAINT "councils_professional_members_non_negative" CHECK ("councils"."professional_members" >= 0),
	CONSTRAINT "councils_organisation_members_non_negative" CHECK ("councils"."organisation_members" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_schemes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutual_aid_schemes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_id" integer NOT NULL,
	"council_id" integer,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"launched_on" date NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	CONSTRAINT "mutual_aid_schemes_name_length" CHECK (char_length("mutual_aid_schemes"."name") between 1 and 100),
	CONSTRAINT "mutual_aid_schemes_description_length" CHECK (char_length("mutual_aid_schemes"."description") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_schemes" ADD CONSTRAINT "mutual_aid_schemes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_schemes" ADD CONSTRAINT "mutual_aid_schemes_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_meetings_council_held_on" ON "council_meetings" USING btree ("council_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "councils_district_name" ON "councils" USING btree ("district_id","name");--> statement-breakpoint
CREATE INDEX "councils_established_on" ON "councils" USING btree ("established_on");--> statement-breakpoint
CREATE INDEX "mutual_aid_schemes_launched_on" ON "mutual_aid_schemes" USING btree ("launched_on");--> statement-breakpoint
CREATE INDEX "mutual_aid_schemes_council" ON "mutual_aid_schemes" USING btree ("council_id");