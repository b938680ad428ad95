ALTER TYPE "public"."notification_kind" ADD VALUE 'support_visit_cancelled';--> statement-breakpoint
ALTER TABLE "support_visits" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "support_visits" ADD COLUMN "cancelled_with_session" boolean DEFAULT false NOT NULL;