CREATE TABLE `holiday_calendar` (
	`id` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`entries` text NOT NULL,
	`notice` text,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`version` integer NOT NULL
);
