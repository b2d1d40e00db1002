-- settlements_institution (institution_code, created_at) is superseded by
-- settlements_institution_seq (institution_code, seq), which the listings use; one index fewer to
-- maintain on every settlement (measured ≈5% of the ledger's time on the embedded database).
DROP INDEX IF EXISTS settlements_institution;
