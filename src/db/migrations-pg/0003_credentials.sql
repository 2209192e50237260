CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"at" bigint NOT NULL,
	"details" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"issuer_id" text NOT NULL,
	"credential_index" integer NOT NULL,
	"kid" text NOT NULL,
	"status" text NOT NULL,
	"attribute_commitment" text NOT NULL,
	"evidence_kind" text NOT NULL,
	"evidence_digest" text NOT NULL,
	"uniqueness_hash" text,
	"issued_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"revoked_at" bigint,
	"revocation_reason" text
);
--> statement-breakpoint
CREATE TABLE "evidence_seen" (
	"issuer_id" text NOT NULL,
	"replay_hash" text NOT NULL,
	"seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"issuer_id" text NOT NULL,
	"kind" text NOT NULL,
	"public_key" text NOT NULL,
	"sealed_private_key" text NOT NULL,
	"not_before" bigint NOT NULL,
	"not_after" bigint,
	"row_seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "issuer_keys_row_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "issuer_set_members" (
	"set_name" text NOT NULL,
	"issuer_id" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" bigint NOT NULL,
	CONSTRAINT "issuer_set_members_set_name_issuer_id_pk" PRIMARY KEY("set_name","issuer_id")
);
--> statement-breakpoint
CREATE TABLE "issuer_set_roots" (
	"set_name" text NOT NULL,
	"seq" integer NOT NULL,
	"root" text NOT NULL,
	"log_index" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "issuer_set_roots_set_name_seq_pk" PRIMARY KEY("set_name","seq")
);
--> statement-breakpoint
CREATE TABLE "issuer_sets" (
	"name" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"capacity" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuers" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"name" text NOT NULL,
	"app_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_roots" (
	"issuer_id" text NOT NULL,
	"seq" integer NOT NULL,
	"root" text NOT NULL,
	"snapshot" text NOT NULL,
	"created_at" bigint NOT NULL,
	"log_index" bigint
);
--> statement-breakpoint
CREATE INDEX "audit_events_tenant_id" ON "audit_events" USING btree ("tenant","id");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_issuer_index" ON "credentials" USING btree ("issuer_id","credential_index");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_active_uniqueness" ON "credentials" USING btree ("issuer_id","uniqueness_hash") WHERE status = 'active' AND uniqueness_hash IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_seen_key" ON "evidence_seen" USING btree ("issuer_id","replay_hash");--> statement-breakpoint
CREATE INDEX "issuer_keys_issuer" ON "issuer_keys" USING btree ("issuer_id","kind");--> statement-breakpoint
CREATE INDEX "issuer_set_members_issuer" ON "issuer_set_members" USING btree ("issuer_id");--> statement-breakpoint
CREATE INDEX "issuer_sets_owner" ON "issuer_sets" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "issuers_tenant" ON "issuers" USING btree ("tenant");--> statement-breakpoint
CREATE UNIQUE INDEX "status_roots_seq" ON "status_roots" USING btree ("issuer_id","seq");--> statement-breakpoint
CREATE INDEX "status_roots_unlogged" ON "status_roots" USING btree ("created_at") WHERE log_index IS NULL;