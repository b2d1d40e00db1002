-- OpenPayer storage, version 10: smart review (智能审核).
-- Rule sets are versioned documents like policies: stored immutable, activated for their region
-- (null = national) from a date. Findings are what the rules found on a claim: at settlement
-- (stage settle, with the settlement they were found on) or in a post-payment review run; each
-- keeps its wire form and the hospital's answer (continue with a reason, remove the line, switch it
-- to self-pay) when one was given. Keyed by id; listed by institution and time, by claim, by run.
CREATE TABLE IF NOT EXISTS rule_sets (
  id text PRIMARY KEY,
  title text NOT NULL,
  region text,
  published_on date NOT NULL,
  active_from date,
  activated_by text,
  activated_at timestamptz,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Two sets of one region (null = national) cannot start on one day: the check in activateRuleSet
-- reads before it writes, so two concurrent activations would both pass it without this index.
CREATE UNIQUE INDEX IF NOT EXISTS rule_sets_region_start
  ON rule_sets (coalesce(region, ''), active_from) WHERE active_from IS NOT NULL;

CREATE TABLE IF NOT EXISTS review_runs (
  id text PRIMARY KEY,
  period_from date NOT NULL,
  period_to date NOT NULL,
  institution_code text,
  status text NOT NULL,
  claims integer NOT NULL DEFAULT 0,
  findings integer NOT NULL DEFAULT 0,
  requested_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE IF NOT EXISTS findings (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  person_id text NOT NULL,
  institution_code text NOT NULL,
  claim_id text NOT NULL,
  settlement_id text,
  run_id text,
  stage text NOT NULL,
  rule_set_id text NOT NULL,
  rule_code text NOT NULL,
  rule_version integer NOT NULL,
  severity text NOT NULL,
  result_type text NOT NULL,
  action text NOT NULL,
  body jsonb NOT NULL,
  response text,
  response_reason text,
  responded_by text,
  responded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS findings_institution ON findings (institution_code, seq);
CREATE INDEX IF NOT EXISTS findings_settlement ON findings (settlement_id);
CREATE INDEX IF NOT EXISTS findings_run ON findings (run_id, seq);
CREATE INDEX IF NOT EXISTS findings_claim ON findings (claim_id, seq);

-- A claim a finding held for review is live too: it cannot be settled again while held. Released,
-- it leaves 'held' and its settlement is stored as a new row (the 'settled' one).
DROP INDEX IF EXISTS settlements_live_claim;
CREATE UNIQUE INDEX IF NOT EXISTS settlements_live_claim
  ON settlements (institution_code, claim_id) WHERE status IN ('settled', 'held');

-- The person's stored claims by service date: the history cross-claim rules read.
CREATE INDEX IF NOT EXISTS settlements_person_service ON settlements (person_id, service_date);
