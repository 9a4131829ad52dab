/*
 * route_transfer_eligibility.c - POST /v1/transfers/eligibility {"civil_number": the worker,
 * "cr_number": the new employer}: transfer.h's answer (the worker, the new employer, the
 * rules, eligible, and the request the worker's consent is given on). 400 for another body;
 * 404 {"error": "no record"} when the person has no work permit, {"error": "unknown
 * establishment"} for an unknown new employer.
 *
 * POST /admin/eligibility-extra {"rule": {...}} (tests): the next answer only carries that
 * rule after the others ({"id": "medical_check", "passed": false, "fix_by": "worker",
 * "detail": {}} when "rule" is absent; {"rule": null} drops it); a rule not passed makes that
 * answer not eligible. The effect (effect_transfer.c) never sees it.
 */
#include "sim.h"
#include "store.h"
#include "transfer.h"

#include <sqlite3.h>

static json_t *
one(sqlite3_stmt *st, void *ctx)
{
	(void)st;
	(void)ctx;
	return json_true();
}

/* The rule set by /admin/eligibility-extra, taken (NULL without one). */
static json_t *
take_extra(struct sim *sim)
{
	pthread_mutex_lock(&sim->lock);
	json_t *rule = sim->eligibility_extra;
	sim->eligibility_extra = NULL;
	pthread_mutex_unlock(&sim->lock);
	return rule;
}

enum MHD_Result
route_transfer_eligibility(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *civil = req_digits(req, "civil_number", 16);
	const char *cr = req_digits(req, "cr_number", 16);
	json_t *answer = NULL;
	unsigned status;

	if (req_refused(ctx, civil && cr,
	                "body must be {\"civil_number\": digits, \"cr_number\": digits}", &status,
	                &answer))
		goto out;
	sqlite3 *db = store_acquire(sim->store);
	json_t *known = store_one(db, "SELECT 1 FROM establishments WHERE cr_number = ?1", cr, NULL,
	                          one, NULL);
	json_t *e = known && json_is_true(known) ? transfer_eligibility(db, civil, cr) : NULL;
	store_release(sim->store);
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	if (known && json_is_null(known)) {
		status = MHD_HTTP_NOT_FOUND;
		answer = json_pack("{s:s}", "error", "unknown establishment");
	} else if (e && json_is_null(e)) {
		status = MHD_HTTP_NOT_FOUND;
		answer = json_pack("{s:s}", "error", "no record");
	} else if (e) {
		json_t *extra = take_extra(sim);
		if (extra) {
			json_array_append_new(json_object_get(e, "rules"), extra);
			if (!json_is_true(json_object_get(extra, "passed")))
				json_object_set_new(e, "eligible", json_false());
		}
		status = MHD_HTTP_OK;
		answer = json_incref(e);
	}
	json_decref(known);
	json_decref(e);
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_TRANSFER_ELIGIBILITY, status, answer);
}

enum MHD_Result
route_eligibility_extra(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	json_t *rule = json_object_get(req, "rule");
	if (!req || (rule && !json_is_object(rule) && !json_is_null(rule))) {
		json_decref(req);
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
		                   "body must be {\"rule\": {id, passed, fix_by, detail} | null}");
	}
	json_t *next = !rule ? json_pack("{s:s,s:b,s:s,s:{}}", "id", "medical_check", "passed", 0,
	                                 "fix_by", "worker", "detail")
	               : json_is_null(rule) ? NULL
	                                    : json_deep_copy(rule);
	pthread_mutex_lock(&sim->lock);
	json_decref(sim->eligibility_extra);
	sim->eligibility_extra = next;
	pthread_mutex_unlock(&sim->lock);
	json_decref(req);
	return reply_json(conn, MHD_HTTP_OK,
	                  json_pack("{s:O?}", "rule", next ? next : json_null()));
}
