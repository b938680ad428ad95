CREATE TYPE "public"."hub_status" AS ENUM('public', 'draft', 'closed');--> statement-breakpoint
CREATE TYPE "public"."role_name" AS ENUM('organiser', 'coordinator', 'staff', 'admin');--> statement-breakpoint
CREATE TABLE "associations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_id" integer NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "districts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	CONSTRAINT "districts_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "hub_associations" (
	"hub_id" integer NOT NULL,
	"association_id" integer NOT NULL,
	CONSTRAINT "hub_associations_hub_id_association_id_pk" PRIMARY KEY("hub_id","association_id")
);
--> statement-breakpoint
CREATE TABLE "hub_kinds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hub_kinds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"label_ja" text NOT NULL,
	"label_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hub_kinds_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "hubs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hubs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_id" integer NOT NULL,
	"kind_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"address" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"earth" "cube" GENERATED ALWAYS AS (cube(array[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))])) STORED NOT NULL,
	"accessibility" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_phone" text,
	"contact_email" text,
	"contact_note" text,
	"status" "hub_status" DEFAULT 'public' NOT NULL,
	CONSTRAINT "hubs_lat_range" CHECK ("hubs"."lat" between -90 and 90),
	CONSTRAINT "hubs_lng_range" CHECK ("hubs"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "landmarks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "landmarks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	CONSTRAINT "landmarks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "organiser_scopes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organiser_scopes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" text NOT NULL,
	"hub_id" integer,
	"association_id" integer,
	CONSTRAINT "organiser_scopes_one_target" CHECK (num_nonnulls("organiser_scopes"."hub_id", "organiser_scopes"."association_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" text NOT NULL,
	"role" "role_name" NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "associations" ADD CONSTRAINT "associations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_associations" ADD CONSTRAINT "hub_associations_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_associations" ADD CONSTRAINT "hub_associations_association_id_associations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."associations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_kind_id_hub_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."hub_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organiser_scopes" ADD CONSTRAINT "organiser_scopes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organiser_scopes" ADD CONSTRAINT "organiser_scopes_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organiser_scopes" ADD CONSTRAINT "organiser_scopes_association_id_associations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."associations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "associations_district_id_name_index" ON "associations" USING btree ("district_id","name");--> statement-breakpoint
CREATE INDEX "associations_district_id_index" ON "associations" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_index" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_user_id_index" ON "audit_events" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "audit_events_target_type_target_id_index" ON "audit_events" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "hub_associations_association_id_index" ON "hub_associations" USING btree ("association_id");--> statement-breakpoint
CREATE INDEX "hubs_earth_gist" ON "hubs" USING gist ("earth");--> statement-breakpoint
CREATE INDEX "hubs_point_gist" ON "hubs" USING gist (point("lng", "lat"));--> statement-breakpoint
CREATE INDEX "hubs_accessibility_gin" ON "hubs" USING gin ("accessibility");--> statement-breakpoint
CREATE INDEX "hubs_district_id_index" ON "hubs" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "hubs_kind_id_index" ON "hubs" USING btree ("kind_id");--> statement-breakpoint
CREATE INDEX "hubs_status_index" ON "hubs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "organiser_scopes_user_id_hub_id_index" ON "organiser_scopes" USING btree ("user_id","hub_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organiser_scopes_user_id_association_id_index" ON "organiser_scopes" USING btree ("user_id","association_id");--> statement-breakpoint
CREATE INDEX "organiser_scopes_hub_id_index" ON "organiser_scopes" USING btree ("hub_id");--> statement-breakpoint
CREATE INDEX "organiser_scopes_association_id_index" ON "organiser_scopes" USING btree ("association_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");