CREATE TABLE "metric_hub_first_held" (
	"hub_id" integer PRIMARY KEY NOT NULL,
	"first_month" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_operator_years" (
	"fiscal_year" smallint NOT NULL,
	"person" text NOT NULL,
	CONSTRAINT "metric_operator_years_fiscal_year_person_pk" PRIMARY KEY("fiscal_year","person")
);
--> statement-breakpoint
ALTER TABLE "metric_hub_first_held" ADD CONSTRAINT "metric_hub_first_held_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;