/*
 * route_establishment_licences_v2.c - POST /v2/establishments/licences {"cr_number",
 * "civil_number"}: v1's licences with each profession's four counts, the totals and the
 * establishment's Omanisation:
 *   {"establishment": {cr_number, name_ar, name_en},
 *    "omanisation": {sector_ar, sector_en, percent, required} | null,
 *    "totals": COUNTS,
 *    "licences": [{licence_no, state, issued, expires, "totals": COUNTS,
 *                  "quotas": [{isco, title_ar, title_en, COUNTS..., state}]}]}
 * COUNTS = authorised, registered (visa applications pending), approved (visas approved, not
 * yet used), used (workers in place), remaining = max(0, authorised - used - approved -
 * registered). A quota's state: "over" when used + approved > authorised, else "full" when
 * remaining is 0, else "open". A licence's totals are the sums of its quotas' counts (remaining
 * included: the sum of each profession's remaining); the establishment's the sums over its
 * active licences only (a suspended or expired licence gives no place). omanisation: the
 * percentage of Omani staff and what the sector requires (integers, %), null without data.
 * Newest licence first, at most 200 of 200 quotas each (v1's caps); 403 and 404 as v1
 * (sim_licences_answer). Tables: labour_licences, quotas, professions, omanisation, sectors.
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>
#include <string.h>

#define LIST_MAX 200

struct counts {
	json_int_t authorised, registered, approved, used, remaining;
};

static void
counts_add(struct counts *sum, const struct counts *c)
{
	sum->authorised += c->authorised;
	sum->registered += c->registered;
	sum->approved += c->approved;
	sum->used += c->used;
	sum->remaining += c->remaining;
}

static json_t *
counts_json(const struct counts *c)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I}", "authorised", c->authorised, "registered",
	                 c->registered, "approved", c->approved, "used", c->used, "remaining",
	                 c->remaining);
}

/* One profession's quota from the row (isco, titles, authorised, registered, approved, used),
 * its counts added to *sum. */
static json_t *
quota(sqlite3_stmt *qs, struct counts *sum)
{
	struct counts c = {
	        .authorised = sqlite3_column_int64(qs, 3),
	        .registered = sqlite3_column_int64(qs, 4),
	        .approved = sqlite3_column_int64(qs, 5),
	        .used = sqlite3_column_int64(qs, 6),
	};
	json_int_t left = c.authorised - c.used - c.approved - c.registered;
	c.remaining = left > 0 ? left : 0;
	const char *state = c.used + c.approved > c.authorised ? "over"
	                    : c.remaining == 0                 ? "full"
	                                                       : "open";
	counts_add(sum, &c);
	return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:s}", "isco", store_text(qs, 0),
	                 "title_ar", store_text(qs, 1), "title_en", store_text(qs, 2), "authorised",
	                 c.authorised, "registered", c.registered, "approved", c.approved, "used",
	                 c.used, "remaining", c.remaining, "state", state);
}

/* The licences of cr, their active ones' counts added to *total; NULL on a database error. */
static json_t *
licences(sqlite3 *db, const char *cr, struct counts *total)
{
	sqlite3_stmt *ls = NULL, *qs = NULL;
	json_t *arr = json_array();
	if (sqlite3_prepare_v2(db,
	                       "SELECT licence_no, state, issued, expires FROM labour_licences"
	                       " WHERE establishment = ?1 ORDER BY issued DESC LIMIT ?2",
	                       -1, &ls, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT q.isco, p.title_ar, p.title_en, q.allowed, q.registered,"
	                       " q.approved, q.used FROM quotas q JOIN professions p"
	                       " ON p.isco = q.isco WHERE q.licence_no = ?1 ORDER BY q.isco"
	                       " LIMIT ?2",
	                       -1, &qs, NULL) != SQLITE_OK)
		goto out_fail;
	sqlite3_bind_text(ls, 1, cr, -1, SQLITE_STATIC);
	sqlite3_bind_int(ls, 2, LIST_MAX);
	sqlite3_bind_int(qs, 2, LIST_MAX);
	int step;
	while ((step = sqlite3_step(ls)) == SQLITE_ROW) {
		struct counts sum = {0};
		json_t *quotas = json_array();
		sqlite3_reset(qs);
		sqlite3_bind_text(qs, 1, store_text(ls, 0), -1, SQLITE_TRANSIENT);
		while (sqlite3_step(qs) == SQLITE_ROW)
			json_array_append_new(quotas, quota(qs, &sum));
		if (strcmp(store_text(ls, 1), "active") == 0)
			counts_add(total, &sum);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "licence_no",
		                                     store_text(ls, 0), "state", store_text(ls, 1),
		                                     "issued", store_text(ls, 2), "expires",
		                                     store_text(ls, 3), "totals", counts_json(&sum),
		                                     "quotas", quotas));
	}
	if (step != SQLITE_DONE)
		goto out_fail;
	sqlite3_finalize(ls);
	sqlite3_finalize(qs);
	return arr;
out_fail:
	sqlite3_finalize(ls);
	sqlite3_finalize(qs);
	json_decref(arr);
	return NULL;
}

static json_t *
omanisation(sqlite3_stmt *st)
{
	return json_pack("{s:s,s:s,s:I,s:I}", "sector_ar", store_text(st, 0), "sector_en",
	                 store_text(st, 1), "percent", (json_int_t)sqlite3_column_int64(st, 2),
	                 "required", (json_int_t)sqlite3_column_int64(st, 3));
}

static json_t *
answer_v2(sqlite3 *db, const char *cr, json_t *establishment)
{
	struct counts total = {0};
	json_t *list = licences(db, cr, &total);
	json_t *o =
	        store_one(db,
	                  "SELECT s.name_ar, s.name_en, o.percent, s.required FROM omanisation o"
	                  " JOIN sectors s ON s.code = o.sector WHERE o.cr_number = ?1",
	                  cr, NULL, omanisation);
	if (!list || !o) {
		json_decref(establishment);
		json_decref(list);
		json_decref(o);
		return NULL;
	}
	return json_pack("{s:o,s:o,s:o,s:o}", "establishment", establishment, "omanisation", o,
	                 "totals", counts_json(&total), "licences", list);
}

enum MHD_Result
route_establishment_licences_v2(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	return sim_licences_answer(sim, conn, ctx, SIM_Q_ESTABLISHMENT_LICENCES_V2, answer_v2);
}
