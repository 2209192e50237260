CREATE TABLE `credential_pickups` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`credential_id` text NOT NULL,
	`tenant` text NOT NULL,
	`sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`spent_at` integer
);
--> statement-breakpoint
CREATE INDEX `credential_pickups_credential` ON `credential_pickups` (`credential_id`);