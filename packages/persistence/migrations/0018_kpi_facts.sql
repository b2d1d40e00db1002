-- OpenPayer storage, version 18: KPI facts (监管指标). One row per settled settlement with the
-- measures the KPI definitions read (derived once from the settlement and its claim by
-- @openpayer/supervision's settlementFacts) and the dimensions KPIs are cut by; KPIs are sums of
-- these in SQL (numeric, exact) over a period. kpi_fact_state keeps the definitions the facts were
-- derived with and how far into the ledger (settlements.seq) they reach: a refresh adds what came
-- since, drops reversed settlements, and starts over when the definitions change.
CREATE TABLE IF NOT EXISTS kpi_facts (
  settlement_id text PRIMARY KEY,
  seq bigint NOT NULL,
  institution_code text NOT NULL,
  tier text NOT NULL,
  department text NOT NULL,
  doctor text NOT NULL,
  service_date date NOT NULL,
  measures jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS kpi_facts_date ON kpi_facts (service_date);
CREATE INDEX IF NOT EXISTS kpi_facts_institution ON kpi_facts (institution_code, service_date);

CREATE TABLE IF NOT EXISTS kpi_fact_state (
  id integer PRIMARY KEY CHECK (id = 1),
  definitions text NOT NULL,
  last_seq bigint NOT NULL,
  reversals_checked_at timestamptz NOT NULL
);

-- Reversals since the last refresh, found without scanning the ledger.
CREATE INDEX IF NOT EXISTS settlements_reversed ON settlements (reversed_at)
  WHERE reversed_at IS NOT NULL;
