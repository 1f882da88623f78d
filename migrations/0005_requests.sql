CREATE TABLE `data_subject_request` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`type` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text,
	`identifiers` text NOT NULL,
	`language` text NOT NULL,
	`channel` text NOT NULL,
	`received_on` text NOT NULL,
	`regime` text NOT NULL,
	`due_on` text NOT NULL,
	`extended_due_on` text,
	`extension_reason` text,
	`assignee_id` text,
	`status` text NOT NULL,
	`notes` text NOT NULL,
	`verification` text,
	`refusal` text,
	`repeat_fee` integer NOT NULL,
	`fulfilment` text,
	`delivery` text,
	`history` text NOT NULL,
	`created_at` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `data_subject_request_subject_idx` ON `data_subject_request` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `subject_key` (
	`key` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	PRIMARY KEY(`key`, `entity`, `entity_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `subject_key_entity_idx` ON `subject_key` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `follow_up_employee_idx` ON `follow_up` (`employee_id`);