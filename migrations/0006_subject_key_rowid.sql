PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_subject_key` (
	`key` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_subject_key`("key", "entity", "entity_id") SELECT "key", "entity", "entity_id" FROM `subject_key`;--> statement-breakpoint
DROP TABLE `subject_key`;--> statement-breakpoint
ALTER TABLE `__new_subject_key` RENAME TO `subject_key`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `subject_key_key_idx` ON `subject_key` (`key`);--> statement-breakpoint
CREATE INDEX `subject_key_entity_idx` ON `subject_key` (`entity`,`entity_id`);