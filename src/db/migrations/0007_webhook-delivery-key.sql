CREATE TABLE "webhook_rejected_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" bigint,
	"fingerprint" text NOT NULL,
	"reason" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_rejected_events_fingerprint_unique" UNIQUE("fingerprint")
);
--> statement-breakpoint
DROP INDEX "webhook_events_pending_idx";--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_portal_id_event_id_pk";--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
CREATE INDEX "webhook_rejected_events_received_idx" ON "webhook_rejected_events" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_delivery_key" ON "webhook_events" USING btree ("portal_id","subscription_id","event_id","occurred_at");--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("portal_id","occurred_at","id") WHERE "webhook_events"."processed_at" is null;