CREATE TABLE `issuer_set_roots` (
	`set_name` text NOT NULL,
	`seq` integer NOT NULL,
	`root` text NOT NULL,
	`log_index` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`set_name`, `seq`)
);
--> statement-breakpoint
ALTER TABLE `status_roots` ADD `log_index` integer;