-- OpenPayer storage, version 6: principals carry their medical alliance (医联体).
-- A primary institution's out-of-formulary request (approval kind primary_care) is decided by the
-- lead hospital (牵头医院) of the alliance it names; the deciding reviewer's alliance and whether it
-- works at the lead hospital are set by an administrator, so they live with the principal. An
-- institution integrator may carry its institution's alliance. Both nullable: existing principals
-- belong to no alliance.
ALTER TABLE principals ADD COLUMN IF NOT EXISTS alliance_id text;
ALTER TABLE principals ADD COLUMN IF NOT EXISTS is_lead_hospital boolean;
-- A lead hospital of no alliance is meaningless (the API refuses it as principal.alliance_required).
ALTER TABLE principals ADD CONSTRAINT principals_lead_hospital_has_alliance
  CHECK (is_lead_hospital IS NOT TRUE OR alliance_id IS NOT NULL);
