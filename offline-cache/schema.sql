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
