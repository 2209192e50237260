CREATE TABLE "credential_index_counters" (
	"issuer_id" text PRIMARY KEY NOT NULL,
	"next" bigint NOT NULL
);
--> statement-breakpoint
-- existing issuers continue after their highest issued index
INSERT INTO "credential_index_counters" ("issuer_id", "next")
SELECT "issuer_id", max("credential_index") + 1 FROM "credentials" GROUP BY "issuer_id";
