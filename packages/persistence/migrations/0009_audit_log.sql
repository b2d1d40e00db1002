-- OpenPayer storage, version 9: the tamper-evident audit log (RFC 6962 Merkle tree).
-- Every state change appends its entry in the same transaction as the change. An entry's index in
-- the tree (seq) is contiguous from 0: the one-row counter hands out ranges under its row lock, so
-- concurrent transactions commit entries in the order of their seq. The entry is stored as the
-- exact bytes the tree hashes (canonical JSON, RFC 8785); leaf_hash = SHA-256(0x00 || entry).
CREATE TABLE IF NOT EXISTS audit_log (
  seq bigint PRIMARY KEY,
  entry text NOT NULL,
  leaf_hash bytea NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_log_object ON audit_log (object_type, object_id, seq);

CREATE TABLE IF NOT EXISTS audit_counter (
  id int PRIMARY KEY CHECK (id = 1),
  next_seq bigint NOT NULL
);
INSERT INTO audit_counter (id, next_seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Signed tree heads as published (RFC 6962 §3.5), newest last.
CREATE TABLE IF NOT EXISTS audit_tree_heads (
  tree_size bigint NOT NULL,
  timestamp_ms bigint NOT NULL,
  root_hash text NOT NULL,
  signature text NOT NULL,
  key_id text NOT NULL,
  PRIMARY KEY (tree_size, timestamp_ms)
);

-- The database's own keys (made on first use): the Ed25519 signing key of tree heads, unless a
-- deployment gives one by configuration (OPENPAYER_AUDIT_SIGNING_KEY), and the HMAC key of
-- patient pseudonyms, which is always this one (a person keeps one pseudonym for the log's life).
CREATE TABLE IF NOT EXISTS audit_keys (
  purpose text PRIMARY KEY CHECK (purpose IN ('signing', 'pseudonym')),
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
