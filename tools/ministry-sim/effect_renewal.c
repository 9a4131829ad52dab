/*
 * effect_renewal.c - "permit-renewal": an employer renews a worker's permit (one item per
 * worker; the kiosk sends a batch of them). Refused when the permit is not a current one of
 * the establishment, not within RENEWAL_WINDOW_MAX days of expiry nor overdue by at most a
 * year, already renewed or applied for, or when the fee the kiosk computed
 * (worker.fee.total_baisa, with its table's version) is not the simulator's own (renewal.c).
 * Applied: a renewals row (the batch id is what /pay/<batch> sums, route_pay.c) and the
 * permit's expiry moved to (the later of the expiry and today) + 2 years, its state renewed;
 * the item's result gets "pay_url".
 */
#include "effect.h"
#include "renewal.h"
#include "store.h"

#include "../../common/kbuf.h"
#include "../../common/kerr.h"

#include <stdio.h>
#include <string.h>

#define PAY_FALLBACK "https://pay.ministry-sim.invalid"

/* The permit and its fee as the simulator sees them, or the reason it is refused. */
static const char *
renewal_check(sqlite3 *db, json_t *payload, json_t **worker, json_t **fee)
{
	const char *cr = effect_str(payload, "establishment.cr_number");
	const char *permit = effect_str(payload, "worker.permit_no");
	const char *version = effect_str(payload, "worker.fee.version");
	json_t *total = effect_get(payload, "worker.fee.total_baisa");
	bool listed = false;
	*worker = *fee = NULL;
	if (!cr || !permit)
		return "renewal without its establishment or permit";
	if (!effect_str(payload, "batch.id"))
		return "renewal without its batch";
	*worker = renewal_find(db, cr, permit, &listed);
	if (!*worker)
		return "the record could not be read";
	if (json_is_null(*worker))
		return "the worker's permit is not found at this establishment";
	/* before the window: a renewed permit is out of it */
	if (strcmp(json_string_value(json_object_get(*worker, "renewal")), "submitted") == 0)
		return "a renewal for this permit is already on record";
	if (!listed)
		return "the permit is not within 90 days of expiry nor overdue by at most a year";
	*fee = renewal_fee(db, json_string_value(json_object_get(*worker, "fee_category")),
	                   json_string_value(json_object_get(*worker, "expires")));
	if (!*fee)
		return "the ministry's fee table could not be read";
	if (!version || strcmp(version, json_string_value(json_object_get(*fee, "version"))) != 0)
		return "fee table version is out of date";
	if (!json_is_integer(total) ||
	    json_integer_value(total) != json_integer_value(json_object_get(*fee, "total_baisa")))
		return "the fee does not match the ministry's table";
	return NULL;
}

static const char *
renewal_problem(sqlite3 *db, json_t *payload, const char *kiosk_id)
{
	(void)kiosk_id;
	json_t *worker, *fee;
	const char *why = renewal_check(db, payload, &worker, &fee);
	json_decref(worker);
	json_decref(fee);
	return why;
}

/* "<base>/pay/<batch id, percent-encoded>" into b; the base is the simulator's own address
 * (store_set_base_url()), PAY_FALLBACK without one. */
static int
pay_url(sqlite3 *db, const char *batch, struct kbuf *b)
{
	sqlite3_stmt *q = NULL;
	const char *base = PAY_FALLBACK;
	if (sqlite3_prepare_v2(db, "SELECT value FROM temp.sim_env WHERE key = 'base_url'", -1, &q,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		base = store_text(q, 0);
	int rc = kbuf_printf(b, "%s/pay/", base);
	sqlite3_finalize(q);
	for (const unsigned char *c = (const unsigned char *)batch; rc == 0 && *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~", *c))
			rc = kbuf_add(b, c, 1);
		else
			rc = kbuf_printf(b, "%%%02X", *c);
	}
	return rc == 0 ? kbuf_add(b, "", 1) : rc;
}

static int
renewal_apply(sqlite3 *db, json_t *payload, const char *ref, const char *now, json_t *result)
{
	json_t *worker, *fee;
	struct kbuf url;
	int rc = KERR_DB;
	kbuf_init(&url, 2048);
	if (renewal_check(db, payload, &worker, &fee)) /* problem() said it applies */
		goto out;
	const char *batch = effect_str(payload, "batch.id");
	char index[24], renewal[24], fine[24], total[24];
	snprintf(index, sizeof(index), "%lld",
	         (long long)json_integer_value(effect_get(payload, "batch.index")));
	snprintf(renewal, sizeof(renewal), "%lld",
	         (long long)json_integer_value(json_object_get(fee, "renewal_baisa")));
	snprintf(fine, sizeof(fine), "%lld",
	         (long long)json_integer_value(json_object_get(fee, "fine_baisa")));
	snprintf(total, sizeof(total), "%lld",
	         (long long)json_integer_value(json_object_get(fee, "total_baisa")));
	const char *args[] = {
	        json_string_value(json_object_get(worker, "permit_no")),
	        json_string_value(json_object_get(worker, "civil_number")),
	        effect_str(payload, "establishment.cr_number"),
	        ref,
	        batch,
	        index,
	        renewal,
	        fine,
	        total,
	        json_string_value(json_object_get(fee, "version")),
	        now,
	};
	if (effect_exec(db,
	                "INSERT INTO renewals SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	                " permit_expires, date(max(permit_expires, date('now', '+4 hours')),"
	                " '+2 years'), ?11 FROM workers WHERE permit_no = ?1",
	                11, args) < 0 ||
	    effect_exec(db,
	                "UPDATE workers SET state = 'renewed', renewal_submitted ="
	                " date('now', '+4 hours'), permit_expires = (SELECT new_expires FROM"
	                " renewals WHERE permit_no = ?1) WHERE permit_no = ?1",
	                1, args) < 0)
		goto out;
	if (pay_url(db, batch, &url) < 0)
		goto out;
	json_object_set_new(result, "pay_url", json_string((const char *)url.data));
	rc = 0;
out:
	kbuf_free(&url);
	json_decref(worker);
	json_decref(fee);
	return rc;
}

const struct effect effect_renewal = {
        .type = "permit-renewal",
        .problem = renewal_problem,
        .apply = renewal_apply,
};
