ALTER TABLE "signups" DROP CONSTRAINT "signups_person_or_guest";--> statement-breakpoint
ALTER TABLE "signups" DROP CONSTRAINT "signups_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signups" ADD CONSTRAINT "signups_account_or_guest" CHECK ("signups"."user_id" is null or "signups"."guest_name" is null);