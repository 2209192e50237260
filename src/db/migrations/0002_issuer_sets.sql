CREATE TABLE `issuer_set_members` (
	`set_name` text NOT NULL,
	`issuer_id` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`set_name`, `issuer_id`),
	FOREIGN KEY (`set_name`) REFERENCES `issuer_sets`(`name`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issuer_set_members_issuer` ON `issuer_set_members` (`issuer_id`);--> statement-breakpoint
CREATE TABLE `issuer_sets` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`capacity` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `issuer_sets_owner` ON `issuer_sets` (`owner`);