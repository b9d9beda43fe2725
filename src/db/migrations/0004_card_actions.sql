CREATE TABLE "card_actions" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"company_id" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"actor" text NOT NULL,
	"result_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_actions_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE INDEX "card_actions_company_idx" ON "card_actions" USING btree ("portal_id","company_id","action");