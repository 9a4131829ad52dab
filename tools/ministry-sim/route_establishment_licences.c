/*
 * route_establishment_licences.c - POST /v1/establishments/licences {"cr_number",
 * "civil_number"}: an establishment's labour licences with their per-profession quotas, for
 * its representative. 200 {"establishment": {cr_number, name_ar, name_en}, "licences":
 * [{licence_no, state, issued, expires, quotas: [{isco, title_ar, title_en, authorised,
 * used, remaining}]}]} (newest licence first, at most 200 licences of 200 quotas); 404 for an
 * unknown establishment; 403 when the civil number does not represent it. Tables: establishments,
 * representatives, labour_licences, quotas, professions (store.c). The body, the establishment,
 * 403 and 404 are /v2/establishments/licences's too (sim_licences_answer).
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>

#define LIST_MAX 200

static json_t *
quota_v1(sqlite3_stmt *qs, void *ctx)
{
	(void)ctx;
	json_int_t allowed = sqlite3_column_int64(qs, 3);
	json_int_t used = sqlite3_column_int64(qs, 4);
	return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "isco", store_text(qs, 0), "title_ar",
	                 store_text(qs, 1), "title_en", store_text(qs, 2), "authorised", allowed,
	                 "used", used, "remaining", used < allowed ? allowed - used : 0);
}

/* a licence (a row of sim_licences_list()'s) with its quotas */
static json_t *
licence_v1(sqlite3_stmt *ls, void *ctx)
{
	json_t *quotas = sim_licence_quotas(ls, ctx, quota_v1, NULL);
	if (!quotas)
		return NULL;
	return json_pack("{s:s,s:s,s:s,s:s,s:o}", "licence_no", store_text(ls, 0), "state",
	                 store_text(ls, 1), "issued", store_text(ls, 2), "expires",
	                 store_text(ls, 3), "quotas", quotas);
}

json_t *
sim_licence_quotas(sqlite3_stmt *ls, const struct sim_licences_ctx *c, store_row_fn *quota,
                   void *ctx)
{
	sqlite3_reset(c->quotas);
	sqlite3_bind_text(c->quotas, 1, store_text(ls, 0), -1, SQLITE_TRANSIENT);
	return store_rows(c->quotas, quota, ctx);
}

json_t *
sim_licences_list(sqlite3 *db, const char *cr, const char *quota_columns, store_row_fn *licence,
                  void *ctx)
{
	sqlite3_stmt *ls = NULL, *qs = NULL;
	json_t *arr = NULL;
	char sql[400];
	snprintf(sql, sizeof(sql),
	         "SELECT %s FROM quotas q JOIN professions p ON p.isco = q.isco"
	         " WHERE q.licence_no = ?1 ORDER BY q.isco LIMIT %d",
	         quota_columns, LIST_MAX);
	if (sqlite3_prepare_v2(db,
	                       "SELECT licence_no, state, issued, expires FROM labour_licences"
	                       " WHERE establishment = ?1 ORDER BY issued DESC LIMIT ?2",
	                       -1, &ls, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &qs, NULL) == SQLITE_OK) {
		struct sim_licences_ctx c = {.quotas = qs, .ctx = ctx};
		sqlite3_bind_text(ls, 1, cr, -1, SQLITE_STATIC);
		sqlite3_bind_int(ls, 2, LIST_MAX);
		arr = store_rows(ls, licence, &c);
	}
	sqlite3_finalize(ls);
	sqlite3_finalize(qs);
	return arr;
}

/* v1's answer: {"establishment", "licences"} */
static json_t *
answer_v1(sqlite3 *db, const char *cr, json_t *establishment)
{
	json_t *list = sim_licences_list(
	        db, cr, "q.isco, p.title_ar, p.title_en, q.allowed, q.used", licence_v1, NULL);
	if (!list) {
		json_decref(establishment);
		return NULL;
	}
	return json_pack("{s:o,s:o}", "establishment", establishment, "licences", list);
}

enum MHD_Result
sim_licences_answer(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx,
                    enum sim_query q, sim_licences_fn *build)
{
	json_t *req = req_json(ctx);
	const char *cr = req_digits(req, "cr_number", 16);
	const char *civil = req_digits(req, "civil_number", 16);
	json_t *answer = NULL;
	unsigned status;

	if (req_refused(ctx, cr && civil,
	                "body must be {\"cr_number\": digits, \"civil_number\": digits}", &status,
	                &answer))
		goto out;
	sqlite3 *db = store_acquire(sim->store);
	sqlite3_stmt *st = NULL;
	status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	if (sqlite3_prepare_v2(db,
	                       "SELECT e.cr_number, e.name_ar, e.name_en, (SELECT COUNT(*) FROM"
	                       " representatives r WHERE r.cr_number = e.cr_number AND"
	                       " r.civil_number = ?2) FROM establishments e WHERE e.cr_number = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out_release;
	sqlite3_bind_text(st, 1, cr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, civil, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		status = MHD_HTTP_NOT_FOUND;
		answer = json_pack("{s:s}", "error", "unknown establishment");
	} else if (step == SQLITE_ROW && sqlite3_column_int(st, 3) == 0) {
		status = MHD_HTTP_FORBIDDEN;
		answer = json_pack("{s:s}", "error", "not a representative of this establishment");
	} else if (step == SQLITE_ROW) {
		answer = build(db, cr,
		               json_pack("{s:s,s:s,s:s}", "cr_number", store_text(st, 0), "name_ar",
		                         store_text(st, 1), "name_en", store_text(st, 2)));
		if (answer)
			status = MHD_HTTP_OK;
	}
out_release:
	sqlite3_finalize(st);
	store_release(sim->store);
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, q, status, answer);
}

enum MHD_Result
route_establishment_licences(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	return sim_licences_answer(sim, conn, ctx, SIM_Q_ESTABLISHMENT_LICENCES, answer_v1);
}
