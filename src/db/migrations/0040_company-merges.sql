CREATE TABLE "company_merges" (
	"portal_id" bigint NOT NULL,
	"merged_id" text NOT NULL,
	"survivor_id" text NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_merges_portal_id_merged_id_pk" PRIMARY KEY("portal_id","merged_id")
);
--> statement-breakpoint
CREATE INDEX "company_merges_survivor_idx" ON "company_merges" USING btree ("portal_id","survivor_id");