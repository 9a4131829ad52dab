/*
 * test_queue.c - the outbox: durability settings, gapless sequence, idempotency keys, state
 * changes, reopen, and clear errors for unusable paths and corrupt files.
 */
#include "../../common/kerr.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/refdata.h"
#include "../tap.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
basic(const char *dir)
{
	char path[512];
	struct queue *q;
	struct queue_item it, due[10];
	struct queue_counts c;
	int n;

	snprintf(path, sizeof(path), "%s/q.db", dir);
	is_int(queue_open(path, &q), 0, "open new database");
	for (int i = 1; i <= 5; i++) {
		is_int(queue_enqueue(q, "K1", "visit", "{\"n\":1}", 1000 * i, &it), 0, "enqueue %d",
		       i);
		is_int(it.seq, i, "sequence %d is gapless", i);
		ok(strlen(it.key) == 36 && it.key[14] == '4', "key %d is a v4 UUID", i);
		queue_item_clear(&it);
	}
	is_int(queue_due(q, 3000, due, 10, &n), 0, "due query");
	is_int(n, 3, "only items created by now are due");
	ok(n == 3 && due[0].seq == 1 && due[2].seq == 3, "due items oldest first");
	ok(n == 3 && strcmp(due[0].key, due[1].key) != 0, "keys differ");
	for (int i = 0; i < n; i++)
		queue_item_clear(&due[i]);

	is_int(queue_mark_acked(q, 1, "MOL-1"), 0, "ack 1");
	is_int(queue_mark_acked(q, 1, "MOL-1b"), KERR_NOTFOUND, "a second ack changes nothing");
	is_int(queue_mark_retry(q, 2, 99999, "timeout"), 0, "retry 2 later");
	is_int(queue_mark_rejected(q, 3, "bad"), 0, "reject 3");
	is_int(queue_due(q, 10000, due, 10, &n), 0, "due again");
	is_int(n, 2, "4 and 5 due; 2 waits for its backoff");
	for (int i = 0; i < n; i++)
		queue_item_clear(&due[i]);
	is_int(queue_counts(q, &c), 0, "counts");
	ok(c.pending == 3 && c.acked == 1 && c.rejected == 1 && c.last_seq == 5, "counts right");
	queue_close(q);

	is_int(queue_open(path, &q), 0, "reopen");
	is_int(queue_get(q, 1, &it), 0, "get 1 after reopen");
	is_str(it.server_ref, "MOL-1", "server reference survived");
	ok(it.state == QUEUE_ACKED, "state survived");
	queue_item_clear(&it);
	is_int(queue_get(q, 3, &it), 0, "get 3");
	is_str(it.last_error, "bad", "rejection reason kept for the technician");
	queue_item_clear(&it);
	is_int(queue_enqueue(q, "K1", "visit", "{}", 1, &it), 0, "enqueue after reopen");
	is_int(it.seq, 6, "sequence continues after reopen");
	queue_item_clear(&it);
	queue_close(q);

	/* the durability settings are on the file and on the connection */
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	sqlite3_step(st);
	is_str((const char *)sqlite3_column_text(st, 0), "wal", "database is in WAL mode");
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	sqlite3_step(st);
	is_int(sqlite3_column_int(st, 0), 2, "schema version recorded");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
bad_paths(const char *dir)
{
	char path[512];
	struct queue *q = NULL;
	is_int(queue_open("/nonexistent-dir/q.db", &q), KERR_DB, "missing folder -> KERR_DB");
	ok(q == NULL, "no handle on failure");

	snprintf(path, sizeof(path), "%s/garbage.db", dir);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 512; i++)
		fputs("this is not a database file. ", f);
	fclose(f);
	int rc = queue_open(path, &q);
	ok(rc == KERR_CORRUPT || rc == KERR_DB, "a garbage file is refused (%d)", rc);

	struct queue_item it;
	snprintf(path, sizeof(path), "%s/big.db", dir);
	is_int(queue_open(path, &q), 0, "open");
	static char big[QUEUE_PAYLOAD_MAX + 2];
	memset(big, 'x', sizeof(big) - 1);
	is_int(queue_enqueue(q, "K1", "t", big, 1, &it), KERR_INVAL, "oversized payload refused");
	queue_close(q);
}

static void
refdata(const char *dir)
{
	char path[512], v[64], ver[16];
	int64_t when = 0;
	struct queue *q;
	snprintf(path, sizeof(path), "%s/ref.db", dir);
	is_int(queue_open(path, &q), 0, "open for refdata");
	is_int(refdata_get(q, "hijri_date", v, sizeof(v), NULL, 0, NULL), KERR_NOTFOUND,
	       "absent key -> KERR_NOTFOUND");
	is_int(refdata_put(q, "hijri_date", "1448-07-02", "e1", 5), 0, "put");
	is_int(refdata_put(q, "hijri_date", "1448-07-03", "e2", 9), 0, "put again replaces");
	is_int(refdata_get(q, "hijri_date", v, sizeof(v), ver, sizeof(ver), &when), 0, "get");
	ok(strcmp(v, "1448-07-03") == 0 && strcmp(ver, "e2") == 0 && when == 9, "latest value");
	is_int(refdata_get(q, "hijri_date", v, 4, NULL, 0, NULL), KERR_TOOBIG, "small buffer");
	queue_close(q);
}

int
main(void)
{
	const char *dir = tap_tmpdir();
	basic(dir);
	bad_paths(dir);
	refdata(dir);
	return tap_done();
}
