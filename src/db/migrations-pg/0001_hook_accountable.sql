CREATE TABLE "hook_limit_states" (
	"period_nullifier" text PRIMARY KEY NOT NULL,
	"policy_id" text NOT NULL,
	"commitment" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hook_decisions" ADD COLUMN "escrow" text;