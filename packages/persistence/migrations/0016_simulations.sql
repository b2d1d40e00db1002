-- OpenPayer storage, version 16: what-if simulations (issue 24). A job settles the stored claims
-- of a region and period under a baseline and a candidate version and keeps the report; a
-- cancelled or failed job keeps no report. The report is kept as the text the engine wrote (jsonb
-- would reorder its keys), so it reads back byte for byte.
CREATE TABLE IF NOT EXISTS simulations (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  region text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  request jsonb NOT NULL,
  status text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  report text,
  error text,
  requested_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS simulations_seq ON simulations (seq);
