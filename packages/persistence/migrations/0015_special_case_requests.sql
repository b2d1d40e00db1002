-- OpenPayer storage, version 15: special-case review requests (特病单议). A hospital asks that one of
-- its cases not be paid by its group; a reviewer approves or rejects it, once; the period's
-- reconciliation pays the approved ones by their rule.
CREATE TABLE IF NOT EXISTS special_case_requests (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  claim_id text NOT NULL UNIQUE,
  institution_code text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL,
  decision_reason text,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by text,
  decided_at timestamptz
);
CREATE INDEX IF NOT EXISTS special_case_requests_institution
  ON special_case_requests (institution_code, seq);
