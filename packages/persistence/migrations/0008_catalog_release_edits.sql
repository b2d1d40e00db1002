-- OpenPayer storage, version 8: who published a catalog release made by hand.
-- An administrator finishing an item's restrictions (人工结构化) publishes a new dated release, a copy
-- of the base release with that item changed (the release itself is a row of catalog_releases like
-- any other). This table records the edit beside it: the base it was made from, the item, the
-- author (a principal's id) and the note. One row per edited release; the diff is recomputed from
-- the two releases, both immutable.
CREATE TABLE IF NOT EXISTS catalog_release_edits (
  release_id text PRIMARY KEY REFERENCES catalog_releases (id),
  base_release_id text NOT NULL REFERENCES catalog_releases (id),
  item_id text NOT NULL,
  author text NOT NULL,
  note text NOT NULL,
  published_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS catalog_release_edits_base ON catalog_release_edits (base_release_id);
