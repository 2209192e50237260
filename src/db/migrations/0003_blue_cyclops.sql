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
CREATE INDEX `ledger_imports_tenant_idx` ON `ledger_imports` (`tenant`);