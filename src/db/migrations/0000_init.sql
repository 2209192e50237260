CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`at` integer NOT NULL,
	`details` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`credential_index` integer NOT NULL,
	`kid` text NOT NULL,
	`status` text NOT NULL,
	`attribute_commitment` text NOT NULL,
	`evidence_kind` text NOT NULL,
	`evidence_digest` text NOT NULL,
	`uniqueness_hash` text,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revocation_reason` text,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_issuer_index` ON `credentials` (`issuer_id`,`credential_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_active_uniqueness` ON `credentials` (`issuer_id`,`uniqueness_hash`) WHERE status = 'active' AND uniqueness_hash IS NOT NULL;--> statement-breakpoint
CREATE TABLE `evidence_seen` (
	`issuer_id` text NOT NULL,
	`replay_hash` text NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_seen_key` ON `evidence_seen` (`issuer_id`,`replay_hash`);--> statement-breakpoint
CREATE TABLE `issuer_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`kind` text NOT NULL,
	`public_key` text NOT NULL,
	`sealed_private_key` text NOT NULL,
	`not_before` integer NOT NULL,
	`not_after` integer,
	FOREIGN KEY (`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issuer_keys_issuer` ON `issuer_keys` (`issuer_id`,`kind`);--> statement-breakpoint
CREATE TABLE `issuers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant` text NOT NULL,
	`name` text NOT NULL,
	`app_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `issuers_tenant` ON `issuers` (`tenant`);--> statement-breakpoint
CREATE TABLE `status_roots` (
	`issuer_id` text NOT NULL,
	`seq` integer NOT NULL,
	`root` text NOT NULL,
	`snapshot` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_roots_seq` ON `status_roots` (`issuer_id`,`seq`);--> statement-breakpoint
CREATE TABLE `hook_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`venue` text,
	`policy_ref` text NOT NULL,
	`allowed` integer NOT NULL,
	`code` text,
	`session_id` text,
	`nullifier` text,
	`trade_hash` text,
	`receipt` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `hook_decisions_at` ON `hook_decisions` (`at`);--> statement-breakpoint
CREATE INDEX `hook_decisions_venue_at` ON `hook_decisions` (`venue`,`at`);--> statement-breakpoint
CREATE TABLE `hook_nullifiers` (
	`nullifier` text PRIMARY KEY NOT NULL,
	`policy_id` text NOT NULL,
	`trade_hash` text NOT NULL,
	`admitted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_fills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant` text NOT NULL,
	`import_id` integer NOT NULL,
	`time_ms` integer NOT NULL,
	`account` text NOT NULL,
	`asset` text NOT NULL,
	`side` text NOT NULL,
	`quantity` text NOT NULL,
	`price` text,
	`quote` text NOT NULL,
	`fee` text NOT NULL,
	`fee_asset` text NOT NULL,
	`venue` text NOT NULL,
	`trade_id` text NOT NULL,
	`kind` text NOT NULL,
	`receipt_id` text,
	FOREIGN KEY (`import_id`) REFERENCES `ledger_imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_fills_trade_uq` ON `ledger_fills` (`tenant`,`venue`,`account`,`trade_id`);--> statement-breakpoint
CREATE INDEX `ledger_fills_time_idx` ON `ledger_fills` (`tenant`,`time_ms`,`id`);--> statement-breakpoint
CREATE TABLE `ledger_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant` text NOT NULL,
	`source` text NOT NULL,
	`sha256` text,
	`fill_count` integer NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ledger_imports_tenant_idx` ON `ledger_imports` (`tenant`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant` text NOT NULL,
	`role` text NOT NULL,
	`label` text,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `api_keys_tenant_idx` ON `api_keys` (`tenant`);--> statement-breakpoint
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