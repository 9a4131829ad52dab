/*
 * queue.c - the durable outbox (see queue.h): open/migrate/check the SQLite file, enqueue with a
 * gapless sequence and an idempotency key in one transaction, and the state changes the sync
 * worker records. Start at queue_open(). The schema is offline-cache/schema.sql; migrations[]
 * below must stay in step with it (user_version counts the applied ones).
 */
#include "queue.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"

#include <errno.h>
#include <openssl/rand.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "queue_internal.h"

static const char *const migrations[] = {
        /* 1: the outbox */
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
        "INSERT INTO meta(key, value) VALUES ('next_seq', 1);"
        "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, idem_key TEXT NOT NULL UNIQUE,"
        " kiosk_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,"
        " created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
        " next_attempt_ms INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,"
        " server_ref TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);",
        /* 2: reference data pulled from the backend (refdata.c) */
        "CREATE TABLE refdata (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
        " version TEXT NOT NULL DEFAULT '', updated_ms INTEGER NOT NULL);",
        /* 3: the hash-chained audit log (audit.c); the database refuses edits to it */
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
        " event TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL);"
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        /* 4: retention of personal data (seal.c): when acked, and whether purged since */
        "ALTER TABLE outbox ADD COLUMN acked_ms INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE outbox ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;",
        /* 5: whose transaction it is (owner.c): a keyed hash of the civil number, never the
         * number itself, so "my receipts" finds a person's own without opening payloads */
        "ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
        "CREATE INDEX outbox_owner ON outbox(owner, created_ms);",
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The one place SQLite codes become KERR_*: full disk and corruption are told apart. */
int
queue_db_err(struct queue *q, int rc, const char *what)
{
	klog(KLOG_ERR, "queue", "%s failed on %s: %s (%d)", what, q->path,
	     q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc), rc);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return KERR_FULL;
	case SQLITE_IOERR:
		q->reopen = true;
		return KERR_IO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		q->reopen = true;
		return KERR_CORRUPT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return KERR_BUSY;
	default:
		return KERR_DB;
	}
}

static int
exec(struct queue *q, const char *sql, const char *what)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : queue_db_err(q, rc, what);
}

/* Runs a one-row, one-column query and gives its text (copied into out). */
static int
pragma_text(struct queue *q, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, sql);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		int e = queue_db_err(q, rc, sql);
		sqlite3_finalize(st);
		return e;
	}
	const unsigned char *t = sqlite3_column_text(st, 0);
	snprintf(out, size, "%s", t ? (const char *)t : "");
	sqlite3_finalize(st);
	return 0;
}

static int
migrate(struct queue *q)
{
	char v[32];
	int rc = pragma_text(q, "PRAGMA user_version", v, sizeof(v));
	if (rc)
		return rc;
	int have = atoi(v); /* NOLINT: SQLite prints a plain integer here */
	if (have > SCHEMA_VERSION) {
		klog(KLOG_ERR, "queue", "%s has schema version %d, newer than this kiosk's %d",
		     q->path, have, SCHEMA_VERSION);
		return KERR_DB;
	}
	for (int i = have; i < SCHEMA_VERSION; i++) {
		char setv[64];
		if ((rc = exec(q, "BEGIN IMMEDIATE", "begin migration")))
			return rc;
		snprintf(setv, sizeof(setv), "PRAGMA user_version = %d", i + 1);
		if ((rc = exec(q, migrations[i], "migration")) ||
		    (rc = exec(q, setv, "set version"))) {
			exec(q, "ROLLBACK", "rollback");
			return rc;
		}
		if ((rc = exec(q, "COMMIT", "commit migration")))
			return rc;
		klog(KLOG_INFO, "queue", "database schema migrated to version %d", i + 1);
	}
	return 0;
}

/* "<path>.quarantined": while it exists the outbox is not opened (see queue_quarantined()). */
static void
marker_path(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s.quarantined", path);
}

bool
queue_quarantined(const char *path)
{
	char m[600];
	marker_path(path, m, sizeof(m));
	return access(m, F_OK) == 0;
}

/*
 * Moves a corrupt database (and its -wal, -shm) aside to "<path>.corrupt-N" and leaves the
 * marker naming it: nothing is deleted (the unsent transactions in it are the technician's to
 * recover), and the kiosk does not start over on an empty outbox, which would restart the
 * sequence. Logs the alert for the technician.
 */
static void
quarantine(const char *path)
{
	char dst[600], from[600], to[620], m[600];
	int n;
	for (n = 1; n < 1000; n++) {
		snprintf(dst, sizeof(dst), "%s.corrupt-%d", path, n);
		if (access(dst, F_OK) != 0)
			break;
	}
	if (rename(path, dst) != 0) {
		klog(KLOG_ERR, "queue",
		     "TECHNICIAN: %s is corrupt and could not be moved aside: %s", path,
		     strerror(errno));
		snprintf(dst, sizeof(dst), "%s", path);
	}
	static const char *const sfx[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(from, sizeof(from), "%s%s", path, sfx[i]);
		snprintf(to, sizeof(to), "%s%s", dst, sfx[i]);
		if (access(from, F_OK) == 0 && rename(from, to) != 0)
			unlink(from);
	}
	marker_path(path, m, sizeof(m));
	FILE *f = fopen(m, "w");
	if (f) {
		fprintf(f, "%s\n", dst);
		fclose(f);
	}
	klog(KLOG_ERR, "queue",
	     "TECHNICIAN: the outbox database %s failed its integrity check; it was moved to %s"
	     " with its unsent transactions. The kiosk is out of service until it is recovered and"
	     " %s is removed.",
	     path, dst, m);
}

/* Opens q->db on q->path with q->opts and checks it (see queue_open()). */
static int
connect_db(struct queue *q)
{
	char v[32], want[8], set[64];
	const struct queue_open_opts *opts = &q->opts;
	const char *path = q->path;
	int rc;

	if (queue_quarantined(path)) {
		klog(KLOG_ERR, "queue",
		     "TECHNICIAN: %s was quarantined as corrupt; remove %s.quarantined after"
		     " recovering it",
		     path, path);
		return KERR_CORRUPT;
	}
	rc = sqlite3_open_v2(path, &q->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                     opts->vfs);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "open");
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, 5000);
	if ((rc = pragma_text(q, "PRAGMA journal_mode=WAL", v, sizeof(v))))
		return rc;
	if (strcmp(v, "wal") != 0) {
		klog(KLOG_ERR, "queue", "%s: WAL mode refused (journal_mode=%s)", path, v);
		return KERR_DB;
	}
	snprintf(want, sizeof(want), "%d", opts->synchronous == 1 ? 1 : 2);
	snprintf(set, sizeof(set), "PRAGMA synchronous=%s", want);
	if ((rc = exec(q, set, "set synchronous")) ||
	    (rc = pragma_text(q, "PRAGMA synchronous", v, sizeof(v))))
		return rc;
	if (strcmp(v, want) != 0) {
		klog(KLOG_ERR, "queue", "%s: synchronous=%s did not take effect (%s)", path, want,
		     v);
		return KERR_DB;
	}
	if ((rc = pragma_text(q, "PRAGMA quick_check", v, sizeof(v))))
		return rc;
	if (strcmp(v, "ok") != 0) {
		klog(KLOG_ERR, "queue", "%s failed its integrity check", path);
		return KERR_CORRUPT;
	}
	if ((rc = exec(q, "PRAGMA foreign_keys=ON", "set foreign_keys")) || (rc = migrate(q)))
		return rc;
	if (opts->wal_autocheckpoint > 0) {
		snprintf(set, sizeof(set), "PRAGMA wal_autocheckpoint=%d",
		         opts->wal_autocheckpoint);
		if ((rc = pragma_text(q, set, v, sizeof(v))))
			return rc;
	}
	return 0;
}

static void
disconnect_db(struct queue *q)
{
	if (q->db)
		sqlite3_close_v2(q->db);
	q->db = NULL;
}

int
queue_open(const char *path, struct queue **out)
{
	return queue_open_ex(path, NULL, out);
}

int
queue_open_ex(const char *path, const struct queue_open_opts *opts, struct queue **out)
{
	struct queue *q = xcalloc(1, sizeof(*q));
	snprintf(q->path, sizeof(q->path), "%s", path);
	*out = NULL;
	if (opts)
		q->opts = *opts;
	if (q->opts.vfs) {
		snprintf(q->vfs, sizeof(q->vfs), "%s", q->opts.vfs);
		q->opts.vfs = q->vfs;
	}
	int rc = connect_db(q);
	if (rc) {
		disconnect_db(q);
		if (rc == KERR_CORRUPT && !queue_quarantined(path))
			quarantine(path);
		queue_close(q);
		return rc;
	}
	*out = q;
	return 0;
}

int
queue_ready(struct queue *q)
{
	if (!q->reopen)
		return 0;
	klog(KLOG_WARN, "queue", "%s: reopening and checking the database after an error", q->path);
	disconnect_db(q);
	q->reopen = false;
	int rc = connect_db(q);
	if (rc) {
		disconnect_db(q);
		if (rc == KERR_CORRUPT && !queue_quarantined(q->path))
			quarantine(q->path);
		q->reopen = true; /* try again next time (unless quarantined: then it says so) */
		return rc;
	}
	klog(KLOG_INFO, "queue", "%s reopened and checked", q->path);
	return 0;
}

void
queue_close(struct queue *q)
{
	if (!q)
		return;
	disconnect_db(q);
	xwipe(q->key, sizeof(q->key));
	free(q);
}

static int
make_uuid(char out[QUEUE_KEY_LEN + 1])
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof(b)) != 1)
		return KERR_INTERNAL;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, QUEUE_KEY_LEN + 1,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
	return 0;
}

static void
copy_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* Fills it from a row; a sealed payload that does not open leaves it->payload NULL and gives
 * the reason (KERR_CONFIG: no key; KERR_CORRUPT: tampered or another key). */
int
queue_read_item(struct queue *q, sqlite3_stmt *st, struct queue_item *it)
{
	memset(it, 0, sizeof(*it));
	it->seq = sqlite3_column_int64(st, 0);
	copy_col(st, 1, it->key, sizeof(it->key));
	copy_col(st, 2, it->kiosk_id, sizeof(it->kiosk_id));
	copy_col(st, 3, it->type, sizeof(it->type));
	const unsigned char *p = sqlite3_column_text(st, 4);
	int rc = open_payload(q, it->key, p ? (const char *)p : "", &it->payload);
	if (rc)
		klog(KLOG_ERR, "queue", "seq %lld: the stored payload does not open: %s",
		     (long long)it->seq, kerr_str(rc));
	it->created_ms = sqlite3_column_int64(st, 5);
	it->attempts = sqlite3_column_int(st, 6);
	it->next_attempt_ms = sqlite3_column_int64(st, 7);
	it->state = (enum queue_state)sqlite3_column_int(st, 8);
	copy_col(st, 9, it->server_ref, sizeof(it->server_ref));
	copy_col(st, 10, it->last_error, sizeof(it->last_error));
	it->acked_ms = sqlite3_column_int64(st, 11);
	it->purged = sqlite3_column_int(st, 12) != 0;
	return rc;
}

int
queue_get(struct queue *q, int64_t seq, struct queue_item *out)
{
	int ready = queue_ready(q);
	if (ready)
		return ready;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db, "SELECT " ITEM_COLS " FROM outbox WHERE seq = ?", -1,
	                            &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare get");
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		queue_read_item(q, st, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = KERR_NOTFOUND;
	} else {
		rc = queue_db_err(q, rc, "get");
	}
	sqlite3_finalize(st);
	return rc;
}

int
queue_enqueue(struct queue *q, const char *kiosk_id, const char *type, const char *payload,
              int64_t now_ms, struct queue_item *out)
{
	return queue_enqueue_owned(q, kiosk_id, type, payload, NULL, now_ms, out);
}

/* One item into the open write transaction (the caller commits or rolls back): its sequence
 * number, a fresh idempotency key (into key), the sealed payload, the owner tag, the audit
 * entry. */
static int
enqueue_one(struct queue *q, const char *kiosk_id, const char *type, const char *payload,
            const char *tag, int64_t now_ms, int64_t *seq_out, char key[QUEUE_KEY_LEN + 1])
{
	char *sealed = NULL;
	sqlite3_stmt *st = NULL;
	int64_t seq;
	int rc;

	if ((rc = make_uuid(key)))
		return rc;
	if (q->has_key && !(sealed = seal_payload(q, key, payload)))
		return KERR_INTERNAL;
	rc = sqlite3_prepare_v2(q->db,
	                        "UPDATE meta SET value = value + 1 WHERE key = 'next_seq'"
	                        " RETURNING value - 1",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK || (rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = queue_db_err(q, rc, "take sequence");
		goto out;
	}
	seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;

	rc = sqlite3_prepare_v2(
	        q->db,
	        "INSERT INTO outbox(seq, idem_key, kiosk_id, type, payload, created_ms,"
	        " next_attempt_ms, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = queue_db_err(q, rc, "prepare enqueue");
		goto out;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sealed ? sealed : payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now_ms);
	sqlite3_bind_int64(st, 7, now_ms);
	sqlite3_bind_text(st, 8, tag, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rc = queue_db_err(q, rc, "enqueue");
		goto out;
	}
	char detail[128];
	snprintf(detail, sizeof(detail), "seq %lld type %.32s key %s", (long long)seq, type, key);
	if ((rc = audit_add(q, now_ms, "enqueued", detail)))
		goto out;
	*seq_out = seq;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sealed);
	return rc;
}

/* What was written, not re-read (see queue_enqueue()). */
static void
fill_item(struct queue_item *out, int64_t seq, const char *key, const char *kiosk_id,
          const char *type, const char *payload, int64_t now_ms)
{
	memset(out, 0, sizeof(*out));
	out->seq = seq;
	snprintf(out->key, sizeof(out->key), "%s", key);
	snprintf(out->kiosk_id, sizeof(out->kiosk_id), "%s", kiosk_id);
	snprintf(out->type, sizeof(out->type), "%s", type);
	out->payload = xstrdup(payload);
	out->created_ms = now_ms;
	out->next_attempt_ms = now_ms;
	out->state = QUEUE_PENDING;
}

int
queue_enqueue_owned(struct queue *q, const char *kiosk_id, const char *type, const char *payload,
                    const char *owner, int64_t now_ms, struct queue_item *out)
{
	const char *one[] = {payload};
	int64_t seq = 0;
	char key[QUEUE_KEY_LEN + 1] = "";
	int rc = queue_enqueue_batch(q, kiosk_id, type, one, 1, owner, now_ms, &seq, key);
	/* Durable now: from here on nothing may report a failure (a failed read-back would make
	 * the person try again for a transaction that will be delivered). */
	if (rc == 0 && out)
		fill_item(out, seq, key, kiosk_id, type, payload, now_ms);
	return rc;
}

int
queue_enqueue_batch(struct queue *q, const char *kiosk_id, const char *type,
                    const char *const *payloads, int n, const char *owner, int64_t now_ms,
                    int64_t *seqs, char first_key[QUEUE_KEY_LEN + 1])
{
	char key[QUEUE_KEY_LEN + 1];
	char tag[QUEUE_OWNER_TAG_LEN + 1] = "";
	int rc;

	if (!kiosk_id || !type || !payloads || n < 1 || n > QUEUE_BATCH_MAX)
		return KERR_INVAL;
	for (int i = 0; i < n; i++)
		if (!payloads[i] || strlen(payloads[i]) > QUEUE_PAYLOAD_MAX)
			return KERR_INVAL;
	if ((rc = queue_ready(q)))
		return rc;
	if (owner && owner[0] && (rc = owner_tag(q, owner, tag)))
		return rc;
	if ((rc = exec(q, "BEGIN IMMEDIATE", "begin enqueue")))
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = enqueue_one(q, kiosk_id, type, payloads[i], tag, now_ms, &seqs[i], key)))
			goto out_rollback;
		if (i == 0 && first_key)
			memcpy(first_key, key, sizeof(key));
	}
	if ((rc = exec(q, "COMMIT", "commit enqueue")))
		goto out_rollback;
	return 0; /* all of them durable, in one commit */
out_rollback:
	queue_rollback(q);
	return rc;
}

int
queue_due(struct queue *q, int64_t now_ms, struct queue_item *items, int max, int *n)
{
	int ready = queue_ready(q);
	if (ready)
		return ready;
	sqlite3_stmt *st = NULL;
	int rc;
	*n = 0;
	rc = sqlite3_prepare_v2(q->db,
	                        "SELECT " ITEM_COLS
	                        " FROM outbox WHERE state = 0 AND next_attempt_ms <= ?"
	                        " ORDER BY seq LIMIT ?",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare due");
	sqlite3_bind_int64(st, 1, now_ms);
	sqlite3_bind_int(st, 2, max);
	int bad = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = queue_read_item(q, st, &items[(*n)++]);
		if (r == KERR_CONFIG)
			bad = r;
	}
	if (rc == SQLITE_DONE && bad) { /* sealed items but no key: send nothing */
		for (int i = 0; i < *n; i++)
			queue_item_clear(&items[i]);
		*n = 0;
		sqlite3_finalize(st);
		return bad;
	}
	if (rc != SQLITE_DONE) {
		rc = queue_db_err(q, rc, "due");
		for (int i = 0; i < *n; i++)
			queue_item_clear(&items[i]);
		*n = 0;
	} else {
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* One UPDATE of a pending row and, when it changed one, its audit entry (event not NULL), in
 * one transaction (the caller's, or its own). KERR_NOTFOUND when no pending row has that seq. */
static int
update_pending(struct queue *q, const char *sql, int64_t seq, const char *text, int64_t num,
               const char *event)
{
	sqlite3_stmt *st = NULL;
	int ready = queue_ready(q);
	if (ready)
		return ready;
	bool own = event && sqlite3_get_autocommit(q->db) != 0;
	if (own && (ready = queue_begin(q)))
		return ready;
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = queue_db_err(q, rc, "prepare update");
		goto out;
	}
	sqlite3_bind_text(st, 1, text ? text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, num);
	sqlite3_bind_int64(st, 3, seq);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = queue_db_err(q, rc, "update");
	else
		rc = sqlite3_changes(q->db) == 1 ? 0 : KERR_NOTFOUND;
	sqlite3_finalize(st);
	if (rc == 0 && event) {
		char detail[64];
		snprintf(detail, sizeof(detail), "seq %lld", (long long)seq);
		rc = audit_add(q, -1, event, detail);
	}
out:
	return queue_finish(q, own, rc);
}

int
queue_finish(struct queue *q, bool own, int rc)
{
	if (!own)
		return rc;
	if (rc) {
		queue_rollback(q);
		return rc;
	}
	return queue_commit(q);
}

int
queue_begin(struct queue *q)
{
	int ready = queue_ready(q);
	if (ready)
		return ready;
	return exec(q, "BEGIN IMMEDIATE", "begin");
}

int
queue_commit(struct queue *q)
{
	int rc = exec(q, "COMMIT", "commit");
	if (rc)
		queue_rollback(q);
	return rc;
}

void
queue_rollback(struct queue *q)
{
	if (q->db && !sqlite3_get_autocommit(q->db))
		exec(q, "ROLLBACK", "rollback");
}

int
queue_mark_acked(struct queue *q, int64_t seq, const char *server_ref)
{
	return update_pending(
	        q,
	        "UPDATE outbox SET state = 1, server_ref = ?1, attempts = attempts + 1 + ?2,"
	        " last_error = '', acked_ms = CAST((julianday('now') - 2440587.5) * 86400000"
	        " AS INTEGER) WHERE seq = ?3 AND state = 0",
	        seq, server_ref, 0, "acked");
}

int
queue_mark_retry(struct queue *q, int64_t seq, int64_t next_attempt_ms, const char *error)
{
	return update_pending(q,
	                      "UPDATE outbox SET last_error = ?1, next_attempt_ms = ?2,"
	                      " attempts = attempts + 1 WHERE seq = ?3 AND state = 0",
	                      seq, error, next_attempt_ms, NULL);
}

int
queue_mark_rejected(struct queue *q, int64_t seq, const char *reason)
{
	return update_pending(
	        q,
	        "UPDATE outbox SET state = 2, last_error = ?1, attempts = attempts + 1 + ?2"
	        " WHERE seq = ?3 AND state = 0",
	        seq, reason, 0, "rejected");
}

int
queue_counts(struct queue *q, struct queue_counts *out)
{
	int ready = queue_ready(q);
	if (ready)
		return ready;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db,
	                            "SELECT (SELECT count(*) FROM outbox WHERE state = 0),"
	                            " (SELECT count(*) FROM outbox WHERE state = 1),"
	                            " (SELECT count(*) FROM outbox WHERE state = 2),"
	                            " (SELECT value - 1 FROM meta WHERE key = 'next_seq'),"
	                            " (SELECT min(seq) FROM outbox WHERE state = 0),"
	                            " (SELECT min(created_ms) FROM outbox WHERE state = 0)",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare counts");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->pending = sqlite3_column_int64(st, 0);
		out->acked = sqlite3_column_int64(st, 1);
		out->rejected = sqlite3_column_int64(st, 2);
		out->last_seq = sqlite3_column_int64(st, 3);
		out->acked_through = sqlite3_column_type(st, 4) == SQLITE_NULL
		                             ? out->last_seq
		                             : sqlite3_column_int64(st, 4) - 1;
		out->oldest_pending_ms = sqlite3_column_int64(st, 5);
		rc = 0;
	} else {
		rc = queue_db_err(q, rc, "counts");
	}
	sqlite3_finalize(st);
	return rc;
}

int
queue_purge(struct queue *q, int *n)
{
	sqlite3_stmt *st = NULL;
	int rc = queue_ready(q);
	if (n)
		*n = 0;
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(q->db,
	                        "UPDATE outbox SET payload = '', purged = 1 WHERE state = 1 AND"
	                        " purged = 0 AND acked_ms > 0 AND acked_ms <="
	                        " CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - ?",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare purge");
	sqlite3_bind_int64(st, 1, q->retention_ms);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		int changed = sqlite3_changes(q->db);
		if (n)
			*n = changed;
		rc = 0;
		if (changed > 0) {
			char detail[64];
			snprintf(detail, sizeof(detail), "%d payload(s)", changed);
			klog(KLOG_INFO, "queue", "purged %d acknowledged payload(s) past retention",
			     changed);
			sqlite3_finalize(st);
			return audit_append(q, -1, "purged", detail);
		}
	} else {
		rc = queue_db_err(q, rc, "purge");
	}
	sqlite3_finalize(st);
	return rc;
}

int
queue_check(struct queue *q)
{
	int ready = queue_ready(q);
	if (ready)
		return ready;
	char v[64];
	int rc = pragma_text(q, "PRAGMA integrity_check", v, sizeof(v));
	if (rc)
		return rc;
	if (strcmp(v, "ok") != 0) {
		klog(KLOG_ERR, "queue", "%s failed its integrity check", q->path);
		return KERR_CORRUPT;
	}
	return 0;
}

void
queue_item_clear(struct queue_item *it)
{
	if (!it)
		return;
	if (it->payload) {
		xwipe(it->payload, strlen(it->payload));
		free(it->payload);
	}
	memset(it, 0, sizeof(*it));
}
