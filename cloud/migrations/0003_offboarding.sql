CREATE TABLE "offboarding" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"employee_id" text NOT NULL,
	"last_working_day" text NOT NULL,
	"immediate" boolean NOT NULL,
	"status" text NOT NULL,
	"plan" jsonb NOT NULL,
	"seen" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"completed_at" text,
	"result" jsonb,
	CONSTRAINT "offboarding_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "offboarding" ADD CONSTRAINT "offboarding_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offboarding_version_uq" ON "offboarding" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "offboarding_employee_idx" ON "offboarding" USING btree ("tenant_id","employee_id");--> statement-breakpoint
CREATE INDEX "offboarding_due_idx" ON "offboarding" USING btree ("status","last_working_day");