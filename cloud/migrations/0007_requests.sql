CREATE TABLE "data_subject_request" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"reference" text NOT NULL,
	"type" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"identifiers" jsonb NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"received_on" text NOT NULL,
	"regime" text NOT NULL,
	"due_on" text NOT NULL,
	"extended_due_on" text,
	"extension_reason" text,
	"assignee_id" text,
	"status" text NOT NULL,
	"notes" text NOT NULL,
	"verification" jsonb,
	"refusal" jsonb,
	"repeat_fee" boolean NOT NULL,
	"fulfilment" jsonb,
	"delivery" jsonb,
	"history" jsonb NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "data_subject_request_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "data_subject_request" ADD CONSTRAINT "data_subject_request_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_subject_request_version_uq" ON "data_subject_request" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE INDEX "data_subject_request_subject_idx" ON "data_subject_request" USING btree ("tenant_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_event_target_idx" ON "audit_event" USING btree ("tenant_id","target_id");