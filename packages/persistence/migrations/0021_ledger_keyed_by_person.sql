-- OpenPayer storage, version 21: the ledger keyed by the insured person.
-- A province's ledger outgrows one machine; Citus distributes a table by one column and keeps a
-- primary or unique key only when it contains that column (PostgreSQL's hash partitioning has the
-- same rule). Every primary and unique key of the ledger's tables (settlements, settlement_claims,
-- accumulators, idempotency_records, reversals, approvals, findings) now starts with person_id, so
-- they can be distributed by person and co-located: a settlement's rows (its claim, the person's
-- accumulators and approvals, its idempotency record, findings, a reversal) all live on one
-- shard. Look-ups by id alone keep an ordinary index. `partitionByPerson` (database.ts) builds
-- the same tables hash-partitioned by person; the Citus statements are in
-- packages/persistence/citus/distribute.sql.
--
-- What a key by person cannot say across persons any more is checked, under the person's
-- accumulator lock, by the ledger's reads instead (commit.ts): an Idempotency-Key already used for
-- another request (settlements_idempotency_lookup below), a claim already live (settlements_claim).
-- Two such requests for two different persons at the same instant on two nodes are each settled:
-- they are two claims of two persons, not one paid twice.

-- The tables that point at a settlement by id name its person too.
ALTER TABLE idempotency_records ADD COLUMN IF NOT EXISTS person_id text;
UPDATE idempotency_records i SET person_id = s.person_id
  FROM settlements s WHERE s.id = i.settlement_id AND i.person_id IS NULL;
ALTER TABLE idempotency_records ALTER COLUMN person_id SET NOT NULL;
ALTER TABLE reversals ADD COLUMN IF NOT EXISTS person_id text;
UPDATE reversals r SET person_id = s.person_id
  FROM settlements s WHERE s.id = r.settlement_id AND r.person_id IS NULL;
ALTER TABLE reversals ALTER COLUMN person_id SET NOT NULL;
ALTER TABLE idempotency_records DROP CONSTRAINT IF EXISTS idempotency_records_settlement_id_fkey;
ALTER TABLE reversals DROP CONSTRAINT IF EXISTS reversals_settlement_id_fkey;

-- settlements: (person, id); seq and id are looked up, not keys.
ALTER TABLE settlements DROP CONSTRAINT settlements_pkey;
ALTER TABLE settlements ADD CONSTRAINT settlements_pkey PRIMARY KEY (person_id, id);
CREATE INDEX IF NOT EXISTS settlements_id ON settlements (id);
DROP INDEX IF EXISTS settlements_seq;
CREATE INDEX IF NOT EXISTS settlements_seq ON settlements (seq);
DROP INDEX IF EXISTS settlements_live_claim;
CREATE UNIQUE INDEX IF NOT EXISTS settlements_live_claim
  ON settlements (person_id, institution_code, claim_id) WHERE status IN ('settled', 'held');
CREATE INDEX IF NOT EXISTS settlements_claim
  ON settlements (institution_code, claim_id) WHERE status IN ('settled', 'held');
-- A person's settlements are found by the primary key's first column (and by
-- settlements_person_service): (person_id, year) is one index fewer to maintain.
DROP INDEX IF EXISTS settlements_person;

-- idempotency_records: the person's key; (principal, key) looked up across persons.
ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_pkey
  PRIMARY KEY (person_id, principal, key);
CREATE INDEX IF NOT EXISTS idempotency_records_key ON idempotency_records (principal, key);
ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_settlement_fkey
  FOREIGN KEY (person_id, settlement_id) REFERENCES settlements (person_id, id);

-- reversals: one per settlement, by person.
ALTER TABLE reversals DROP CONSTRAINT reversals_pkey;
ALTER TABLE reversals ADD CONSTRAINT reversals_pkey PRIMARY KEY (person_id, settlement_id);
CREATE INDEX IF NOT EXISTS reversals_settlement ON reversals (settlement_id);
ALTER TABLE reversals ADD CONSTRAINT reversals_settlement_fkey
  FOREIGN KEY (person_id, settlement_id) REFERENCES settlements (person_id, id);

-- approvals: (person, id); id looked up (a new id is checked before it is stored: approvals.ts).
ALTER TABLE approvals DROP CONSTRAINT approvals_pkey;
ALTER TABLE approvals ADD CONSTRAINT approvals_pkey PRIMARY KEY (person_id, id);
CREATE INDEX IF NOT EXISTS approvals_id ON approvals (id);

-- findings: (person, id); seq orders listings, no longer a key.
ALTER TABLE findings DROP CONSTRAINT findings_pkey;
ALTER TABLE findings ADD CONSTRAINT findings_pkey PRIMARY KEY (person_id, id);
CREATE INDEX IF NOT EXISTS findings_id ON findings (id);
ALTER TABLE findings DROP CONSTRAINT IF EXISTS findings_seq_key;
CREATE INDEX IF NOT EXISTS findings_seq ON findings (seq);
