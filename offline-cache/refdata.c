/*
 * refdata.c - reference data in the outbox database (see refdata.h).
 */
#include "refdata.h"

#include "../common/kerr.h"
#include "queue_internal.h"

#include <stdio.h>
#include <string.h>

int
refdata_put(struct queue *q, const char *key, const char *value, const char *version,
            int64_t now_ms)
{
	sqlite3_stmt *st = NULL;
	if (!key || !value || strlen(value) > REFDATA_VALUE_MAX)
		return KERR_INVAL;
	int rc = sqlite3_prepare_v2(
	        q->db,
	        "INSERT INTO refdata(key, value, version, updated_ms) VALUES (?, ?, ?, ?)"
	        " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
	        " version = excluded.version, updated_ms = excluded.updated_ms",
	        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare refdata put");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, version ? version : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now_ms);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : queue_db_err(q, rc, "refdata put");
	sqlite3_finalize(st);
	return rc;
}

int
refdata_get(struct queue *q, const char *key, char *out, size_t size, char *version, size_t vsize,
            int64_t *updated_ms)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(q->db,
	                            "SELECT value, version, updated_ms FROM refdata WHERE key = ?",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare refdata get");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = KERR_NOTFOUND;
	} else if (rc != SQLITE_ROW) {
		rc = queue_db_err(q, rc, "refdata get");
	} else {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *ver = (const char *)sqlite3_column_text(st, 1);
		size_t n = v ? strlen(v) : 0;
		if (n >= size) {
			rc = KERR_TOOBIG;
		} else {
			memcpy(out, v ? v : "", n + 1);
			if (version && vsize)
				snprintf(version, vsize, "%s", ver ? ver : "");
			if (updated_ms)
				*updated_ms = sqlite3_column_int64(st, 2);
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}
