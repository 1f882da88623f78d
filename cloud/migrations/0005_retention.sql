CREATE TABLE "legal_hold" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"reason" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" text NOT NULL,
	"released_at" text,
	"released_by" text,
	"release_reason" text,
	CONSTRAINT "legal_hold_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "retention_policy" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"category" text NOT NULL,
	"period_months" integer NOT NULL,
	"trigger" text NOT NULL,
	"action" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "retention_policy_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_policy" ADD CONSTRAINT "retention_policy_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "legal_hold_version_uq" ON "legal_hold" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "legal_hold_subject_idx" ON "legal_hold" USING btree ("tenant_id","subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_policy_version_uq" ON "retention_policy" USING btree ("tenant_id","version");