/*
 * route_receipt_lookup.c - POST /v1/receipts/lookup {"reference": the kiosk's reference as a
 * receipt prints it (app/txn.h: KIOSK-ID-NNNNNN-C, C its check digit)} or {"kiosk_id",
 * "seq"}: whether the ministry has received that transaction, so that a receipt printed while
 * the kiosk was offline (QUEUED) resolves once it synced:
 *   {"state": "received", "type", "ministry_reference": "MOL-...", "status": "accepted"}
 *   {"state": "not_yet_received"}   (also for an item the ministry refused: it is not stored)
 * 400 for another body or a reference whose check digit is wrong. Table: transactions.
 */
#include "sim.h"
#include "store.h"

#include "../../app/txn.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static json_t *
received(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:s,s:s}", "state", "received", "type", store_text(st, 0),
	                 "ministry_reference", store_text(st, 1), "status", "accepted");
}

/* The kiosk id and sequence of a printed reference; false when it is not one. */
static bool
parse_reference(const char *ref, char *kiosk, size_t size, long long *seq)
{
	const char *check = strrchr(ref, '-');
	if (!check || check == ref)
		return false;
	const char *digits = check - 1;
	while (digits > ref && digits[-1] != '-')
		digits--;
	if (digits <= ref + 1 || (size_t)(digits - 1 - ref) >= size)
		return false;
	snprintf(kiosk, size, "%.*s", (int)(digits - 1 - ref), ref);
	int64_t s = 0;
	if (txn_reference_parse(kiosk, ref, &s) < 0)
		return false;
	*seq = (long long)s;
	return true;
}

enum MHD_Result
route_receipt_lookup(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_t *req = req_json(ctx);
	const char *ref = json_string_value(json_object_get(req, "reference"));
	const char *kiosk_id = json_string_value(json_object_get(req, "kiosk_id"));
	json_t *jseq = json_object_get(req, "seq");
	char kiosk[64], seq[24];
	long long n = json_is_integer(jseq) ? (long long)json_integer_value(jseq) : 0;
	bool ok = false;
	json_t *answer = NULL;
	unsigned status;

	if (ref && !kiosk_id && !jseq)
		ok = parse_reference(ref, kiosk, sizeof(kiosk), &n);
	else if (!ref && kiosk_id && kiosk_id[0] && strlen(kiosk_id) < sizeof(kiosk) && n > 0)
		ok = snprintf(kiosk, sizeof(kiosk), "%s", kiosk_id) > 0;
	if (req_refused(ctx, ok,
	                "body must be {\"reference\": a kiosk reference} or {\"kiosk_id\": s,"
	                " \"seq\": n}",
	                &status, &answer))
		goto out;
	snprintf(seq, sizeof(seq), "%lld", n);
	sqlite3 *db = store_acquire(sim->store);
	answer = store_one(db,
	                   "SELECT type, reference FROM transactions WHERE kiosk_id = ?1 AND"
	                   " seq = CAST(?2 AS INTEGER) ORDER BY id LIMIT 1",
	                   kiosk, seq, received, NULL);
	store_release(sim->store);
	status = MHD_HTTP_OK;
	if (answer && json_is_null(answer)) {
		json_decref(answer);
		answer = json_pack("{s:s}", "state", "not_yet_received");
	}
out:
	json_decref(req);
	return reply_answer(sim, conn, ctx, SIM_Q_RECEIPT_LOOKUP, status, answer);
}
