CREATE TABLE "metric_association_years" (
	"fiscal_year" smallint NOT NULL,
	"association_id" integer NOT NULL,
	"active_hubs" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_association_years_fiscal_year_association_id_pk" PRIMARY KEY("fiscal_year","association_id"),
	CONSTRAINT "metric_association_years_non_negative" CHECK ("metric_association_years"."active_hubs" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_city_years" (
	"fiscal_year" smallint PRIMARY KEY NOT NULL,
	"active_hubs" integer DEFAULT 0 NOT NULL,
	"new_hubs" integer DEFAULT 0 NOT NULL,
	"continuing_hubs" integer DEFAULT 0 NOT NULL,
	"active_associations" integer DEFAULT 0 NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"first_timers" integer DEFAULT 0 NOT NULL,
	"supported_participants" integer DEFAULT 0 NOT NULL,
	"volunteer_hours" double precision DEFAULT 0 NOT NULL,
	"operators" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_city_years_non_negative" CHECK ("metric_city_years"."active_hubs" >= 0 and "metric_city_years"."new_hubs" >= 0 and "metric_city_years"."continuing_hubs" >= 0 and "metric_city_years"."active_associations" >= 0 and "metric_city_years"."sessions" >= 0 and "metric_city_years"."participants" >= 0 and "metric_city_years"."operators" >= 0)
);
--> statement-breakpoint
ALTER TABLE "metric_association_years" ADD CONSTRAINT "metric_association_years_association_id_associations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."associations"("id") ON DELETE cascade ON UPDATE no action;