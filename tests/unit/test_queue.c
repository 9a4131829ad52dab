/*
 * test_queue.c - the outbox: durability settings, gapless sequence, idempotency keys, state
 * changes, reopen, and clear errors for unusable paths and corrupt files.
 */
#include "../../common/kerr.h"
#include "../../offline-cache/audit.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/refdata.h"
#include "../tap.h"

#include <sqlite3.h>
#include <stdbool.h>
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
	is_int(sqlite3_column_int(st, 0), 5, "schema version recorded");
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
	is_int(rc, KERR_CORRUPT, "a garbage file is refused as corrupt");
	char aside[600], marker[600];
	snprintf(aside, sizeof(aside), "%s.corrupt-1", path);
	snprintf(marker, sizeof(marker), "%s.quarantined", path);
	ok(access(path, F_OK) != 0 && access(aside, F_OK) == 0,
	   "the corrupt file is quarantined: moved aside, not deleted");
	ok(queue_quarantined(path), "queue_quarantined() says so");
	is_int(queue_open(path, &q), KERR_CORRUPT, "while quarantined the outbox does not open");
	ok(access(path, F_OK) != 0, "and no empty outbox was started in its place");
	unlink(marker);
	is_int(queue_open(path, &q), 0, "once the technician removes the marker: a new outbox");
	queue_close(q);

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

static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void
audit(const char *dir)
{
	char path[512], head[AUDIT_HASH_LEN + 1];
	struct queue *q;
	int64_t bad = -1, n = 0;
	snprintf(path, sizeof(path), "%s/audit.db", dir);
	is_int(queue_open(path, &q), 0, "open for audit");
	for (int i = 0; i < 4; i++)
		queue_enqueue(q, "K1", "visit", "{}", 100 + i, NULL);
	queue_mark_acked(q, 1, "MOL-1");
	queue_mark_rejected(q, 2, "bad");
	is_int(audit_append(q, 500, "technician", "door opened"), 0, "append an event");
	is_int(audit_verify(q, &bad, &n, head), 0, "the chain verifies");
	is_int(n, 7, "4 enqueued + 1 acked + 1 rejected + 1 event");
	ok(strlen(head) == AUDIT_HASH_LEN, "the head hash is given (to anchor the log)");
	queue_close(q);

	ok(raw_exec(path, "UPDATE audit SET detail = 'x' WHERE id = 2") != SQLITE_OK,
	   "the database refuses an UPDATE of the log");
	ok(raw_exec(path, "DELETE FROM audit WHERE id = 2") != SQLITE_OK,
	   "the database refuses a DELETE from the log");
	is_int(raw_exec(path, "DROP TRIGGER audit_no_update; UPDATE audit SET detail ="
	                      " 'seq 9 type visit' WHERE id = 3"),
	       SQLITE_OK, "an attacker drops the trigger and edits entry 3");
	is_int(queue_open(path, &q), 0, "reopen");
	is_int(audit_verify(q, &bad, NULL, NULL), KERR_CORRUPT, "the edit is detected");
	is_int(bad, 3, "at entry 3");
	queue_close(q);

	snprintf(path, sizeof(path), "%s/audit2.db", dir);
	is_int(queue_open(path, &q), 0, "open a second log");
	for (int i = 0; i < 5; i++)
		queue_enqueue(q, "K1", "visit", "{}", 100 + i, NULL);
	queue_close(q);
	raw_exec(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3");
	is_int(queue_open(path, &q), 0, "reopen");
	is_int(audit_verify(q, &bad, NULL, NULL), KERR_CORRUPT, "a deleted entry is detected");
	is_int(bad, 4, "at the entry after the gap");
	queue_close(q);
}

static bool
file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	size_t len = strlen(needle);
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(buf + i, needle, len) == 0)
			return true;
	return false;
}

static void
sealed(const char *dir)
{
	char path[512], keyf[512], wal[600];
	unsigned char key[QUEUE_KEY_BYTES], other[QUEUE_KEY_BYTES];
	struct queue *q;
	struct queue_item it, due[4];
	int n = 0;

	snprintf(keyf, sizeof(keyf), "%s/data.key", dir);
	FILE *f = fopen(keyf, "w");
	fputs("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", f);
	fclose(f);
	chmod(keyf, 0644);
	is_int(queue_key_load(keyf, key), KERR_CONFIG, "a key file others may read is refused");
	chmod(keyf, 0600);
	is_int(queue_key_load(keyf, key), 0, "a 0600 key file in hex loads");
	ok(key[0] == 0 && key[31] == 0x1f, "the key is the file's");
	snprintf(path, sizeof(path), "%s/bad.key", dir);
	f = fopen(path, "w");
	fputs("not a key", f);
	fclose(f);
	chmod(path, 0600);
	is_int(queue_key_load(path, other), KERR_CONFIG, "a malformed key file is refused");
	memset(other, 7, sizeof(other));

	snprintf(path, sizeof(path), "%s/sealed.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	is_int(queue_open(path, &q), 0, "open for sealing");
	queue_set_key(q, key);
	const char *secret = "{\"civil_number\":\"SECRET-98765432\",\"name_en\":\"Test Person\"}";
	is_int(queue_enqueue(q, "K1", "visit", secret, 10, &it), 0, "enqueue with a key");
	is_str(it.payload, secret, "read back in plain");
	queue_item_clear(&it);
	queue_enqueue(q, "K1", "visit", "{\"n\":2}", 11, NULL);
	ok(!file_has(path, "SECRET-98765432") && !file_has(wal, "SECRET-98765432"),
	   "the personal data is nowhere in the database files");
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT payload FROM outbox WHERE seq = 1", -1, &st, NULL);
	sqlite3_step(st);
	ok(strncmp((const char *)sqlite3_column_text(st, 0), "enc1:", 5) == 0,
	   "stored as enc1: (AES-256-GCM)");
	sqlite3_finalize(st);
	sqlite3_exec(db,
	             "UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE seq = 1)"
	             " WHERE seq = 2",
	             NULL, NULL, NULL);
	sqlite3_close(db);
	is_int(queue_get(q, 2, &it), 0, "a row whose payload was swapped in still reads");
	ok(it.payload == NULL, "but its payload does not open (bound to its own key)");
	queue_item_clear(&it);
	queue_close(q);

	is_int(queue_open(path, &q), 0, "reopen without the key");
	is_int(queue_due(q, 100, due, 4, &n), KERR_CONFIG, "without the key nothing is sent");
	queue_set_key(q, other);
	is_int(queue_get(q, 1, &it), 0, "with another key");
	ok(it.payload == NULL, "the payload does not open");
	queue_item_clear(&it);
	queue_set_key(q, key);

	queue_set_retention(q, 24LL * 3600 * 1000);
	is_int(queue_mark_acked(q, 1, "MOL-1"), 0, "ack 1");
	int purged = -1;
	is_int(queue_purge(q, &purged), 0, "purge within retention");
	is_int(purged, 0, "nothing purged before the retention period");
	queue_set_retention(q, 0);
	is_int(queue_purge(q, &purged), 0, "purge after it");
	is_int(purged, 1, "the acked item's payload purged");
	is_int(queue_get(q, 1, &it), 0, "get the purged item");
	ok(it.purged && it.payload && it.payload[0] == '\0' && it.state == QUEUE_ACKED &&
	           strcmp(it.server_ref, "MOL-1") == 0,
	   "payload gone, the record (state, reference) kept");
	queue_item_clear(&it);
	is_int(queue_get(q, 2, &it), 0, "get the pending item");
	ok(!it.purged, "a pending item is never purged");
	queue_item_clear(&it);
	is_int(audit_verify(q, NULL, NULL, NULL), 0, "the audit log (with the purge) verifies");
	queue_close(q);
}

static void
offline_policy(const char *dir)
{
	char path[512], why[96];
	struct queue *q;
	int64_t hour = 3600000;
	snprintf(path, sizeof(path), "%s/policy.db", dir);
	is_int(queue_open(path, &q), 0, "open for the offline policy");
	is_int(refdata_offline_allowed(q, "anything", true, 0, why, sizeof(why)), 0,
	       "no policy stored: the service's default (yes) allows it");
	is_int(refdata_offline_allowed(q, "anything", false, 0, why, sizeof(why)), KERR_OFFLINE,
	       "no policy stored: the service's default (no) refuses it");
	refdata_put(q, "offline_policy",
	            "{\"types\":[\"visit-receipt\"],\"max_age_h\":2,\"max_queue\":3}", "v1", 0);
	is_int(refdata_offline_allowed(q, "permit-renewal", true, 0, why, sizeof(why)),
	       KERR_OFFLINE, "a type not in the list is refused offline");
	ok(strstr(why, "not available offline") != NULL, "and says why");
	is_int(refdata_offline_allowed(q, "visit-receipt", false, 0, NULL, 0), 0,
	       "a listed type is fine, whatever the service's default");
	queue_enqueue(q, "K1", "visit-receipt", "{}", 10 * hour, NULL);
	is_int(refdata_offline_allowed(q, "visit-receipt", true, 11 * hour, NULL, 0), 0,
	       "one waiting for an hour: fine");
	is_int(refdata_offline_allowed(q, "visit-receipt", true, 13 * hour, why, sizeof(why)),
	       KERR_OFFLINE, "the oldest waiting for 3 h > max_age_h 2: refused");
	ok(strstr(why, "too long") != NULL, "offline too long");
	queue_enqueue(q, "K1", "visit-receipt", "{}", 10 * hour, NULL);
	queue_enqueue(q, "K1", "visit-receipt", "{}", 10 * hour, NULL);
	is_int(refdata_offline_allowed(q, "visit-receipt", true, 10 * hour, why, sizeof(why)),
	       KERR_OFFLINE, "3 waiting = max_queue: refused");
	ok(strstr(why, "too many") != NULL, "queue full");
	queue_close(q);
}

/* "my receipts": a person's own items, newest first, inside the retention period; copies of
 * another person's or an old one refused; every decision audited; the owner never in plain. */
static void
owned(const char *dir)
{
	char path[512];
	unsigned char key[QUEUE_KEY_BYTES];
	struct queue *q;
	struct queue_summary rows[8];
	struct queue_item it;
	int n = -1;
	bool more = true;
	int64_t entries = 0;
	memset(key, 0x5a, sizeof(key));
	snprintf(path, sizeof(path), "%s/owned.db", dir);
	is_int(queue_open(path, &q), 0, "open for owners");
	queue_set_key(q, key);
	is_int(queue_enqueue_owned(q, "K1", "visit-receipt", "{\"n\":1}", "71234567", 1000, NULL),
	       0, "item 1 of 71234567");
	queue_enqueue_owned(q, "K1", "worker-record", "{\"n\":2}", "90012345", 2000, NULL);
	queue_enqueue_owned(q, "K1", "worker-record", "{\"n\":3}", "71234567", 3000, NULL);
	queue_enqueue(q, "K1", "visit-receipt", "{\"n\":4}", 4000, NULL);
	queue_enqueue_owned(q, "K1", "visit-receipt", "{\"n\":5}", "71234567", 5000, NULL);
	is_int(queue_list_owned(q, "71234567", 0, rows, 8, &n, &more), 0, "list 71234567's");
	ok(n == 3 && rows[0].seq == 5 && rows[1].seq == 3 && rows[2].seq == 1 && !more,
	   "three, newest first (got %d: %lld %lld %lld)", n, (long long)rows[0].seq,
	   (long long)rows[1].seq, (long long)rows[2].seq);
	is_str(rows[1].type, "worker-record", "with their type");
	is_int(queue_list_owned(q, "71234567", 2500, rows, 8, &n, NULL), 0, "since 2500");
	is_int(n, 2, "the older one left out");
	is_int(queue_list_owned(q, "71234567", 0, rows, 2, &n, &more), 0, "at most 2");
	ok(n == 2 && more, "two, and more said");
	is_int(queue_list_owned(q, "11111111", 0, rows, 8, &n, NULL), 0, "a stranger");
	is_int(n, 0, "has none");

	is_int(queue_get_owned(q, 3, "71234567", 0, 9000, &it), 0, "a copy of one's own");
	is_str(it.payload, "{\"n\":3}", "with its payload opened");
	queue_item_clear(&it);
	is_int(queue_get_owned(q, 2, "71234567", 0, 9000, &it), KERR_DENIED,
	       "another person's is refused");
	ok(it.payload == NULL, "and nothing of it given");
	is_int(queue_get_owned(q, 4, "71234567", 0, 9000, &it), KERR_DENIED, "nobody's is refused");
	is_int(queue_get_owned(q, 1, "71234567", 2500, 9000, &it), KERR_EXPIRED,
	       "one older than the retention is refused");
	is_int(queue_get_owned(q, 99, "71234567", 0, 9000, &it), KERR_NOTFOUND, "no such item");
	queue_mark_acked(q, 5, "MOL-5");
	queue_set_retention(q, 0);
	queue_purge(q, NULL);
	is_int(queue_get_owned(q, 5, "71234567", 0, 9000, &it), KERR_EXPIRED,
	       "a purged one is refused as too old");
	is_int(queue_list_owned(q, "71234567", 0, rows, 8, &n, NULL), 0, "list after the purge");
	is_int(n, 2, "the purged one is no longer listed");
	is_int(audit_verify(q, NULL, &entries, NULL), 0, "the audit log verifies");
	queue_close(q);

	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db,
	                   "SELECT (SELECT count(*) FROM audit WHERE event = 'copy'),"
	                   " (SELECT count(*) FROM audit WHERE event = 'copy-refused'),"
	                   " (SELECT count(*) FROM outbox WHERE owner LIKE '%71234567%'),"
	                   " (SELECT count(DISTINCT owner) FROM outbox WHERE owner != '')",
	                   -1, &st, NULL);
	sqlite3_step(st);
	ok(sqlite3_column_int(st, 0) == 1 && sqlite3_column_int(st, 1) == 4,
	   "audited: 1 copy granted, 4 refused (got %d, %d)", sqlite3_column_int(st, 0),
	   sqlite3_column_int(st, 1));
	ok(sqlite3_column_int(st, 2) == 0 && sqlite3_column_int(st, 3) == 2,
	   "the owner column holds tags, never the civil number");
	sqlite3_finalize(st);
	sqlite3_close(db);
	ok(!file_has(path, "71234567"), "the civil number is nowhere in the database file");
}

/* Several items in one commit: gapless in order, each its own key, all or none. */
static void
batch(const char *dir)
{
	char path[512];
	struct queue *q;
	struct queue_item it;
	struct queue_counts c;
	int64_t seqs[3] = {0, 0, 0};
	char key[QUEUE_KEY_LEN + 1] = "";
	snprintf(path, sizeof(path), "%s/batch.db", dir);
	is_int(queue_open(path, &q), 0, "open for a batch");
	const char *three[] = {"{\"w\":1}", "{\"w\":2}", "{\"w\":3}"};
	is_int(queue_enqueue_batch(q, "K1", "permit-renewal", three, 3, "90012345", 1000, seqs,
	                           key),
	       0, "three requests in one commit");
	ok(seqs[0] == 1 && seqs[1] == 2 && seqs[2] == 3 && strlen(key) == 36,
	   "gapless, in order, the first key returned");
	char k1[QUEUE_KEY_LEN + 1] = "";
	is_int(queue_get(q, 2, &it), 0, "the second is there");
	snprintf(k1, sizeof(k1), "%s", it.key);
	ok(strcmp(it.payload, "{\"w\":2}") == 0 && strcmp(k1, key) != 0,
	   "with its own payload and its own idempotency key");
	queue_item_clear(&it);
	char *big = malloc(QUEUE_PAYLOAD_MAX + 2);
	memset(big, 'x', QUEUE_PAYLOAD_MAX + 1);
	big[QUEUE_PAYLOAD_MAX + 1] = '\0';
	const char *bad[] = {"{\"w\":4}", big};
	is_int(queue_enqueue_batch(q, "K1", "permit-renewal", bad, 2, NULL, 2000, seqs, NULL),
	       KERR_INVAL, "one item too big: the batch is refused");
	free(big);
	is_int(queue_counts(q, &c), 0, "counts");
	ok(c.pending == 3 && c.last_seq == 3, "nothing of the refused batch was stored");
	is_int(queue_enqueue_batch(q, "K1", "permit-renewal", three, 0, NULL, 2000, seqs, NULL),
	       KERR_INVAL, "an empty batch is refused");
	queue_close(q);
}

int
main(void)
{
	const char *dir = tap_tmpdir();
	basic(dir);
	bad_paths(dir);
	refdata(dir);
	audit(dir);
	sealed(dir);
	offline_policy(dir);
	owned(dir);
	batch(dir);
	return tap_done();
}
