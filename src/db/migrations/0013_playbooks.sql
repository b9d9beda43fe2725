CREATE TABLE "playbook_run_steps" (
	"portal_id" bigint NOT NULL,
	"run_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"claim" text,
	"claimed_at" timestamp with time zone,
	"hubspot_id" text,
	"task_status" text,
	"due_on" date,
	"title" text NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_run_steps_portal_id_run_id_position_pk" PRIMARY KEY("portal_id","run_id","position")
);
--> statement-breakpoint
CREATE TABLE "playbook_runs" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"playbook_id" text NOT NULL,
	"company_id" text NOT NULL,
	"status" text NOT NULL,
	"held_out" boolean NOT NULL,
	"opened_on" date NOT NULL,
	"score_at_open" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"closed_on" date,
	"close_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_runs_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "playbooks" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbooks_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE INDEX "playbook_run_steps_hubspot_idx" ON "playbook_run_steps" USING btree ("portal_id","kind","state");--> statement-breakpoint
CREATE UNIQUE INDEX "playbook_runs_one_open_idx" ON "playbook_runs" USING btree ("portal_id","playbook_id","company_id") WHERE "playbook_runs"."status" = 'open';--> statement-breakpoint
CREATE INDEX "playbook_runs_company_idx" ON "playbook_runs" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "playbook_runs_playbook_idx" ON "playbook_runs" USING btree ("portal_id","playbook_id","opened_on");