CREATE TABLE "policy_documents" (
	"owner" text NOT NULL,
	"ref" text NOT NULL,
	"document" text NOT NULL,
	"added_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "policy_documents_owner_ref_pk" PRIMARY KEY("owner","ref")
);
--> statement-breakpoint
CREATE TABLE "venue_policies" (
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "venue_policies_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"venue" text NOT NULL,
	"ref" text NOT NULL,
	"owner" text NOT NULL,
	"adopted_by" text NOT NULL,
	"adopted_at" bigint NOT NULL,
	CONSTRAINT "venue_policies_venue_ref_pk" PRIMARY KEY("venue","ref")
);
--> statement-breakpoint
CREATE INDEX "venue_policies_venue" ON "venue_policies" USING btree ("venue","seq");