CREATE TABLE `employee_search` (
	`employee_id` text PRIMARY KEY NOT NULL,
	`terms` text NOT NULL
);
--> statement-breakpoint
-- Search terms are computed in JS as rows are applied: pull everything again to fill them.
UPDATE `sync_state` SET `cursor` = 0;
