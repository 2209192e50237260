CREATE TABLE `report_bundle_grants` (
	`bundle_id` text NOT NULL,
	`tenant` text NOT NULL,
	`records` text,
	`granted_at` integer NOT NULL,
	`granted_by` text NOT NULL,
	PRIMARY KEY(`bundle_id`, `tenant`),
	FOREIGN KEY (`bundle_id`) REFERENCES `report_bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_bundle_grants_tenant_idx` ON `report_bundle_grants` (`tenant`);--> statement-breakpoint
CREATE TABLE `report_bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant` text NOT NULL,
	`kind` text NOT NULL,
	`institution` text NOT NULL,
	`period` text NOT NULL,
	`kid` text NOT NULL,
	`record_count` integer NOT NULL,
	`commitment_root` text NOT NULL,
	`log_index` integer NOT NULL,
	`document` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_bundles_tenant_idx` ON `report_bundles` (`tenant`,`created_at`);