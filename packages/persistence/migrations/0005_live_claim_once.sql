-- OpenPayer storage, version 5: a claim is paid at most once.
-- A claim (institution + claim id) has at most one live settlement: the same claim sent again under
-- another Idempotency-Key was settled (and paid) twice. A correction is a reversal (the status
-- leaves 'settled') and a new settlement. The index also answers the ledger's look-up of the
-- group's claims.
CREATE UNIQUE INDEX IF NOT EXISTS settlements_live_claim
  ON settlements (institution_code, claim_id) WHERE status = 'settled';
