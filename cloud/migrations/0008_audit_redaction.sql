ALTER TABLE "audit_event" ADD COLUMN "private_digest" text;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "redaction" text;