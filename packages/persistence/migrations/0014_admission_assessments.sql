-- OpenPayer storage, version 14: admission assessments (准入评估). An administrator's decision on a
-- technology with the ICER it rests on (inputs, threshold entry, verdict), recorded once, never edited.
CREATE TABLE IF NOT EXISTS admission_assessments (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  technology text NOT NULL,
  body jsonb NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS admission_assessments_technology ON admission_assessments (technology, seq);
