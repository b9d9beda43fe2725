CREATE TABLE "renewal_checks" (
	"portal_id" bigint PRIMARY KEY NOT NULL,
	"existing_business" integer NOT NULL,
	"without_start" integer NOT NULL,
	"follow_on" boolean NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
