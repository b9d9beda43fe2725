CREATE TABLE "existing_business_checks" (
	"portal_id" bigint PRIMARY KEY NOT NULL,
	"renewals" integer NOT NULL,
	"recognized" boolean NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
