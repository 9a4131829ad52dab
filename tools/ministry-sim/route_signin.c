/*
 * route_signin.c - POST /v1/signin {"civil_number", "card_serial", "card_expiry",
 * "nationality"}: the civil registry confirms the card for the person and names their roles.
 *
 *   unknown civil number                    {"identity": "unknown", "roles": []}
 *   known, another card serial or inactive  {"identity": "mismatch", "roles": []}
 *   known, this card                        {"identity": "confirmed", "roles": [...],
 *                                            "employer": {...} (a worker with a permit),
 *                                            "establishments": [...] (a representative)}
 * Never 404: "unknown" is an answer. A card that is not the person's current one learns
 * nothing about them (no roles, no employer). Tables: civil_registry, person_roles, workers,
 * representatives, establishments (store.c).
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>
#include <string.h>

/* Adds the roles, the employer and the establishments of a confirmed person to j. */
static int
confirmed(sqlite3 *db, const char *civil, json_t *j)
{
	sqlite3_stmt *st = NULL;
	json_t *roles = json_object_get(j, "roles");
	bool worker = false, employer = false;
	int rc = -1;

	if (sqlite3_prepare_v2(db,
	                       "SELECT role FROM person_roles WHERE civil_number = ?1 ORDER BY CASE"
	                       " role WHEN 'citizen' THEN 1 WHEN 'jobseeker' THEN 2 WHEN 'worker'"
	                       " THEN 3 WHEN 'employer' THEN 4 ELSE 5 END",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *role = store_text(st, 0);
		worker |= strcmp(role, "worker") == 0;
		employer |= strcmp(role, "employer") == 0;
		json_array_append_new(roles, json_string(role));
	}
	sqlite3_finalize(st);
	st = NULL;

	if (worker) { /* the employer of the current permit, if there is one */
		if (sqlite3_prepare_v2(db,
		                       "SELECT e.cr_number, e.name_ar, e.name_en, w.permit_no FROM "
		                       "workers w JOIN"
		                       " establishments e ON e.cr_number = w.establishment WHERE "
		                       "w.civil_number ="
		                       " ?1 AND w.state NOT IN ('departed', 'absconded') ORDER BY"
		                       " w.permit_expires DESC LIMIT 1",
		                       -1, &st, NULL) != SQLITE_OK)
			goto out;
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		json_object_set_new(
		        j, "employer",
		        sqlite3_step(st) == SQLITE_ROW
		                ? json_pack("{s:s,s:s,s:s,s:s}", "cr_number", store_text(st, 0),
		                            "name_ar", store_text(st, 1), "name_en",
		                            store_text(st, 2), "permit_no", store_text(st, 3))
		                : json_null());
		sqlite3_finalize(st);
		st = NULL;
	}
	if (employer) {
		json_t *list = json_array();
		json_object_set_new(j, "establishments", list);
		if (sqlite3_prepare_v2(
		            db,
		            "SELECT e.cr_number, e.name_ar, e.name_en FROM representatives r"
		            " JOIN establishments e ON e.cr_number = r.cr_number WHERE"
		            " r.civil_number = ?1 ORDER BY e.cr_number",
		            -1, &st, NULL) != SQLITE_OK)
			goto out;
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "cr_number",
			                                      store_text(st, 0), "name_ar",
			                                      store_text(st, 1), "name_en",
			                                      store_text(st, 2)));
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

enum MHD_Result
route_signin(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *civil = req_digits(req, "civil_number", 16);
	const char *serial = json_string_value(json_object_get(req, "card_serial"));
	json_t *answer = NULL;
	unsigned status = MHD_HTTP_OK;

	if (ctx->too_big || !civil || !serial) {
		status = ctx->too_big ? MHD_HTTP_CONTENT_TOO_LARGE : MHD_HTTP_BAD_REQUEST;
		answer =
		        json_pack("{s:s}", "error",
		                  "body must be {\"civil_number\": digits, \"card_serial\": string,"
		                  " \"card_expiry\", \"nationality\"}");
		goto out;
	}
	sqlite3 *db = store_acquire(sim->store);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT card_serial, status FROM civil_registry WHERE civil_number ="
	                       " ?1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		answer = json_pack("{s:s,s:[]}", "identity", "unknown", "roles");
		rc = step == SQLITE_DONE ? 0 : -1;
		if (step == SQLITE_ROW) {
			bool same = strcmp(store_text(st, 0), serial) == 0 &&
			            strcmp(store_text(st, 1), "active") == 0;
			json_object_set_new(answer, "identity",
			                    json_string(same ? "confirmed" : "mismatch"));
			rc = same ? confirmed(db, civil, answer) : 0;
		}
	}
	sqlite3_finalize(st);
	store_release(sim->store);
	if (rc < 0) {
		json_decref(answer);
		answer = NULL; /* reply_answer() says "storage error" */
	}
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_SIGNIN, status, answer);
}
