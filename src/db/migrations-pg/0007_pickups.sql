CREATE TABLE "credential_pickups" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"credential_id" text NOT NULL,
	"tenant" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"spent_at" bigint
);
--> statement-breakpoint
CREATE INDEX "credential_pickups_credential" ON "credential_pickups" USING btree ("credential_id");