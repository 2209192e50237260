CREATE TABLE `log_entries` (
	`idx` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_hashes` (
	`id` integer PRIMARY KEY NOT NULL,
	`hash` blob NOT NULL
);
