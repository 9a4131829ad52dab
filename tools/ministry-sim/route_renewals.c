/*
 * route_renewals.c - POST /v1/establishments/renewals {"cr_number", "within_days": 30 | 60 |
 * 90}: the establishment's work permits to renew (renewal.h says which and in what state):
 *   {"cr_number", "within_days", "today": YYYY-MM-DD (Oman), "workers": [{permit_no,
 *    civil_number, name_ar, name_en, profession {isco, title_en, title_ar}, fee_category,
 *    expires, renewal: "due" | "overdue" | "submitted"}]}   by expiry
 * 400 for another body, 404 {"error": "unknown establishment"}. Tables: establishments and
 * renewal.c's.
 */
#include "renewal.h"
#include "sim.h"
#include "store.h"

#include <sqlite3.h>

static json_t *
today(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_string(store_text(st, 0));
}

enum MHD_Result
route_renewals(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *cr = req_digits(req, "cr_number", 16);
	json_t *within = json_object_get(req, "within_days");
	json_int_t days = json_is_integer(within) ? json_integer_value(within) : 0;
	json_t *answer = NULL;
	unsigned status;

	if (req_refused(ctx, cr && (days == 30 || days == 60 || days == 90),
	                "body must be {\"cr_number\": digits, \"within_days\": 30, 60 or 90}",
	                &status, &answer))
		goto out;
	sqlite3 *db = store_acquire(sim->store);
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	json_t *day = store_one(db,
	                        "SELECT date('now', '+4 hours') FROM establishments"
	                        " WHERE cr_number = ?1",
	                        cr, NULL, today, NULL);
	json_t *list = day && json_is_string(day) ? renewal_list(db, cr, (int)days) : NULL;
	store_release(sim->store);
	if (day && json_is_null(day)) {
		status = MHD_HTTP_NOT_FOUND;
		answer = json_pack("{s:s}", "error", "unknown establishment");
		json_decref(day);
	} else if (list) {
		status = MHD_HTTP_OK;
		answer = json_pack("{s:s,s:I,s:o,s:o}", "cr_number", cr, "within_days", days,
		                   "today", day, "workers", list);
	} else {
		json_decref(day);
	}
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_RENEWALS, status, answer);
}
