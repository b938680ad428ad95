CREATE TABLE "login_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "login_throttles_failures_non_negative" CHECK ("login_throttles"."failures" >= 0)
);
--> statement-breakpoint
CREATE INDEX "login_throttles_window_started_at_index" ON "login_throttles" USING btree ("window_started_at");