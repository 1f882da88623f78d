ALTER TABLE "approval" ADD COLUMN "anonymised_at" text;--> statement-breakpoint
ALTER TABLE "consent_record" ADD COLUMN "anonymised_at" text;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "anonymised_at" text;--> statement-breakpoint
ALTER TABLE "employee" ADD COLUMN "anonymised_at" text;--> statement-breakpoint
ALTER TABLE "follow_up" ADD COLUMN "anonymised_at" text;