CREATE TABLE "usage_user_lock_slots" (
	"portal_id" bigint NOT NULL,
	"slot" integer NOT NULL,
	CONSTRAINT "usage_user_lock_slots_portal_id_slot_pk" PRIMARY KEY("portal_id","slot")
);
--> statement-breakpoint
CREATE INDEX "companies_account_idx" ON "companies" USING btree ("portal_id","account_id");