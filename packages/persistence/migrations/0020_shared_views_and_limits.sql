-- OpenPayer storage, version 20: what several API servers on one PostgreSQL share beyond the
-- ledger.
--
-- data_version: one counter, raised in the same transaction as any change to the versioned data
-- a server keeps views of (catalog releases, policies and their activations, rule sets, cases,
-- oversight documents) — by trigger, whoever writes. Every authenticated request reads it with
-- its API key (principalAdmission), so a server drops its views as soon as another has changed
-- the data: a policy activated through one server is in force on every server from the next
-- request on, with no cache window.
CREATE TABLE IF NOT EXISTS data_version (
  id integer PRIMARY KEY CHECK (id = 1),
  n bigint NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION openpayer_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$;

CREATE OR REPLACE TRIGGER catalog_releases_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_releases
  FOR EACH STATEMENT EXECUTE FUNCTION openpayer_data_changed();
CREATE OR REPLACE TRIGGER policies_changed AFTER INSERT OR UPDATE OR DELETE ON policies
  FOR EACH STATEMENT EXECUTE FUNCTION openpayer_data_changed();
CREATE OR REPLACE TRIGGER rule_sets_changed AFTER INSERT OR UPDATE OR DELETE ON rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION openpayer_data_changed();
CREATE OR REPLACE TRIGGER supervision_cases_changed AFTER INSERT OR UPDATE OR DELETE ON supervision_cases
  FOR EACH STATEMENT EXECUTE FUNCTION openpayer_data_changed();
CREATE OR REPLACE TRIGGER oversight_documents_changed AFTER INSERT OR UPDATE OR DELETE ON oversight_documents
  FOR EACH STATEMENT EXECUTE FUNCTION openpayer_data_changed();

-- rate_buckets: the per-principal token buckets of the API's rate limit, shared by every server
-- (read and refilled in the statement that looks the API key up). `allowed` is the last
-- request's answer. UNLOGGED: a bucket needs no durability (after a crash it starts full), and
-- without WAL a request's admission does not wait for a disk flush while holding its principal's
-- row — measured on PostgreSQL 15 here: 2,734 admissions/s of one key instead of 916-1,120.
CREATE UNLOGGED TABLE IF NOT EXISTS rate_buckets (
  principal_id text PRIMARY KEY REFERENCES principals (id) ON DELETE CASCADE,
  tokens double precision NOT NULL,
  at timestamptz NOT NULL,
  allowed boolean NOT NULL
);
