CREATE TABLE `legal_hold` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`reason` text NOT NULL,
	`placed_by` text NOT NULL,
	`placed_at` text NOT NULL,
	`released_at` text,
	`released_by` text,
	`release_reason` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `legal_hold_subject_idx` ON `legal_hold` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `retention_policy` (
	`id` text PRIMARY KEY NOT NULL,
	`category` text NOT NULL,
	`period_months` integer NOT NULL,
	`trigger` text NOT NULL,
	`action` text NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
-- New synced tables: pull everything again so a cache made before them fills them.
UPDATE `sync_state` SET `cursor` = 0;
