/*
 * store.c - the ministry simulator's storage (see store.h).
 *
 * The dedupe rule lives in the schema: UNIQUE(kiosk_id, idempotency_key), never pruned, written
 * in the same SQLite transaction as the transaction row itself (the "effect"), so a request
 * whose reply is lost can be retried any number of times and is stored exactly once.
 */
#include "store.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY_MAX  255
#define TYPE_MAX 64

struct store {
	sqlite3 *db;
	pthread_mutex_t lock;
};

static const char schema[] =
        "CREATE TABLE IF NOT EXISTS transactions ("
        " id INTEGER PRIMARY KEY,"
        " kiosk_id TEXT NOT NULL,"
        " idempotency_key TEXT NOT NULL,"
        " seq INTEGER NOT NULL,"
        " type TEXT NOT NULL,"
        " created TEXT NOT NULL,"
        " canonical TEXT NOT NULL," /* {"payload":...,"type":...} with sorted keys */
        " reference TEXT UNIQUE,"
        " received TEXT NOT NULL,"
        " UNIQUE (kiosk_id, idempotency_key));"
        "CREATE TABLE IF NOT EXISTS establishments ("
        " cr_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS people ("
        " civil_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " establishment TEXT REFERENCES establishments(cr_number));"
        /* Fictional reference data for the demo flows; a later issue extends it. */
        "INSERT OR IGNORE INTO establishments VALUES"
        " ('1000001', 'Al Noor Trading LLC', 'شركة النور للتجارة'),"
        " ('1000002', 'Muscat Building Services', 'خدمات مسقط للبناء'),"
        " ('1000003', 'Sohar Fisheries SAOC', 'صحار للأسماك');"
        "INSERT OR IGNORE INTO people VALUES"
        " ('99000001', 'Test Person One', 'شخص تجريبي واحد', '1000001'),"
        " ('99000002', 'Test Person Two', 'شخص تجريبي اثنان', '1000002'),"
        " ('99000003', 'Test Person Three', 'شخص تجريبي ثلاثة', '1000003'),"
        " ('99000004', 'Test Person Four', 'شخص تجريبي أربعة', NULL);";

static int
store_exec(struct store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		klog(KLOG_ERR, "store", "%s", err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return KERR_DB;
	}
	return 0;
}

int
store_open(const char *path, struct store **out)
{
	*out = NULL;
	struct store *st = xcalloc(1, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		klog(KLOG_ERR, "store", "%s: %s", path,
		     st->db ? sqlite3_errmsg(st->db) : "no memory");
		goto out_fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") < 0 ||
	    store_exec(st, schema) < 0)
		goto out_fail;
	*out = st;
	return 0;
out_fail:
	store_close(st);
	return KERR_DB;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

static void
iso_now(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
set_rejected(json_t *r, const char *reason)
{
	json_object_set_new(r, "status", json_string("rejected"));
	json_object_set_new(r, "reason", json_string(reason));
}

/* Checks one item's shape; NULL when fine, else the reason it is rejected. */
static const char *
item_problem(json_t *it)
{
	if (!json_is_object(it))
		return "item is not an object";
	json_t *seq = json_object_get(it, "seq");
	if (!json_is_integer(seq) || json_integer_value(seq) < 1)
		return "seq must be a positive integer";
	const char *key = json_string_value(json_object_get(it, "idempotency_key"));
	if (!key || !key[0] || strlen(key) > KEY_MAX)
		return "idempotency_key must be a string of 1..255 characters";
	for (const char *p = key; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return "idempotency_key must be printable ASCII";
	const char *type = json_string_value(json_object_get(it, "type"));
	if (!type || !type[0] || strlen(type) > TYPE_MAX)
		return "type must be a string of 1..64 characters";
	if (!json_is_string(json_object_get(it, "created")))
		return "created must be an ISO 8601 string";
	if (!json_is_object(json_object_get(it, "payload")))
		return "payload must be an object";
	return NULL;
}

/* One item inside the open transaction. KERR_DB on a database failure (the batch rolls back). */
static int
apply_item(struct store *st, const char *kiosk_id, json_t *it, json_t *r, const char *now,
           int *dups)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	char *canon = NULL;
	int rc = KERR_DB;

	const char *why = item_problem(it);
	if (why) {
		set_rejected(r, why);
		return 0;
	}
	const char *key = json_string_value(json_object_get(it, "idempotency_key"));
	const char *type = json_string_value(json_object_get(it, "type"));
	json_t *c = json_pack("{s:O,s:O}", "type", json_object_get(it, "type"), "payload",
	                      json_object_get(it, "payload"));
	canon = c ? json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(c);
	if (!canon) {
		set_rejected(r, "payload cannot be encoded");
		return 0;
	}

	if (sqlite3_prepare_v2(st->db,
	                       "SELECT reference, canonical FROM transactions"
	                       " WHERE kiosk_id = ?1 AND idempotency_key = ?2",
	                       -1, &sel, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(sel, 1, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 2, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(sel);
	if (step == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(sel, 0);
		const char *old = (const char *)sqlite3_column_text(sel, 1);
		if (old && strcmp(old, canon) == 0) {
			json_object_set_new(r, "status", json_string("duplicate"));
			json_object_set_new(r, "reference", json_string(ref ? ref : ""));
			(*dups)++;
		} else {
			set_rejected(r, "key reused with different payload");
		}
		rc = 0;
		goto out;
	}
	if (step != SQLITE_DONE)
		goto out;

	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO transactions (kiosk_id, idempotency_key, seq, type,"
	                       " created, canonical, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	                       " RETURNING id",
	                       -1, &ins, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(ins, 1, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, json_integer_value(json_object_get(it, "seq")));
	sqlite3_bind_text(ins, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, json_string_value(json_object_get(it, "created")), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, canon, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, now, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_ROW)
		goto out;
	sqlite3_int64 id = sqlite3_column_int64(ins, 0);
	sqlite3_finalize(ins);
	ins = NULL;
	char ref[32];
	snprintf(ref, sizeof(ref), "MOL-%08lld", (long long)id);
	if (sqlite3_prepare_v2(st->db, "UPDATE transactions SET reference = ?1 WHERE id = ?2", -1,
	                       &ins, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(ins, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, id);
	if (sqlite3_step(ins) != SQLITE_DONE)
		goto out;
	json_object_set_new(r, "status", json_string("accepted"));
	json_object_set_new(r, "reference", json_string(ref));
	rc = 0;
out:
	if (rc < 0)
		klog(KLOG_ERR, "store", "apply: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	free(canon);
	return rc;
}

int
store_apply(struct store *st, const char *kiosk_id, json_t *items, json_t **results, int *dups)
{
	char now[32];
	int batch_dups = 0;
	json_t *arr = json_array();
	size_t i;
	json_t *it;
	int rc;

	*results = NULL;
	iso_now(now, sizeof(now));
	pthread_mutex_lock(&st->lock);
	rc = store_exec(st, "BEGIN IMMEDIATE");
	if (rc < 0)
		goto out;
	json_array_foreach(items, i, it)
	{
		json_t *r = json_object();
		json_t *seq = json_is_object(it) ? json_object_get(it, "seq") : NULL;
		json_object_set(r, "seq", json_is_integer(seq) ? seq : json_null());
		json_array_append_new(arr, r);
		rc = apply_item(st, kiosk_id, it, r, now, &batch_dups);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = store_exec(st, "COMMIT");
	if (rc < 0)
		store_exec(st, "ROLLBACK");
out:
	pthread_mutex_unlock(&st->lock);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*dups += batch_dups;
	*results = arr;
	return 0;
}

int64_t
store_count(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t n = KERR_DB;
	pthread_mutex_lock(&st->lock);
	if (sqlite3_prepare_v2(st->db, "SELECT COUNT(*) FROM transactions", -1, &s, NULL) ==
	            SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	pthread_mutex_unlock(&st->lock);
	return n;
}
