/*
 * refdata.c - reference data in the outbox database (see refdata.h).
 */
#include "refdata.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "queue.h"
#include "queue_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
refdata_put(struct queue *q, const char *key, const char *value, const char *version,
            int64_t now_ms)
{
	sqlite3_stmt *st = NULL;
	if (!key || !value || strlen(value) > REFDATA_VALUE_MAX)
		return KERR_INVAL;
	int rc = queue_ready(q);
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(
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
	int rc = queue_ready(q);
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(q->db,
	                        "SELECT value, version, updated_ms FROM refdata WHERE key = ?", -1,
	                        &st, NULL);
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

static void
set_why(char *why, size_t wsize, const char *text)
{
	if (why && wsize)
		snprintf(why, wsize, "%s", text);
}

int
refdata_offline_allowed(struct queue *q, const char *type, bool dflt, int64_t now_ms, char *why,
                        size_t wsize)
{
	char *text = xcalloc(1, REFDATA_VALUE_MAX + 1);
	int64_t max_queue = REFDATA_OFFLINE_MAX_QUEUE, max_age_h = REFDATA_OFFLINE_MAX_AGE_H;
	json_t *policy = NULL;
	struct queue_counts c;
	set_why(why, wsize, "");
	int rc = refdata_get(q, "offline_policy", text, REFDATA_VALUE_MAX + 1, NULL, 0, NULL);
	if (rc == 0) {
		json_error_t e;
		policy = json_loads(text, 0, &e);
		if (!json_is_object(policy))
			klog(KLOG_WARN, "refdata", "offline_policy is not a JSON object: defaults");
	}
	free(text);
	if (rc != 0 && rc != KERR_NOTFOUND)
		return rc;
	json_t *types = json_object_get(policy, "types");
	if (json_is_array(types)) {
		bool listed = false;
		size_t i;
		json_t *t;
		json_array_foreach(types, i, t)
		{
			if (json_is_string(t) && strcmp(json_string_value(t), type) == 0)
				listed = true;
		}
		dflt = listed;
	}
	if (!dflt) {
		json_decref(policy);
		set_why(why, wsize, "this service is not available offline");
		return KERR_OFFLINE;
	}
	if (json_is_integer(json_object_get(policy, "max_queue")))
		max_queue = json_integer_value(json_object_get(policy, "max_queue"));
	if (json_is_integer(json_object_get(policy, "max_age_h")))
		max_age_h = json_integer_value(json_object_get(policy, "max_age_h"));
	json_decref(policy);
	if ((rc = queue_counts(q, &c)))
		return rc;
	if (c.pending >= max_queue) {
		set_why(why, wsize, "too many transactions are waiting to be sent");
		return KERR_OFFLINE;
	}
	if (c.pending > 0 && c.oldest_pending_ms > 0 &&
	    now_ms - c.oldest_pending_ms > max_age_h * 3600000) {
		set_why(why, wsize, "the kiosk has been offline too long");
		return KERR_OFFLINE;
	}
	return 0;
}
