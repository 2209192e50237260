CREATE TABLE `hook_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
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
CREATE TABLE `hook_nullifiers` (
	`nullifier` text PRIMARY KEY NOT NULL,
	`policy_id` text NOT NULL,
	`trade_hash` text NOT NULL,
	`admitted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hook_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`nullifier` text NOT NULL,
	`policy_id` text NOT NULL,
	`venue` text NOT NULL,
	`public_key` text NOT NULL,
	`max_order_value` text NOT NULL,
	`opened_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `hook_sessions_venue` ON `hook_sessions` (`venue`);