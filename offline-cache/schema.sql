-- offline-cache/schema.sql - the outbox database schema (PRAGMA user_version counts the steps).
-- Reference copy for readers; queue.c carries the same statements as its migration list.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO meta(key, value) VALUES ('next_seq', 1);
CREATE TABLE outbox (
	seq             INTEGER PRIMARY KEY,        -- per-kiosk, gapless, from meta.next_seq
	idem_key        TEXT NOT NULL UNIQUE,       -- UUID v4, made once inside the enqueue commit
	kiosk_id        TEXT NOT NULL,
	type            TEXT NOT NULL,
	payload         TEXT NOT NULL,              -- JSON
	created_ms      INTEGER NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_ms INTEGER NOT NULL,
	state           INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 acked, 2 rejected
	server_ref      TEXT NOT NULL DEFAULT '',
	last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
-- version 2: reference data pulled from the backend (refdata.c)
CREATE TABLE refdata (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	version    TEXT NOT NULL DEFAULT '',
	updated_ms INTEGER NOT NULL
);
-- version 3: the hash-chained audit log (audit.c); hash = SHA-256 hex of
-- "prev_hash\nid\nat_ms\nevent\ndetail", the first prev_hash 64 zeros
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at_ms     INTEGER NOT NULL,
	event     TEXT NOT NULL,  -- enqueued, acked, rejected, or a caller's event
	detail    TEXT NOT NULL,  -- sequence, type, key: never personal data
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- version 4: retention of personal data (seal.c)
ALTER TABLE outbox ADD COLUMN acked_ms INTEGER NOT NULL DEFAULT 0; -- SQLite's clock at the ack
ALTER TABLE outbox ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;   -- payload emptied after retention
-- version 5: whose transaction it is (owner.c): HMAC-SHA256 of the civil number under the
-- payload key (SHA-256 without one), hex; '' for nobody's
ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_owner ON outbox(owner, created_ms);
-- with [cache] key_file set, payload holds "enc1:" + base64(nonce | AES-256-GCM ciphertext | tag)
