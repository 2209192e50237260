CREATE TABLE `policy_documents` (
	`owner` text NOT NULL,
	`ref` text NOT NULL,
	`document` text NOT NULL,
	`added_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`owner`, `ref`)
);
--> statement-breakpoint
CREATE TABLE `venue_policies` (
	`venue` text NOT NULL,
	`ref` text NOT NULL,
	`owner` text NOT NULL,
	`adopted_by` text NOT NULL,
	`adopted_at` integer NOT NULL,
	PRIMARY KEY(`venue`, `ref`)
);
--> statement-breakpoint
CREATE INDEX `venue_policies_venue` ON `venue_policies` (`venue`);