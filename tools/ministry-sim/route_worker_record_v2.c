/*
 * route_worker_record_v2.c - POST /v2/workers/record {"civil_number"}: the worker's record,
 * the permit as v1 answers it and what v1 does not say:
 *   {"permit": {...v1's members},
 *    "renewal": "not_due" | "due" | "submitted" | "renewed" | "overdue",
 *    "arrival": {date, port_ar, port_en} | null, "departure": (the same) | null,
 *    "contract": {start, end, wage_baisa} | null,
 *    "absence": {reported, objection_deadline, state: "open" | "passed"} | null,
 *    "transfer": {state: "requested" | "approved", requested, to {cr_number, name_ar,
 *                 name_en}} | null,
 *    "history": [permit, ...]}   the person's other permits, newest first, at most 20
 * The permit is v1's (SIM_PERMIT_CURRENT) but "expiring" means within 90 days. renewal, in
 * this order: a cancelled permit (departed, absconded) is "not_due"; one renewed "renewed"; a
 * renewal applied for "submitted"; past its expiry "overdue"; within 90 days of it "due";
 * else "not_due". arrival and departure are the latest border movements of each direction;
 * contract, absence and transfer belong to the current permit (a transfer refused or done is
 * null); absence is "open" until its objection deadline, that day included. 404 {"error":
 * "no record"} without a permit. docs/backend-api.md says the same; tables in store.c.
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>

#define HISTORY_MAX 20
#define SOON        "+90 days" /* "expiring" and renewal "due" */

static json_t *
movement(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:s}", "date", store_text(st, 0), "port_ar", store_text(st, 1),
	                 "port_en", store_text(st, 2));
}

static json_t *
contract(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:I}", "start", store_text(st, 0), "end", store_text(st, 1),
	                 "wage_baisa", (json_int_t)sqlite3_column_int64(st, 2));
}

static json_t *
absence(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:s}", "reported", store_text(st, 0), "objection_deadline",
	                 store_text(st, 1), "state", store_text(st, 2));
}

static json_t *
transfer(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:{s:s,s:s,s:s}}", "state", store_text(st, 0), "requested",
	                 store_text(st, 1), "to", "cr_number", store_text(st, 2), "name_ar",
	                 store_text(st, 3), "name_en", store_text(st, 4));
}

static json_t *
permit(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return sim_permit_json(st);
}

static const char movement_sql[] =
        "SELECT b.day, p.name_ar, p.name_en FROM border_movements b JOIN ports p"
        " ON p.code = b.port WHERE b.civil_number = ?1 AND b.direction = ?2"
        " ORDER BY b.day DESC LIMIT 1";
static const char contract_sql[] =
        "SELECT start, end, wage_baisa FROM contracts WHERE permit_no = ?1";
static const char absence_sql[] =
        "SELECT reported, objection_deadline, CASE WHEN objection_deadline >="
        " date('now', '+4 hours') THEN 'open' ELSE 'passed' END FROM absence_reports"
        " WHERE permit_no = ?1";
static const char transfer_sql[] =
        "SELECT t.state, t.requested, e.cr_number, e.name_ar, e.name_en FROM transfers t"
        " JOIN establishments e ON e.cr_number = t.to_cr WHERE t.permit_no = ?1"
        " AND t.state IN ('requested', 'approved') ORDER BY t.requested DESC LIMIT 1";

/* The person's permits but the current one, newest first; NULL on a database error. */
static json_t *
history(sqlite3 *db, const char *civil, const char *current)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = NULL;
	if (sqlite3_prepare_v2(db,
	                       "SELECT " SIM_PERMIT_COLUMNS SIM_PERMIT_FROM " AND w.permit_no <> ?3"
	                       " ORDER BY w.permit_issued DESC LIMIT ?4",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, SOON, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, current, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, HISTORY_MAX);
		arr = store_rows(st, permit, NULL);
	}
	sqlite3_finalize(st);
	return arr;
}

/* The 200 answer for the current permit (the row st stands on, then the renewal), or NULL on a
 * database error. */
static json_t *
record(sqlite3 *db, const char *civil, sqlite3_stmt *st)
{
	const char *permit_no = store_text(st, 0);
	json_t *arrival = store_one(db, movement_sql, civil, "arrival", movement, NULL);
	json_t *departure = store_one(db, movement_sql, civil, "departure", movement, NULL);
	json_t *c = store_one(db, contract_sql, permit_no, NULL, contract, NULL);
	json_t *a = store_one(db, absence_sql, permit_no, NULL, absence, NULL);
	json_t *t = store_one(db, transfer_sql, permit_no, NULL, transfer, NULL);
	json_t *h = history(db, civil, permit_no);
	if (!arrival || !departure || !c || !a || !t || !h) {
		json_decref(arrival);
		json_decref(departure);
		json_decref(c);
		json_decref(a);
		json_decref(t);
		json_decref(h);
		return NULL;
	}
	return json_pack("{s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "permit", sim_permit_json(st),
	                 "renewal", store_text(st, SIM_PERMIT_NCOLS), "arrival", arrival,
	                 "departure", departure, "contract", c, "absence", a, "transfer", t,
	                 "history", h);
}

enum MHD_Result
route_worker_record_v2(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	return sim_record_answer(sim, conn, ctx, SIM_Q_WORKER_RECORD_V2,
	                         "SELECT " SIM_PERMIT_COLUMNS ", CASE"
	                         " WHEN w.state IN ('departed', 'absconded') THEN 'not_due'"
	                         " WHEN w.state = 'renewed' THEN 'renewed'"
	                         " WHEN w.renewal_submitted IS NOT NULL THEN 'submitted'"
	                         " WHEN w.permit_expires < date('now', '+4 hours') THEN 'overdue'"
	                         " WHEN w.permit_expires <= date('now', '+4 hours', ?2) THEN 'due'"
	                         " ELSE 'not_due' END" SIM_PERMIT_FROM SIM_PERMIT_CURRENT,
	                         SOON, record);
}
