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

#include <openssl/rand.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
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

int
queue_open(const char *path, struct queue **out)
{
	char v[32];
	int rc;
	struct queue *q = xcalloc(1, sizeof(*q));
	snprintf(q->path, sizeof(q->path), "%s", path);
	*out = NULL;

	rc = sqlite3_open_v2(path, &q->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		rc = queue_db_err(q, rc, "open");
		goto out_close;
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, 5000);
	if ((rc = pragma_text(q, "PRAGMA journal_mode=WAL", v, sizeof(v))))
		goto out_close;
	if (strcmp(v, "wal") != 0) {
		klog(KLOG_ERR, "queue", "%s: WAL mode refused (journal_mode=%s)", path, v);
		rc = KERR_DB;
		goto out_close;
	}
	if ((rc = exec(q, "PRAGMA synchronous=FULL", "set synchronous")) ||
	    (rc = pragma_text(q, "PRAGMA synchronous", v, sizeof(v))))
		goto out_close;
	if (strcmp(v, "2") != 0) {
		klog(KLOG_ERR, "queue", "%s: synchronous=FULL did not take effect (%s)", path, v);
		rc = KERR_DB;
		goto out_close;
	}
	if ((rc = pragma_text(q, "PRAGMA quick_check", v, sizeof(v))))
		goto out_close;
	if (strcmp(v, "ok") != 0) {
		klog(KLOG_ERR, "queue", "%s failed its integrity check", path);
		rc = KERR_CORRUPT;
		goto out_close;
	}
	if ((rc = exec(q, "PRAGMA foreign_keys=ON", "set foreign_keys")) || (rc = migrate(q)))
		goto out_close;
	*out = q;
	return 0;
out_close:
	queue_close(q);
	return rc;
}

void
queue_close(struct queue *q)
{
	if (!q)
		return;
	if (q->db)
		sqlite3_close_v2(q->db);
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

#define ITEM_COLS                                                                                  \
	"seq, idem_key, kiosk_id, type, payload, created_ms, attempts, next_attempt_ms, state, "   \
	"server_ref, last_error"

static void
copy_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static void
read_item(sqlite3_stmt *st, struct queue_item *it)
{
	memset(it, 0, sizeof(*it));
	it->seq = sqlite3_column_int64(st, 0);
	copy_col(st, 1, it->key, sizeof(it->key));
	copy_col(st, 2, it->kiosk_id, sizeof(it->kiosk_id));
	copy_col(st, 3, it->type, sizeof(it->type));
	const unsigned char *p = sqlite3_column_text(st, 4);
	it->payload = xstrdup(p ? (const char *)p : "");
	it->created_ms = sqlite3_column_int64(st, 5);
	it->attempts = sqlite3_column_int(st, 6);
	it->next_attempt_ms = sqlite3_column_int64(st, 7);
	it->state = (enum queue_state)sqlite3_column_int(st, 8);
	copy_col(st, 9, it->server_ref, sizeof(it->server_ref));
	copy_col(st, 10, it->last_error, sizeof(it->last_error));
}

int
queue_get(struct queue *q, int64_t seq, struct queue_item *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db, "SELECT " ITEM_COLS " FROM outbox WHERE seq = ?", -1,
	                            &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare get");
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_item(st, out);
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
	char key[QUEUE_KEY_LEN + 1];
	sqlite3_stmt *st = NULL;
	int64_t seq;
	int rc;

	if (!kiosk_id || !type || !payload || strlen(payload) > QUEUE_PAYLOAD_MAX)
		return KERR_INVAL;
	if ((rc = make_uuid(key)))
		return rc;
	if ((rc = exec(q, "BEGIN IMMEDIATE", "begin enqueue")))
		return rc;

	rc = sqlite3_prepare_v2(q->db,
	                        "UPDATE meta SET value = value + 1 WHERE key = 'next_seq'"
	                        " RETURNING value - 1",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK || (rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = queue_db_err(q, rc, "take sequence");
		goto out_rollback;
	}
	seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;

	rc = sqlite3_prepare_v2(
	        q->db,
	        "INSERT INTO outbox(seq, idem_key, kiosk_id, type, payload, created_ms,"
	        " next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
	        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = queue_db_err(q, rc, "prepare enqueue");
		goto out_rollback;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now_ms);
	sqlite3_bind_int64(st, 7, now_ms);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rc = queue_db_err(q, rc, "enqueue");
		goto out_rollback;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = exec(q, "COMMIT", "commit enqueue")))
		goto out_rollback;
	if (out)
		return queue_get(q, seq, out);
	return 0;
out_rollback:
	sqlite3_finalize(st);
	exec(q, "ROLLBACK", "rollback enqueue");
	return rc;
}

int
queue_due(struct queue *q, int64_t now_ms, struct queue_item *items, int max, int *n)
{
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_item(st, &items[(*n)++]);
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

/* One UPDATE of a pending row; KERR_NOTFOUND when no pending row has that seq. */
static int
update_pending(struct queue *q, const char *sql, int64_t seq, const char *text, int64_t num)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare update");
	sqlite3_bind_text(st, 1, text ? text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, num);
	sqlite3_bind_int64(st, 3, seq);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = queue_db_err(q, rc, "update");
	else
		rc = sqlite3_changes(q->db) == 1 ? 0 : KERR_NOTFOUND;
	sqlite3_finalize(st);
	return rc;
}

int
queue_mark_acked(struct queue *q, int64_t seq, const char *server_ref)
{
	return update_pending(
	        q,
	        "UPDATE outbox SET state = 1, server_ref = ?1, attempts = attempts + 1 + ?2,"
	        " last_error = '' WHERE seq = ?3 AND state = 0",
	        seq, server_ref, 0);
}

int
queue_mark_retry(struct queue *q, int64_t seq, int64_t next_attempt_ms, const char *error)
{
	return update_pending(q,
	                      "UPDATE outbox SET last_error = ?1, next_attempt_ms = ?2,"
	                      " attempts = attempts + 1 WHERE seq = ?3 AND state = 0",
	                      seq, error, next_attempt_ms);
}

int
queue_mark_rejected(struct queue *q, int64_t seq, const char *reason)
{
	return update_pending(
	        q,
	        "UPDATE outbox SET state = 2, last_error = ?1, attempts = attempts + 1 + ?2"
	        " WHERE seq = ?3 AND state = 0",
	        seq, reason, 0);
}

int
queue_counts(struct queue *q, struct queue_counts *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db,
	                            "SELECT (SELECT count(*) FROM outbox WHERE state = 0),"
	                            " (SELECT count(*) FROM outbox WHERE state = 1),"
	                            " (SELECT count(*) FROM outbox WHERE state = 2),"
	                            " (SELECT value - 1 FROM meta WHERE key = 'next_seq')",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare counts");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->pending = sqlite3_column_int64(st, 0);
		out->acked = sqlite3_column_int64(st, 1);
		out->rejected = sqlite3_column_int64(st, 2);
		out->last_seq = sqlite3_column_int64(st, 3);
		rc = 0;
	} else {
		rc = queue_db_err(q, rc, "counts");
	}
	sqlite3_finalize(st);
	return rc;
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
