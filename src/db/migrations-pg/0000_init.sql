CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hook_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hook_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" bigint NOT NULL,
	"venue" text,
	"policy_ref" text NOT NULL,
	"allowed" boolean NOT NULL,
	"code" text,
	"session_id" text,
	"nullifier" text,
	"trade_hash" text,
	"receipt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hook_nullifiers" (
	"nullifier" text PRIMARY KEY NOT NULL,
	"policy_id" text NOT NULL,
	"trade_hash" text NOT NULL,
	"admitted_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hook_session_orders" (
	"session_id" text NOT NULL,
	"nonce" text NOT NULL,
	"value" numeric(78, 0) NOT NULL,
	CONSTRAINT "hook_session_orders_session_id_nonce_pk" PRIMARY KEY("session_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "hook_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"policy_ref" text NOT NULL,
	"venue" text NOT NULL,
	"key_x" text NOT NULL,
	"max_order_value" numeric(78, 0) NOT NULL,
	"opened_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"max_orders" integer NOT NULL,
	"max_notional" numeric(78, 0) NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"notional" numeric(78, 0) DEFAULT 0 NOT NULL,
	"revoked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_entries" (
	"idx" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_hashes" (
	"id" bigint PRIMARY KEY NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hook_decisions_at" ON "hook_decisions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "hook_decisions_venue_at" ON "hook_decisions" USING btree ("venue","at");--> statement-breakpoint
CREATE INDEX "hook_sessions_expires_at" ON "hook_sessions" USING btree ("expires_at");