CREATE TYPE "public"."activity_audience" AS ENUM('everyone', 'seniors', 'families', 'disabilities', 'youth');--> statement-breakpoint
CREATE TYPE "public"."activity_status" AS ENUM('active', 'ended');--> statement-breakpoint
CREATE TYPE "public"."occurrence_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."schedule_kind" AS ENUM('once', 'weekly', 'monthly');--> statement-breakpoint
CREATE TABLE "activities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hub_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"created_by_user_id" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"audience" "activity_audience" DEFAULT 'everyone' NOT NULL,
	"fee_yen" integer DEFAULT 0 NOT NULL,
	"fee_note" text,
	"registration_required" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"welcomes_supported" boolean DEFAULT false NOT NULL,
	"accessibility_notes" text,
	"status" "activity_status" DEFAULT 'active' NOT NULL,
	"ended_at" timestamp with time zone,
	"schedule_kind" "schedule_kind" NOT NULL,
	"interval" smallint DEFAULT 1 NOT NULL,
	"weekdays" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"month_weeks" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"exception_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"materialised_through" date,
	CONSTRAINT "activities_fee_non_negative" CHECK ("activities"."fee_yen" >= 0),
	CONSTRAINT "activities_capacity_positive" CHECK ("activities"."capacity" is null or "activities"."capacity" > 0),
	CONSTRAINT "activities_time_order" CHECK ("activities"."end_time" > "activities"."start_time"),
	CONSTRAINT "activities_date_order" CHECK ("activities"."end_date" is null or "activities"."end_date" >= "activities"."start_date"),
	CONSTRAINT "activities_interval_range" CHECK ("activities"."interval" between 1 and 4),
	CONSTRAINT "activities_weekdays_valid" CHECK ("activities"."weekdays" <@ array[1,2,3,4,5,6,7]::smallint[]),
	CONSTRAINT "activities_month_weeks_valid" CHECK ("activities"."month_weeks" <@ array[-1,1,2,3,4]::smallint[]),
	CONSTRAINT "activities_schedule_shape" CHECK (case "activities"."schedule_kind"
        when 'once' then cardinality("activities"."weekdays") = 0 and cardinality("activities"."month_weeks") = 0 and "activities"."interval" = 1
        when 'weekly' then cardinality("activities"."weekdays") > 0 and cardinality("activities"."month_weeks") = 0
        when 'monthly' then cardinality("activities"."weekdays") > 0 and cardinality("activities"."month_weeks") > 0 and "activities"."interval" = 1
      end),
	CONSTRAINT "activities_ended_at" CHECK (("activities"."status" = 'ended') = ("activities"."ended_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "activity_roles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_roles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activity_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"slots" integer NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"load_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "activity_roles_slots_positive" CHECK ("activity_roles"."slots" > 0),
	CONSTRAINT "activity_roles_load_tags_valid" CHECK ("activity_roles"."load_tags" <@ array['short','seated','quiet','solo','first_timers','supported_ok']::text[])
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"label_ja" text NOT NULL,
	"label_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "occurrences" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "occurrences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activity_id" integer NOT NULL,
	"original_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "occurrence_status" DEFAULT 'scheduled' NOT NULL,
	"cancel_reason" text,
	"note" text,
	"moved" boolean DEFAULT false NOT NULL,
	CONSTRAINT "occurrences_time_order" CHECK ("occurrences"."ends_at" > "occurrences"."starts_at"),
	CONSTRAINT "occurrences_reason_only_when_cancelled" CHECK ("occurrences"."status" = 'cancelled' or "occurrences"."cancel_reason" is null)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_roles" ADD CONSTRAINT "activity_roles_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_hub_id_index" ON "activities" USING btree ("hub_id");--> statement-breakpoint
CREATE INDEX "activities_category_id_index" ON "activities" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "activities_active_materialised" ON "activities" USING btree ("materialised_through") WHERE "activities"."status" = 'active';--> statement-breakpoint
CREATE INDEX "activity_roles_activity_id_index" ON "activity_roles" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "occurrences_activity_original_date" ON "occurrences" USING btree ("activity_id","original_date");--> statement-breakpoint
CREATE INDEX "occurrences_activity_starts_at" ON "occurrences" USING btree ("activity_id","starts_at");--> statement-breakpoint
CREATE INDEX "occurrences_starts_at" ON "occurrences" USING btree ("starts_at");