CREATE TABLE "sent_digests" (
	"portal_id" bigint NOT NULL,
	"audience" text NOT NULL,
	"recipient" text NOT NULL,
	"period_key" text NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"claim" text,
	"claimed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "sent_digests_portal_id_audience_recipient_period_key_channel_pk" PRIMARY KEY("portal_id","audience","recipient","period_key","channel")
);
--> statement-breakpoint
CREATE INDEX "sent_digests_period_idx" ON "sent_digests" USING btree ("portal_id","period_key");