CREATE TABLE "ledger_fills" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"import_id" integer NOT NULL,
	"time_ms" bigint NOT NULL,
	"account" text NOT NULL,
	"asset" text NOT NULL,
	"side" text NOT NULL,
	"quantity" text NOT NULL,
	"price" text,
	"quote" text NOT NULL,
	"fee" text NOT NULL,
	"fee_asset" text NOT NULL,
	"venue" text NOT NULL,
	"trade_id" text NOT NULL,
	"kind" text NOT NULL,
	"receipt_id" text
);
--> statement-breakpoint
CREATE TABLE "ledger_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"source" text NOT NULL,
	"sha256" text,
	"fill_count" integer NOT NULL,
	"imported_at" bigint NOT NULL,
	"state" text DEFAULT 'complete' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_bundle_grants" (
	"bundle_id" text NOT NULL,
	"tenant" text NOT NULL,
	"records" text,
	"granted_at" bigint NOT NULL,
	"granted_by" text NOT NULL,
	CONSTRAINT "report_bundle_grants_bundle_id_tenant_pk" PRIMARY KEY("bundle_id","tenant")
);
--> statement-breakpoint
CREATE TABLE "report_bundles" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"kind" text NOT NULL,
	"institution" text NOT NULL,
	"period" text NOT NULL,
	"kid" text NOT NULL,
	"record_count" integer NOT NULL,
	"commitment_root" text NOT NULL,
	"log_index" bigint NOT NULL,
	"document" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_fills_trade_uq" ON "ledger_fills" USING btree ("tenant","venue","account","trade_id");--> statement-breakpoint
CREATE INDEX "ledger_fills_time_idx" ON "ledger_fills" USING btree ("tenant","time_ms","id");--> statement-breakpoint
CREATE INDEX "ledger_fills_import_idx" ON "ledger_fills" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "ledger_imports_tenant_idx" ON "ledger_imports" USING btree ("tenant");--> statement-breakpoint
CREATE INDEX "report_bundle_grants_tenant_idx" ON "report_bundle_grants" USING btree ("tenant");--> statement-breakpoint
CREATE INDEX "report_bundles_tenant_idx" ON "report_bundles" USING btree ("tenant","created_at");