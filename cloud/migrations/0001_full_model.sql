CREATE TABLE "admin_role_assignment" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"user_id" text NOT NULL,
	"employee_id" text,
	"role" text NOT NULL,
	"scope_department_ids" jsonb NOT NULL,
	CONSTRAINT "admin_role_assignment_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "approval" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"template_type" text NOT NULL,
	"title" text NOT NULL,
	"applicant_id" text NOT NULL,
	"status" text NOT NULL,
	"form_data" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"closed_at" text,
	CONSTRAINT "approval_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "approval_task" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"approval_id" text NOT NULL,
	"step" integer NOT NULL,
	"approver_id" text NOT NULL,
	"status" text NOT NULL,
	"acted_at" text,
	CONSTRAINT "approval_task_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"tenant_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_event_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
CREATE TABLE "command_log" (
	"tenant_id" text NOT NULL,
	"mutation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"client_id" text NOT NULL,
	"name" text NOT NULL,
	"result" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "command_log_tenant_id_mutation_id_pk" PRIMARY KEY("tenant_id","mutation_id")
);
--> statement-breakpoint
CREATE TABLE "consent_record" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"at" text NOT NULL,
	"channel" text,
	CONSTRAINT "consent_record_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "contact" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"customer_id" text NOT NULL,
	"name" text NOT NULL,
	"mobile" text,
	"email" text,
	"wechat" text,
	"title" text,
	"address" text,
	CONSTRAINT "contact_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"name" text NOT NULL,
	"owner_employee_id" text,
	"industry" text,
	"status" text NOT NULL,
	"created_at" text NOT NULL,
	"last_activity_at" text,
	CONSTRAINT "customer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "follow_up" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"customer_id" text NOT NULL,
	"employee_id" text,
	"at" text NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "follow_up_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
DROP INDEX "department_version_idx";--> statement-breakpoint
DROP INDEX "employee_version_idx";--> statement-breakpoint
ALTER TABLE "department" ADD COLUMN "field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "department" ADD COLUMN "scope" text[];--> statement-breakpoint
ALTER TABLE "employee" ADD COLUMN "field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "employee" ADD COLUMN "scope" text[];--> statement-breakpoint
ALTER TABLE "tenant" ADD COLUMN "audit_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant" ADD COLUMN "audit_hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "admin_role_assignment" ADD CONSTRAINT "admin_role_assignment_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval" ADD CONSTRAINT "approval_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_task" ADD CONSTRAINT "approval_task_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "command_log" ADD CONSTRAINT "command_log_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "admin_role_assignment_version_uq" ON "admin_role_assignment" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "admin_role_assignment_user_idx" ON "admin_role_assignment" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_version_uq" ON "approval" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "approval_applicant_idx" ON "approval" USING btree ("tenant_id","applicant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_task_version_uq" ON "approval_task" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "approval_task_approval_idx" ON "approval_task" USING btree ("tenant_id","approval_id");--> statement-breakpoint
CREATE INDEX "approval_task_approver_idx" ON "approval_task" USING btree ("tenant_id","approver_id");--> statement-breakpoint
CREATE INDEX "audit_event_action_idx" ON "audit_event" USING btree ("tenant_id","action");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_record_version_uq" ON "consent_record" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "consent_record_subject_idx" ON "consent_record" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_version_uq" ON "contact" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "contact_customer_idx" ON "contact" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_version_uq" ON "customer" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "customer_owner_idx" ON "customer" USING btree ("tenant_id","owner_employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_version_uq" ON "follow_up" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "follow_up_customer_idx" ON "follow_up" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "department_version_uq" ON "department" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "employee_version_uq" ON "employee" USING btree ("tenant_id","version");--> statement-breakpoint
-- Rows written before scoping existed: departments scope themselves, employees their departments.
UPDATE "department" SET "scope" = ARRAY["id"] WHERE "scope" IS NULL;--> statement-breakpoint
UPDATE "employee" SET "scope" = ARRAY(SELECT jsonb_array_elements_text("department_ids")) WHERE "scope" IS NULL;
