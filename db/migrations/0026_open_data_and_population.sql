CREATE TABLE "district_populations" (
	"district_id" integer PRIMARY KEY NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"as_of" date NOT NULL,
	"total" integer NOT NULL,
	"households" integer,
	"male" integer[] NOT NULL,
	"female" integer[] NOT NULL,
	"aged65_plus" integer GENERATED ALWAYS AS (male[14] + female[14] + male[15] + female[15] + male[16] + female[16] + male[17] + female[17] + male[18] + female[18]) STORED NOT NULL,
	CONSTRAINT "district_populations_total" CHECK ("district_populations"."total" >= 0),
	CONSTRAINT "district_populations_households" CHECK ("district_populations"."households" is null or "district_populations"."households" >= 0),
	CONSTRAINT "district_populations_bands" CHECK (cardinality("district_populations"."male") = 18 and cardinality("district_populations"."female") = 18 and 0 <= all("district_populations"."male") and 0 <= all("district_populations"."female") and array_position("district_populations"."male", null) is null and array_position("district_populations"."female", null) is null)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "title_kana" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "application_method" text;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "name_kana" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "open_data_no" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "parking_info" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "kayoi_operator" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "kayoi_venue" text;--> statement-breakpoint
ALTER TABLE "district_populations" ADD CONSTRAINT "district_populations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_code_unique" UNIQUE("code");--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_openDataNo_unique" UNIQUE("open_data_no");--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_kayoi_operator_known" CHECK ("hubs"."kayoi_operator" is null or "hubs"."kayoi_operator" in ('resident_individual', 'resident_group', 'municipality', 'social_welfare_council', 'professional_body', 'medical_institution', 'care_provider', 'private_company', 'other'));--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_kayoi_venue_known" CHECK ("hubs"."kayoi_venue" is null or "hubs"."kayoi_venue" in ('private_home', 'community_hall', 'park', 'farm', 'school', 'care_facility', 'medical_facility', 'shop', 'public_facility', 'other'));