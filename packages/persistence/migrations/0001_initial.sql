-- OpenPayer storage, version 1. One dialect (PostgreSQL) for the embedded PGlite and a server.
CREATE TABLE IF NOT EXISTS catalog_releases (
  id text PRIMARY KEY,
  region text,
  effective_start date NOT NULL,
  effective_end date,
  published_on date NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS policies (
  id text PRIMARY KEY,
  region text NOT NULL,
  published_on date NOT NULL,
  active_from date,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS approvals (
  id text PRIMARY KEY,
  person_id text NOT NULL,
  institution_code text NOT NULL,
  status text NOT NULL,
  body jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS approvals_person ON approvals (person_id);

CREATE TABLE IF NOT EXISTS accumulators (
  person_id text NOT NULL,
  year integer NOT NULL,
  body jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  PRIMARY KEY (person_id, year)
);

CREATE TABLE IF NOT EXISTS settlements (
  id text PRIMARY KEY,
  claim_id text NOT NULL,
  institution_code text NOT NULL,
  person_id text NOT NULL,
  year integer NOT NULL,
  status text NOT NULL,
  policy_id text NOT NULL,
  catalog_release_id text NOT NULL,
  total text NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  reversed_at timestamptz
);
CREATE INDEX IF NOT EXISTS settlements_institution ON settlements (institution_code, created_at);
CREATE INDEX IF NOT EXISTS settlements_person ON settlements (person_id, year);

CREATE TABLE IF NOT EXISTS idempotency_records (
  principal text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  settlement_id text NOT NULL REFERENCES settlements (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);

CREATE TABLE IF NOT EXISTS principals (
  id text PRIMARY KEY,
  role text NOT NULL,
  institution_code text,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
