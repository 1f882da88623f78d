CREATE TABLE `department` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`manager_id` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `department_parent_idx` ON `department` (`parent_id`,`sort`);--> statement-breakpoint
CREATE TABLE `employee` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`pinyin` text DEFAULT '' NOT NULL,
	`employee_no` text NOT NULL,
	`mobile` text,
	`email` text,
	`title` text,
	`rank` text,
	`primary_department_id` text,
	`manager_id` text,
	`hire_date` text,
	`status` text NOT NULL,
	`last_working_day` text,
	`departed_at` text,
	`id_number` text,
	`gender` text,
	`birth_date` text,
	`address` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `employee_no_idx` ON `employee` (`employee_no`);--> statement-breakpoint
CREATE TABLE `employee_department` (
	`employee_id` text NOT NULL,
	`department_id` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`employee_id`, `department_id`)
);
--> statement-breakpoint
CREATE INDEX `employee_department_dept_idx` ON `employee_department` (`department_id`);--> statement-breakpoint
CREATE TABLE `setting` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`cursor` integer DEFAULT 0 NOT NULL,
	`last_synced_at` text
);
