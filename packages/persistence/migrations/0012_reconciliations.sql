-- OpenPayer storage, version 12: period reconciliations (结算清算). One per institution, period and
-- method: a reconciliation is recorded whole, once, and read back as it was computed.
CREATE TABLE IF NOT EXISTS reconciliations (
  id text PRIMARY KEY,
  institution_code text NOT NULL,
  period text NOT NULL,
  method text NOT NULL,
  policy_id text NOT NULL,
  cases integer NOT NULL,
  adjustment text NOT NULL,
  body jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS reconciliations_period
  ON reconciliations (institution_code, period, method);
