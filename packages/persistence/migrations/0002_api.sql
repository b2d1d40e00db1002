-- OpenPayer storage, version 2: what the HTTP API needs.
-- Settlements get a monotonic sequence (cursor pagination that never skips or repeats a row),
-- reversals are recorded with who and why, approvals are searchable by kind, item and status,
-- policies carry their activation, principals a name and a revocation.
ALTER TABLE settlements ADD COLUMN IF NOT EXISTS seq bigserial;
CREATE UNIQUE INDEX IF NOT EXISTS settlements_seq ON settlements (seq);
ALTER TABLE settlements ADD COLUMN IF NOT EXISTS service_date date;
CREATE INDEX IF NOT EXISTS settlements_institution_seq ON settlements (institution_code, seq);

CREATE TABLE IF NOT EXISTS reversals (
  settlement_id text PRIMARY KEY REFERENCES settlements (id),
  reversed_by text NOT NULL,
  reason text NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE approvals ADD COLUMN IF NOT EXISTS seq bigserial;
ALTER TABLE approvals ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'out_of_catalog';
ALTER TABLE approvals ADD COLUMN IF NOT EXISTS item_code text NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN IF NOT EXISTS requested_on date;
CREATE INDEX IF NOT EXISTS approvals_institution_seq ON approvals (institution_code, seq);
CREATE INDEX IF NOT EXISTS approvals_status_seq ON approvals (status, seq);

ALTER TABLE policies ADD COLUMN IF NOT EXISTS title text NOT NULL DEFAULT '';
ALTER TABLE policies ADD COLUMN IF NOT EXISTS activated_by text;
ALTER TABLE policies ADD COLUMN IF NOT EXISTS activated_at timestamptz;

ALTER TABLE principals ADD COLUMN IF NOT EXISTS name text NOT NULL DEFAULT '';
ALTER TABLE principals ADD COLUMN IF NOT EXISTS revoked_at timestamptz;
