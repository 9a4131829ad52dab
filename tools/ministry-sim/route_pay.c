/*
 * route_pay.c - GET /pay/<batch id>: the payment page of a batch of permit renewals, the
 * link effect_renewal.c answers as "pay_url" (the kiosk prints it as a QR code):
 *   {"batch", "references": ["MOL-...", ...] (by the batch's index), "total_baisa": the sum
 *    of the renewals' amounts, fines included, "paid": false}
 * 404 {"error": "unknown batch"}. The simulator takes no payment: "paid" stays false.
 * Table: renewals.
 */
#include "sim.h"
#include "store.h"

#include <sqlite3.h>
#include <string.h>

static json_t *
reference(sqlite3_stmt *st, void *ctx)
{
	*(json_int_t *)ctx += sqlite3_column_int64(st, 1);
	return json_string(store_text(st, 0));
}

enum MHD_Result
route_pay(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	const char *batch = ctx->url + strlen("/pay/");
	sqlite3_stmt *st = NULL;
	json_t *refs = NULL;
	json_int_t total = 0;
	sqlite3 *db = store_acquire(sim->store);
	if (sqlite3_prepare_v2(db,
	                       "SELECT reference, amount_baisa FROM renewals WHERE batch_id = ?1"
	                       " ORDER BY batch_index, reference",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
		refs = store_rows(st, reference, &total);
	}
	sqlite3_finalize(st);
	store_release(sim->store);
	if (!refs)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "storage error");
	if (json_array_size(refs) == 0) {
		json_decref(refs);
		return reply_error(conn, MHD_HTTP_NOT_FOUND, "unknown batch");
	}
	return reply_json(conn, MHD_HTTP_OK,
	                  json_pack("{s:s,s:o,s:I,s:b}", "batch", batch, "references", refs,
	                            "total_baisa", total, "paid", 0));
}
