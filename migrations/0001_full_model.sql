CREATE TABLE `admin_role_assignment` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`employee_id` text,
	`role` text NOT NULL,
	`scope_department_ids` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `approval` (
	`id` text PRIMARY KEY NOT NULL,
	`template_type` text NOT NULL,
	`title` text NOT NULL,
	`applicant_id` text NOT NULL,
	`status` text NOT NULL,
	`form_data` text NOT NULL,
	`created_at` text NOT NULL,
	`closed_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_applicant_idx` ON `approval` (`applicant_id`);--> statement-breakpoint
CREATE INDEX `approval_created_idx` ON `approval` (`created_at`);--> statement-breakpoint
CREATE TABLE `approval_task` (
	`id` text PRIMARY KEY NOT NULL,
	`approval_id` text NOT NULL,
	`step` integer NOT NULL,
	`approver_id` text NOT NULL,
	`status` text NOT NULL,
	`acted_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_task_approval_idx` ON `approval_task` (`approval_id`,`step`);--> statement-breakpoint
CREATE INDEX `approval_task_approver_idx` ON `approval_task` (`approver_id`,`status`);--> statement-breakpoint
CREATE TABLE `consent_record` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`purpose` text NOT NULL,
	`granted` integer NOT NULL,
	`at` text NOT NULL,
	`channel` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consent_subject_idx` ON `consent_record` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `contact` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`mobile` text,
	`email` text,
	`wechat` text,
	`title` text,
	`address` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_customer_idx` ON `contact` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`owner_employee_id` text,
	`industry` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`last_activity_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_owner_idx` ON `customer` (`owner_employee_id`);--> statement-breakpoint
CREATE INDEX `customer_name_idx` ON `customer` (`name`);--> statement-breakpoint
CREATE TABLE `follow_up` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`employee_id` text,
	`at` text NOT NULL,
	`content` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `follow_up_customer_idx` ON `follow_up` (`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`base_version` integer NOT NULL,
	`before` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`message` text,
	`conflicts` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_id_unique` ON `outbox` (`id`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_entity_idx` ON `outbox` (`entity`,`entity_id`);--> statement-breakpoint
ALTER TABLE `sync_state` ADD `scope` text DEFAULT '' NOT NULL;