/*
 * route_worker_record.c - POST /v1/workers/record {"civil_number"}: the person's work permit.
 * 200 {"permit": {number, status, issued, expires, profession {isco, title_ar, title_en},
 * employer {cr_number, name_ar, name_en}}}; 404 {"error": "no record"} when the person has no
 * work permit. The status is the backend's, from its Oman today: "cancelled" for a worker who
 * departed or absconded, "expired" past the expiry day, "expiring" within 60 days of it,
 * "valid" otherwise. The newest permit that is not cancelled wins. Tables: workers,
 * professions, establishments (store.c).
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>

enum MHD_Result
route_worker_record(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *civil = req_digits(req, "civil_number", 16);
	json_t *answer = NULL;
	unsigned status;

	if (ctx->too_big || !civil) {
		status = ctx->too_big ? MHD_HTTP_CONTENT_TOO_LARGE : MHD_HTTP_BAD_REQUEST;
		answer = json_pack("{s:s}", "error", "body must be {\"civil_number\": digits}");
		goto out;
	}
	sqlite3 *db = store_acquire(sim->store);
	sqlite3_stmt *st = NULL;
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	if (sqlite3_prepare_v2(
	            db,
	            "SELECT w.permit_no, CASE"
	            "  WHEN w.state IN ('departed', 'absconded') THEN 'cancelled'"
	            "  WHEN w.permit_expires < date('now', '+4 hours') THEN 'expired'"
	            "  WHEN w.permit_expires <= date('now', '+4 hours', '+60 days') THEN 'expiring'"
	            "  ELSE 'valid' END,"
	            " w.permit_issued, w.permit_expires, p.isco, p.title_ar, p.title_en,"
	            " e.cr_number, e.name_ar, e.name_en"
	            " FROM workers w JOIN professions p ON p.isco = w.isco"
	            " JOIN establishments e ON e.cr_number = w.establishment"
	            " WHERE w.civil_number = ?1"
	            " ORDER BY w.state IN ('departed', 'absconded'), w.permit_expires DESC LIMIT 1",
	            -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			status = MHD_HTTP_OK;
			answer = json_pack("{s:{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}}}",
			                   "permit", "number", store_text(st, 0), "status",
			                   store_text(st, 1), "issued", store_text(st, 2),
			                   "expires", store_text(st, 3), "profession", "isco",
			                   store_text(st, 4), "title_ar", store_text(st, 5),
			                   "title_en", store_text(st, 6), "employer", "cr_number",
			                   store_text(st, 7), "name_ar", store_text(st, 8),
			                   "name_en", store_text(st, 9));
		} else if (step == SQLITE_DONE) {
			status = MHD_HTTP_NOT_FOUND;
			answer = json_pack("{s:s}", "error", "no record");
		}
	}
	sqlite3_finalize(st);
	store_release(sim->store);
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_WORKER_RECORD, status, answer);
}
