CREATE TABLE `offboarding` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`last_working_day` text NOT NULL,
	`immediate` integer NOT NULL,
	`status` text NOT NULL,
	`plan` text NOT NULL,
	`seen` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`completed_at` text,
	`result` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `offboarding_employee_idx` ON `offboarding` (`employee_id`);--> statement-breakpoint
-- A cache made before this table existed may have passed offboardings by: pull everything again.
UPDATE `sync_state` SET `cursor` = 0;
