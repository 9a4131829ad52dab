/*
 * route_worker_record.c - POST /v1/workers/record {"civil_number"}: the person's work permit.
 * 200 {"permit": {number, status, issued, expires, profession {isco, title_ar, title_en},
 * employer {cr_number, name_ar, name_en}}}; 404 {"error": "no record"} when the person has no
 * work permit. The status is the backend's, from its Oman today: "cancelled" for a worker who
 * departed or absconded, "expired" past the expiry day, "expiring" within 60 days of it,
 * "valid" otherwise. The permit shown is SIM_PERMIT_CURRENT's (sim.h): an older permit
 * replaced by a renewal or a transfer never, then the newest that is not cancelled. What both
 * versions share is here too: the permit's JSON and the route around it (sim_record_answer,
 * used by route_worker_record_v2.c). Tables: workers, professions, establishments (store.c).
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>

json_t *
sim_permit_json(sqlite3_stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}}", "number",
	                 store_text(st, 0), "status", store_text(st, 1), "issued",
	                 store_text(st, 2), "expires", store_text(st, 3), "profession", "isco",
	                 store_text(st, 4), "title_ar", store_text(st, 5), "title_en",
	                 store_text(st, 6), "employer", "cr_number", store_text(st, 7), "name_ar",
	                 store_text(st, 8), "name_en", store_text(st, 9));
}

enum MHD_Result
sim_record_answer(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx,
                  enum sim_query q, const char *sql, const char *soon, sim_record_fn *make)
{
	json_t *req = req_json(ctx);
	const char *civil = req_digits(req, "civil_number", 16);
	json_t *answer = NULL;
	unsigned status;

	if (req_refused(ctx, civil != NULL, "body must be {\"civil_number\": digits}", &status,
	                &answer))
		goto out;
	sqlite3 *db = store_acquire(sim->store);
	sqlite3_stmt *st = NULL;
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, soon, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW && (answer = make(db, civil, st)) != NULL) {
			status = MHD_HTTP_OK;
		} else if (step == SQLITE_DONE) {
			status = MHD_HTTP_NOT_FOUND;
			answer = json_pack("{s:s}", "error", "no record");
		}
	}
	sqlite3_finalize(st);
	store_release(sim->store);
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, q, status, answer);
}

static json_t *
record_v1(sqlite3 *db, const char *civil, sqlite3_stmt *current)
{
	(void)db;
	(void)civil;
	return json_pack("{s:o}", "permit", sim_permit_json(current));
}

enum MHD_Result
route_worker_record(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	return sim_record_answer(sim, conn, ctx, SIM_Q_WORKER_RECORD,
	                         "SELECT " SIM_PERMIT_COLUMNS SIM_PERMIT_FROM SIM_PERMIT_CURRENT,
	                         "+60 days", record_v1);
}
