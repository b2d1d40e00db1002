-- OpenPayer storage, version 4: the progress of `openpayer serve`'s demo seeding. The synthetic
-- claims are settled on first start; a start interrupted while settling them (a crash, Ctrl-C)
-- left a database with part of them and nothing to say so. The row is written before the first
-- claim and completed after the last, so the next start resumes an unfinished seeding (the claims
-- carry idempotency keys: the settled ones replay, the rest are settled once) and reports it.
CREATE TABLE IF NOT EXISTS demo_seeding (
  name text PRIMARY KEY,
  claims integer NOT NULL,
  seed bigint NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
