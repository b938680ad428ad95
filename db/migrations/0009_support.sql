CREATE TYPE "public"."accompaniment_kind" AS ENUM('interview', 'accompany', 'phone', 'support_meeting', 'multi_agency_meeting');--> statement-breakpoint
CREATE TYPE "public"."partner_kind" AS ENUM('person', 'department', 'organisation', 'company');--> statement-breakpoint
CREATE TYPE "public"."support_meeting_kind" AS ENUM('support_meeting', 'multi_agency_meeting');--> statement-breakpoint
CREATE TYPE "public"."support_stage" AS ENUM('consultation', 'visit', 'trial', 'role', 'settled', 'ended');--> statement-breakpoint
CREATE TABLE "accompaniment_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "accompaniment_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" integer NOT NULL,
	"meeting_id" integer,
	"coordinator_id" text,
	"kind" "accompaniment_kind" NOT NULL,
	"occurred_on" date NOT NULL,
	"notes" text,
	CONSTRAINT "accompaniment_entries_notes_length" CHECK (char_length("accompaniment_entries"."notes") <= 1000),
	CONSTRAINT "accompaniment_entries_meeting_kind" CHECK (("accompaniment_entries"."kind" in ('support_meeting', 'multi_agency_meeting')) = ("accompaniment_entries"."meeting_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "support_assignments" (
	"person_id" integer NOT NULL,
	"coordinator_id" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_assignments_person_id_coordinator_id_pk" PRIMARY KEY("person_id","coordinator_id")
);
--> statement-breakpoint
CREATE TABLE "support_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"kind" "support_meeting_kind" NOT NULL,
	"held_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_partner_links" (
	"person_id" integer NOT NULL,
	"partner_id" integer NOT NULL,
	"linked_on" date NOT NULL,
	CONSTRAINT "support_partner_links_person_id_partner_id_pk" PRIMARY KEY("person_id","partner_id")
);
--> statement-breakpoint
CREATE TABLE "support_partners" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_partners_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "partner_kind" NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "support_partners_name_length" CHECK (char_length("support_partners"."name") between 1 and 80)
);
--> statement-breakpoint
CREATE TABLE "support_stage_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_stage_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" integer NOT NULL,
	"changed_by" text,
	"from_stage" "support_stage",
	"to_stage" "support_stage" NOT NULL,
	"changed_on" date NOT NULL,
	CONSTRAINT "support_stage_changes_moves" CHECK ("support_stage_changes"."from_stage" is distinct from "support_stage_changes"."to_stage")
);
--> statement-breakpoint
CREATE TABLE "supported_persons" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supported_persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_id" integer,
	"case_code" text NOT NULL,
	"pseudonym" text NOT NULL,
	"real_name_encrypted" text,
	"interests" text[] DEFAULT '{}'::text[] NOT NULL,
	"constraints" text[] DEFAULT '{}'::text[] NOT NULL,
	"constraint_note" text,
	"walking_metres" integer,
	"stage" "support_stage" DEFAULT 'consultation' NOT NULL,
	"ended_at" timestamp with time zone,
	"consent_given_on" date NOT NULL,
	"consent_purpose" text,
	"consent_scope" text,
	"consent_withdrawn_on" date,
	"anonymised_at" timestamp with time zone,
	CONSTRAINT "supported_persons_case_code_length" CHECK (char_length("supported_persons"."case_code") between 1 and 40),
	CONSTRAINT "supported_persons_pseudonym_length" CHECK (char_length("supported_persons"."pseudonym") between 1 and 60),
	CONSTRAINT "supported_persons_constraint_note_length" CHECK (char_length("supported_persons"."constraint_note") <= 1000),
	CONSTRAINT "supported_persons_consent_purpose_length" CHECK (char_length("supported_persons"."consent_purpose") <= 1000),
	CONSTRAINT "supported_persons_consent_scope_length" CHECK (char_length("supported_persons"."consent_scope") <= 1000),
	CONSTRAINT "supported_persons_interests_count" CHECK (coalesce(array_length("supported_persons"."interests", 1), 0) <= 10),
	CONSTRAINT "supported_persons_walking_range" CHECK ("supported_persons"."walking_metres" between 0 and 5000),
	CONSTRAINT "supported_persons_constraints_known" CHECK ("supported_persons"."constraints" <@ array['quiet','short','morning_only','needs_companion','wheelchair','no_crowds','seated','first_time_ok']::text[]),
	CONSTRAINT "supported_persons_ended_at" CHECK (("supported_persons"."stage" = 'ended') = ("supported_persons"."ended_at" is not null)),
	CONSTRAINT "supported_persons_withdrawal_after_consent" CHECK ("supported_persons"."consent_withdrawn_on" is null or "supported_persons"."consent_withdrawn_on" >= "supported_persons"."consent_given_on")
);
--> statement-breakpoint
ALTER TABLE "accompaniment_entries" ADD CONSTRAINT "accompaniment_entries_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accompaniment_entries" ADD CONSTRAINT "accompaniment_entries_meeting_id_support_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."support_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_coordinator_id_users_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_partner_links" ADD CONSTRAINT "support_partner_links_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_partner_links" ADD CONSTRAINT "support_partner_links_partner_id_support_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."support_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_stage_changes" ADD CONSTRAINT "support_stage_changes_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supported_persons" ADD CONSTRAINT "supported_persons_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accompaniment_entries_person_id_occurred_on_index" ON "accompaniment_entries" USING btree ("person_id","occurred_on");--> statement-breakpoint
CREATE INDEX "accompaniment_entries_meeting_id_index" ON "accompaniment_entries" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accompaniment_entries_meeting_id_person_id_index" ON "accompaniment_entries" USING btree ("meeting_id","person_id");--> statement-breakpoint
CREATE INDEX "support_assignments_coordinator_id_index" ON "support_assignments" USING btree ("coordinator_id");--> statement-breakpoint
CREATE INDEX "support_meetings_held_on_index" ON "support_meetings" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "support_partner_links_partner_id_index" ON "support_partner_links" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_partners_kind_name_index" ON "support_partners" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "support_stage_changes_person_id_index" ON "support_stage_changes" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "support_stage_changes_changed_on_index" ON "support_stage_changes" USING btree ("changed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "supported_persons_case_code_index" ON "supported_persons" USING btree ("case_code");--> statement-breakpoint
CREATE INDEX "supported_persons_district_id_index" ON "supported_persons" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "supported_persons_stage_index" ON "supported_persons" USING btree ("stage");