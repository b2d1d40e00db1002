-- OpenPayer storage, version 19: oversight documents an administrator uploads — KPI definitions,
-- anomaly rules, global budgets, case rules and working-day calendars. Each is a validated,
-- immutable document (a change is a new id); of each kind the latest uploaded is in force (case
-- rules: the latest governing the region; calendars: by id), over the shipped demo ones.
CREATE TABLE IF NOT EXISTS oversight_documents (
  kind text NOT NULL,
  id text NOT NULL,
  seq bigserial NOT NULL,
  body jsonb NOT NULL,
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS oversight_documents_latest ON oversight_documents (kind, seq);
