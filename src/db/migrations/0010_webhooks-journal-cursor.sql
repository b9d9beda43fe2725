CREATE TABLE "webhooks_journal_cursors" (
	"journal" text PRIMARY KEY NOT NULL,
	"offset" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
