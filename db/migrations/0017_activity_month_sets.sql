CREATE TABLE "metric_association_activity" (
	"scope" text NOT NULL,
	"association_id" integer NOT NULL,
	"months" integer[] DEFAULT '{}'::integer[] NOT NULL,
	CONSTRAINT "metric_association_activity_scope_association_id_pk" PRIMARY KEY("scope","association_id")
);
--> statement-breakpoint
CREATE TABLE "metric_hub_activity" (
	"hub_id" integer NOT NULL,
	"scope" text NOT NULL,
	"months" integer[] DEFAULT '{}'::integer[] NOT NULL,
	CONSTRAINT "metric_hub_activity_hub_id_scope_pk" PRIMARY KEY("hub_id","scope")
);
--> statement-breakpoint
CREATE TABLE "metric_hub_year_totals" (
	"fiscal_year" smallint NOT NULL,
	"hub_id" integer NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_hub_year_totals_fiscal_year_hub_id_pk" PRIMARY KEY("fiscal_year","hub_id"),
	CONSTRAINT "metric_hub_year_totals_non_negative" CHECK ("metric_hub_year_totals"."sessions" >= 0 and "metric_hub_year_totals"."participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_month_pairs" (
	"scope" text NOT NULL,
	"subject" text NOT NULL,
	"month" integer NOT NULL,
	"prev_month" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_month_pairs_scope_subject_month_prev_month_pk" PRIMARY KEY("scope","subject","month","prev_month"),
	CONSTRAINT "metric_month_pairs_non_negative" CHECK ("metric_month_pairs"."n" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_operator_activity" (
	"hub_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"person" text NOT NULL,
	"months" integer[] NOT NULL,
	CONSTRAINT "metric_operator_activity_hub_id_category_id_person_pk" PRIMARY KEY("hub_id","category_id","person")
);
--> statement-breakpoint
CREATE TABLE "metric_operator_people" (
	"scope" text NOT NULL,
	"person" text NOT NULL,
	"months" integer[] DEFAULT '{}'::integer[] NOT NULL,
	CONSTRAINT "metric_operator_people_scope_person_pk" PRIMARY KEY("scope","person")
);
--> statement-breakpoint
CREATE TABLE "metric_scope_months" (
	"scope" text NOT NULL,
	"month" date NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"first_timers" integer DEFAULT 0 NOT NULL,
	"supported_participants" integer DEFAULT 0 NOT NULL,
	"volunteer_hours" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_scope_months_scope_month_pk" PRIMARY KEY("scope","month"),
	CONSTRAINT "metric_scope_months_non_negative" CHECK ("metric_scope_months"."sessions" >= 0 and "metric_scope_months"."participants" >= 0 and "metric_scope_months"."first_timers" >= 0 and "metric_scope_months"."supported_participants" >= 0)
);
--> statement-breakpoint
DROP INDEX "metric_hub_months_month";--> statement-breakpoint
ALTER TABLE "occurrences" ADD COLUMN "attendance_recorded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_association_activity" ADD CONSTRAINT "metric_association_activity_association_id_associations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."associations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_activity" ADD CONSTRAINT "metric_hub_activity_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_hub_year_totals" ADD CONSTRAINT "metric_hub_year_totals_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_operator_activity" ADD CONSTRAINT "metric_operator_activity_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_operator_activity" ADD CONSTRAINT "metric_operator_activity_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_hub_year_totals_ranking" ON "metric_hub_year_totals" USING btree ("fiscal_year","participants" DESC NULLS LAST,"hub_id") WHERE "metric_hub_year_totals"."sessions" > 0;--> statement-breakpoint
CREATE INDEX "metric_operator_activity_person" ON "metric_operator_activity" USING btree ("person");--> statement-breakpoint
CREATE INDEX "occurrences_unrecorded_starts_at" ON "occurrences" USING btree ("starts_at") WHERE "occurrences"."status" = 'scheduled' and not "occurrences"."attendance_recorded";--> statement-breakpoint
CREATE INDEX "metric_hub_months_month_category" ON "metric_hub_months" USING btree ("month","category_id");--> statement-breakpoint
CREATE INDEX "metric_hub_years_category_ranking" ON "metric_hub_years" USING btree ("fiscal_year","category_id","participants" DESC NULLS LAST,"hub_id");