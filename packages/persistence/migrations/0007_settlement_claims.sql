-- OpenPayer storage, version 7: the claim is stored with its settlement.
-- The claim as received (the validated claim in its wire form, claimSchema's encoding) and the
-- approvals the engine was given (their wire form as they stood when the claim was settled, null
-- when the person had none) are written in the same statement as the settlement. With the
-- settlement body's versions (policy, catalog release) and accumulatorsBefore they are everything
-- `settle` reads, so a stored decision can be replayed, reviewed after payment and re-settled under
-- another policy. A table of its own, not a column: written once, read rarely, it keeps the
-- settlements rows that listings and totals scan narrow. Keyed by person first, like every
-- table of the ledger that will be distributed by person (so no foreign key to settlements (id),
-- which a distributed table could not keep; the ledger writes both rows in one statement).
CREATE TABLE IF NOT EXISTS settlement_claims (
  person_id text NOT NULL,
  settlement_id text NOT NULL,
  claim jsonb NOT NULL,
  approvals jsonb,
  PRIMARY KEY (person_id, settlement_id)
);
