CREATE TYPE "public"."support_visit_status" AS ENUM('expected', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TABLE "support_visit_fills" (
	"occurrence_id" integer PRIMARY KEY NOT NULL,
	"capacity" integer,
	"expected" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "support_visit_fills_within_capacity" CHECK ("support_visit_fills"."expected" >= 0 and ("support_visit_fills"."capacity" is null or "support_visit_fills"."expected" <= "support_visit_fills"."capacity")),
	CONSTRAINT "support_visit_fills_capacity_positive" CHECK ("support_visit_fills"."capacity" is null or "support_visit_fills"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "support_visits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" integer NOT NULL,
	"occurrence_id" integer NOT NULL,
	"coordinator_id" text,
	"coordinator_name" text NOT NULL,
	"accompanied" boolean DEFAULT false NOT NULL,
	"counts_as_visit_stage" boolean DEFAULT false NOT NULL,
	"status" "support_visit_status" NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "support_visits_waitlisted_at" CHECK ("support_visits"."status" <> 'waitlisted' or "support_visits"."waitlisted_at" is not null),
	CONSTRAINT "support_visits_cancelled_at" CHECK (("support_visits"."status" = 'cancelled') = ("support_visits"."cancelled_at" is not null)),
	CONSTRAINT "support_visits_coordinator_name_length" CHECK (char_length("support_visits"."coordinator_name") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "support_visit_fills" ADD CONSTRAINT "support_visit_fills_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_visits" ADD CONSTRAINT "support_visits_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_visits" ADD CONSTRAINT "support_visits_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_visits_person_id_index" ON "support_visits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "support_visits_waitlist" ON "support_visits" USING btree ("occurrence_id","waitlisted_at") WHERE "support_visits"."status" = 'waitlisted';--> statement-breakpoint
CREATE UNIQUE INDEX "support_visits_one_live" ON "support_visits" USING btree ("person_id","occurrence_id") WHERE "support_visits"."status" in ('expected', 'waitlisted');