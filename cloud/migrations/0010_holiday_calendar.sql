CREATE TABLE "holiday_calendar" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"field_versions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" text[],
	"year" integer NOT NULL,
	"entries" jsonb NOT NULL,
	"notice" text,
	"imported_at" text NOT NULL,
	"imported_by" text NOT NULL,
	CONSTRAINT "holiday_calendar_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "holiday_calendar" ADD CONSTRAINT "holiday_calendar_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "holiday_calendar_version_uq" ON "holiday_calendar" USING btree ("tenant_id","version");