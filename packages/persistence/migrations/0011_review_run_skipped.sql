-- OpenPayer storage, version 11: a review run counts the claims it could not review (a stored claim
-- that no longer decodes, no rule set or catalog release for it) apart from those it reviewed.
ALTER TABLE review_runs ADD COLUMN IF NOT EXISTS skipped integer NOT NULL DEFAULT 0;
