-- OpenPayer storage, version 17: supervision cases (稽核案件). A finding, an anomaly or a
-- complaint becomes a case; each step (notify, answer, decide, appeal, escalate …) rewrites the
-- case's row and appends its audit entry in the same transaction. The row keeps the columns the
-- lists filter on; `body` is the case as the engine holds it (its transitions included).
CREATE TABLE IF NOT EXISTS supervision_cases (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  region text NOT NULL,
  institution_code text NOT NULL,
  origin text NOT NULL,
  state text NOT NULL,
  deadline date,
  escalation integer NOT NULL DEFAULT 0,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS supervision_cases_institution ON supervision_cases (institution_code, seq);
CREATE INDEX IF NOT EXISTS supervision_cases_deadline ON supervision_cases (state, deadline);
CREATE INDEX IF NOT EXISTS supervision_cases_region ON supervision_cases (region, state);
