-- OpenPayer storage, version 13: value-based payment (按价值付费). An institution's measurements of
-- a period (one document, replaceable until the period is run), patients' outcome events (each
-- recorded once), and period runs: one per scope (an institution, or a risk-sharing contract) and
-- period, recorded whole, once, and read back as computed.
CREATE TABLE IF NOT EXISTS value_observations (
  institution_code text NOT NULL,
  period text NOT NULL,
  body jsonb NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_code, period)
);
CREATE TABLE IF NOT EXISTS value_outcomes (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  person_id text NOT NULL,
  kind text NOT NULL,
  event_date date NOT NULL,
  body jsonb NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS value_outcomes_person ON value_outcomes (person_id, event_date);
CREATE TABLE IF NOT EXISTS value_period_runs (
  id text PRIMARY KEY,
  scope text NOT NULL,
  subject text NOT NULL,
  period text NOT NULL,
  policy_id text NOT NULL,
  total text NOT NULL,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS value_period_runs_once ON value_period_runs (scope, subject, period);
