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
 * its counts added to ctx (struct counts). */
static json_t *
quota(sqlite3_stmt *qs, void *ctx)
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
	counts_add(ctx, &c);
	return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:s}", "isco", store_text(qs, 0),
	                 "title_ar", store_text(qs, 1), "title_en", store_text(qs, 2), "authorised",
	                 c.authorised, "registered", c.registered, "approved", c.approved, "used",
	                 c.used, "remaining", c.remaining, "state", state);
}

/* A licence with its quotas and totals; an active one's added to the establishment's (the
 * struct counts of c->ctx). */
static json_t *
licence(sqlite3_stmt *ls, void *ctx)
{
	const struct sim_licences_ctx *c = ctx;
	struct counts sum = {0};
	json_t *quotas = sim_licence_quotas(ls, c, quota, &sum);
	if (!quotas)
		return NULL;
	if (strcmp(store_text(ls, 1), "active") == 0)
		counts_add(c->ctx, &sum);
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "licence_no", store_text(ls, 0), "state",
	                 store_text(ls, 1), "issued", store_text(ls, 2), "expires",
	                 store_text(ls, 3), "totals", counts_json(&sum), "quotas", quotas);
}

static json_t *
omanisation(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:I,s:I}", "sector_ar", store_text(st, 0), "sector_en",
	                 store_text(st, 1), "percent", (json_int_t)sqlite3_column_int64(st, 2),
	                 "required", (json_int_t)sqlite3_column_int64(st, 3));
}

static json_t *
answer_v2(sqlite3 *db, const char *cr, json_t *establishment)
{
	struct counts total = {0};
	json_t *list = sim_licences_list(db, cr,
	                                 "q.isco, p.title_ar, p.title_en, q.allowed, q.registered,"
	                                 " q.approved, q.used",
	                                 licence, &total);
	json_t *o =
	        store_one(db,
	                  "SELECT s.name_ar, s.name_en, o.percent, s.required FROM omanisation o"
	                  " JOIN sectors s ON s.code = o.sector WHERE o.cr_number = ?1",
	                  cr, NULL, omanisation, NULL);
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
