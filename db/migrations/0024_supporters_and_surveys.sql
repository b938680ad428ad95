CREATE TABLE "supporter_starting_figures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supporter_starting_figures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_by_user_id" text,
	"as_of" date NOT NULL,
	"people" integer NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supporter_starting_figures_people_non_negative" CHECK ("supporter_starting_figures"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE "survey_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_by_user_id" text,
	"code" text NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"survey_name" text NOT NULL,
	"surveyed_on" date NOT NULL,
	"respondents" integer NOT NULL,
	"percentage" numeric(4, 1) NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_results_code_known" CHECK ("survey_results"."code" in ('survey_help_nearby', 'survey_residents_solving', 'survey_consultation_nearby', 'survey_support_until_solved')),
	CONSTRAINT "survey_results_fiscal_year_range" CHECK ("survey_results"."fiscal_year" between 2000 and 2100),
	CONSTRAINT "survey_results_survey_name_length" CHECK (char_length("survey_results"."survey_name") between 1 and 100),
	CONSTRAINT "survey_results_respondents_positive" CHECK ("survey_results"."respondents" > 0),
	CONSTRAINT "survey_results_percentage_range" CHECK ("survey_results"."percentage" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "training_course" text;--> statement-breakpoint
ALTER TABLE "supporter_starting_figures" ADD CONSTRAINT "supporter_starting_figures_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_results" ADD CONSTRAINT "survey_results_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supporter_starting_figures_as_of" ON "supporter_starting_figures" USING btree ("as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_results_code_year" ON "survey_results" USING btree ("code","fiscal_year");--> statement-breakpoint
CREATE INDEX "survey_results_year" ON "survey_results" USING btree ("fiscal_year");--> statement-breakpoint
CREATE INDEX "activities_training_course" ON "activities" USING btree ("training_course") WHERE "activities"."training_course" is not null;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_training_course_known" CHECK ("activities"."training_course" is null or "activities"."training_course" in ('ai_supporter'));