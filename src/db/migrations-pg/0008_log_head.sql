CREATE TABLE "log_head" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"size" bigint NOT NULL,
	"frontier" "bytea" NOT NULL,
	CONSTRAINT "log_head_one_row" CHECK ("log_head"."id" = 1)
);
--> statement-breakpoint
-- The head of the log already stored (hand-written after drizzle-kit's CREATE TABLE). First the
-- advisory lock that appenders of earlier builds take (pg-transparency-log.ts before log_head),
-- held until the migration commits: no append of such a process lands between the reads below
-- and the commit. Then size = max(idx) + 1, and the frontier from log_hashes: for each set bit L
-- of size, the complete subtree (L, (size >> L) - 1), whose tlog StoredHashIndex is
-- 2m - popcount(m) + L with m = ((size >> L) << L) - 1 (src/log/lib/tree-math.ts). A hash the
-- join cannot find leaves the frontier short, which every append and read refuses as
-- LOG_STATE_CORRUPT instead of building on it.
SELECT pg_advisory_xact_lock(6219283357886074695);--> statement-breakpoint
INSERT INTO "log_head" ("id", "size", "frontier")
SELECT 1, s.size, coalesce((
  SELECT string_agg(h.hash, ''::bytea ORDER BY l.level)
  FROM generate_series(0, 62) AS l(level)
  CROSS JOIN LATERAL (SELECT ((s.size >> l.level) << l.level) - 1 AS m) AS e
  JOIN "log_hashes" AS h
    ON h.id = 2 * e.m - length(replace(e.m::bit(64)::text, '0', '')) + l.level
  WHERE (s.size >> l.level) & 1 = 1
), ''::bytea)
FROM (SELECT coalesce(max("idx") + 1, 0) AS size FROM "log_entries") AS s;
