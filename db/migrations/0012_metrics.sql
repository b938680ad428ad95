CREATE TABLE "attendance_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attendance_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"occurrence_id" integer NOT NULL,
	"recorded_by_user_id" text,
	"participants" integer NOT NULL,
	"first_timers" integer DEFAULT 0 NOT NULL,
	"supported_participants" integer DEFAULT 0 NOT NULL,
	"age_bands" jsonb,
	CONSTRAINT "attendance_participants_non_negative" CHECK ("attendance_records"."participants" >= 0),
	CONSTRAINT "attendance_first_timers_range" CHECK ("attendance_records"."first_timers" >= 0 and "attendance_records"."first_timers" <= "attendance_records"."participants"),
	CONSTRAINT "attendance_supported_range" CHECK ("attendance_records"."supported_participants" >= 0 and "attendance_records"."supported_participants" <= "attendance_records"."participants")
);
--> statement-breakpoint
CREATE TABLE "indicator_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"indicator" text NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"baseline" double precision NOT NULL,
	"baseline_date" date NOT NULL,
	"target" double precision NOT NULL,
	"updated_by_user_id" text
);
--> statement-breakpoint
CREATE TABLE "metric_hub_first_held" (
	"hub_id" integer PRIMARY KEY NOT NULL,
	"first_month" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_hub_months" (
	"hub_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"month" date NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"first_timers" integer DEFAULT 0 NOT NULL,
	"supported_participants" integer DEFAULT 0 NOT NULL,
	"volunteer_hours" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_hub_months_hub_id_month_category_id_pk" PRIMARY KEY("hub_id","month","category_id"),
	CONSTRAINT "metric_hub_months_non_negative" CHECK ("metric_hub_months"."sessions" >= 0 and "metric_hub_months"."participants" >= 0 and "metric_hub_months"."first_timers" >= 0 and "metric_hub_months"."supported_participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_hub_years" (
	"hub_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"first_timers" integer DEFAULT 0 NOT NULL,
	"supported_participants" integer DEFAULT 0 NOT NULL,
	"volunteer_hours" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_hub_years_hub_id_fiscal_year_category_id_pk" PRIMARY KEY("hub_id","fiscal_year","category_id"),
	CONSTRAINT "metric_hub_years_non_negative" CHECK ("metric_hub_years"."sessions" >= 0 and "metric_hub_years"."participants" >= 0 and "metric_hub_years"."first_timers" >= 0 and "metric_hub_years"."supported_participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_operator_months" (
	"hub_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"month" date NOT NULL,
	"person" text NOT NULL,
	CONSTRAINT "metric_operator_months_month_hub_id_category_id_person_pk" PRIMARY KEY("month","hub_id","category_id","person")
);
--> statement-breakpoint
CREATE TABLE "metric_operator_years" (
	"fiscal_year" smallint NOT NULL,
	"person" text NOT NULL,
	CONSTRAINT "metric_operator_years_fiscal_year_person_pk" PRIMARY KEY("fiscal_year","person")
);
--> statement-breakpoint
ALTER TABLE "attendance_records" ADD CONSTRAINT "attendance_records_occurrence_id_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_records" ADD CONSTRAINT "attendance_records_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_first_held" ADD CONSTRAINT "metric_hub_first_held_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_months" ADD CONSTRAINT "metric_hub_months_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_months" ADD CONSTRAINT "metric_hub_months_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_years" ADD CONSTRAINT "metric_hub_years_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_years" ADD CONSTRAINT "metric_hub_years_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_operator_months" ADD CONSTRAINT "metric_operator_months_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_operator_months" ADD CONSTRAINT "metric_operator_months_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_records_occurrence" ON "attendance_records" USING btree ("occurrence_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_targets_indicator_year" ON "indicator_targets" USING btree ("indicator","fiscal_year");--> statement-breakpoint
CREATE INDEX "metric_hub_months_month" ON "metric_hub_months" USING btree ("month");--> statement-breakpoint
CREATE INDEX "metric_hub_years_year" ON "metric_hub_years" USING btree ("fiscal_year");