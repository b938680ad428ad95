CREATE TABLE "support_bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" integer NOT NULL,
	"signup_id" integer NOT NULL,
	"coordinator_id" text,
	"accompanied" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_bookings" ADD CONSTRAINT "support_bookings_person_id_supported_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."supported_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_bookings" ADD CONSTRAINT "support_bookings_signup_id_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."signups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_bookings_signup_id_index" ON "support_bookings" USING btree ("signup_id");--> statement-breakpoint
CREATE INDEX "support_bookings_person_id_index" ON "support_bookings" USING btree ("person_id");