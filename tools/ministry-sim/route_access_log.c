/*
 * route_access_log.c - POST /v1/persons/access-log {"civil_number", "page", "per_page"}: who
 * looked at the person's record, one page of it, newest first.
 *   200 {"total": N, "page": P, "per_page": K,
 *        "entries": [{at: "YYYY-MM-DDTHH:MM" (Oman local time), who: "employer" | "sanad" |
 *                     "ministry" | "agency" | "police", by_ar, by_en, action: "viewed" |
 *                     "changed", what: "permit" | "contract" | "record" | "absence" |
 *                     "movements"}, ...]}
 * page counts from 0, per_page is 1..50; a page past the end has no entries and the real
 * total; a person nobody looked at has total 0 (200). 404 {"error": "unknown person"} for a
 * civil number the registry does not know, 400 for a bad body. A page is a walk down the index
 * access_log_by_person (LIMIT/OFFSET), so a late page of a long log costs little. Tables:
 * civil_registry, access_log, accessors (store.c).
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>
#include <stdint.h>

#define PER_PAGE_MAX 50

/* The member name of o when it is an integer in min..max, else -1 (min >= 0). */
static json_int_t
req_int(const json_t *o, const char *name, json_int_t min, json_int_t max)
{
	const json_t *v = json_object_get(o, name);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return -1;
	return json_integer_value(v);
}

static json_t *
entry(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "at", store_text(st, 0), "who",
	                 store_text(st, 1), "by_ar", store_text(st, 2), "by_en", store_text(st, 3),
	                 "action", store_text(st, 4), "what", store_text(st, 5));
}

/* entries of civil's page (offset, per_page) and *total; NULL on a database error. */
static json_t *
page_of(sqlite3 *db, const char *civil, json_int_t offset, json_int_t per_page, json_int_t *total)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = NULL;
	if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM access_log WHERE civil_number = ?1", -1,
	                       &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (offset >= *total) { /* past the end (or an offset too large to say): no entries */
		arr = json_array();
		goto out;
	}
	if (sqlite3_prepare_v2(db,
	                       "SELECT a.at, c.who, c.by_ar, c.by_en, a.action, a.what FROM"
	                       " access_log a JOIN accessors c ON c.id = a.accessor"
	                       " WHERE a.civil_number = ?1 ORDER BY a.at DESC, a.id DESC"
	                       " LIMIT ?2 OFFSET ?3",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, per_page);
	sqlite3_bind_int64(st, 3, offset);
	arr = store_rows(st, entry, NULL);
out:
	sqlite3_finalize(st);
	return arr;
}

enum MHD_Result
route_access_log(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *civil = req_digits(req, "civil_number", 16);
	json_int_t page = req_int(req, "page", 0, INT64_MAX);
	json_int_t per_page = req_int(req, "per_page", 1, PER_PAGE_MAX);
	json_t *answer = NULL;
	unsigned status;

	if (req_refused(ctx, civil && page >= 0 && per_page > 0,
	                "body must be {\"civil_number\": digits, \"page\": integer >= 0,"
	                " \"per_page\": integer 1..50}",
	                &status, &answer))
		goto out;
	/* a page whose offset is past INT64_MAX is past the end of any log */
	json_int_t offset = page <= INT64_MAX / per_page ? page * per_page : INT64_MAX;
	sqlite3 *db = store_acquire(sim->store);
	sqlite3_stmt *st = NULL;
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM civil_registry WHERE civil_number = ?1", -1, &st,
	                       NULL) != SQLITE_OK)
		goto out_release;
	sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		status = MHD_HTTP_NOT_FOUND;
		answer = json_pack("{s:s}", "error", "unknown person");
	} else if (step == SQLITE_ROW) {
		json_int_t total = 0;
		json_t *entries = page_of(db, civil, offset, per_page, &total);
		if (entries) {
			status = MHD_HTTP_OK;
			answer = json_pack("{s:I,s:I,s:I,s:o}", "total", total, "page", page,
			                   "per_page", per_page, "entries", entries);
		}
	}
out_release:
	sqlite3_finalize(st);
	store_release(sim->store);
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_ACCESS_LOG, status, answer);
}
