/*
 * svc_permit_renewal.c - "Renew work permits": an employer's representative picks a range (30,
 * 60 or 90 days), sees the establishment's workers whose permits expire within it (and those
 * already expired), each with the renewal fee and any late fine worked out from the ministry's
 * fee table (reference data "renewal_fees", versioned: a fee per profession category, a fine per
 * month late up to a cap), chooses several with a running total, checks them, and sends one
 * request per worker (one idempotency key each, all committed at once). The receipt lists every
 * worker with the ministry's reference or QUEUED; the backend's payment link is printed as a QR
 * (the kiosk takes no payment).
 *
 *   range -> ask (the workers; fees derived) -> workers (several) -> check -> commit (each)
 *       -> print -> result
 */
#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "answers.h"
#include "svc.h"

#include <string.h>

/* A worker that cannot be chosen, and why (a message key the row shows). */
static void
set_problem(json_t *w, const char *key)
{
	json_object_set_new(w, "fee", json_pack("{s:s}", "problem", key));
}

/* The fee of each worker into worker.fee: {category, renewal_baisa, fine_baisa, months_late,
 * version, total_baisa}, or {problem} when it cannot be worked out (the category is not in the
 * table) or the worker cannot be renewed here (a request is already on record). */
static int
derive_fees(const struct svc_ctx *ctx, json_t *answer, const char **why_key)
{
	json_t *table = ctx->refdata ? ctx->refdata(ctx, "renewal_fees") : NULL;
	const json_t *cats = json_object_get(table, "categories");
	const json_t *per_month = json_object_get(table, "fine_per_month_baisa");
	const json_t *cap = json_object_get(table, "fine_cap_baisa");
	const char *version = json_string_value(json_object_get(table, "version"));
	if (!json_is_object(cats) || !json_is_integer(per_month) || !json_is_integer(cap) ||
	    !version || json_integer_value(per_month) < 0 || json_integer_value(cap) < 0) {
		klog(KLOG_WARN, "renewal", "no usable fee table in the reference data");
		json_decref(table);
		*why_key = "renewal.no_fee_table";
		return KERR_REJECTED;
	}
	struct civil_date today;
	date_oman(ctx->now_ms, &today);
	int64_t day = date_to_days(&today);
	int missing = 0;
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(answer, "workers"), i, w)
	{
		const char *cat = json_string_value(json_object_get(w, "fee_category"));
		const json_t *amount = json_object_get(cats, cat ? cat : "");
		struct civil_date exp;
		if (strcmp(json_string_value(json_object_get(w, "renewal")), "submitted") == 0) {
			set_problem(w, "renewal.already_submitted");
			continue;
		}
		if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
		    date_parse_iso(json_string_value(json_object_get(w, "expires")), &exp) < 0) {
			missing++;
			set_problem(w, "renewal.fee_missing");
			continue;
		}
		int64_t late = day - date_to_days(&exp);
		json_int_t months = late > 0 ? (json_int_t)((late + 29) / 30) : 0;
		json_int_t fine = months * json_integer_value(per_month);
		if (fine > json_integer_value(cap))
			fine = json_integer_value(cap);
		json_int_t fee = json_integer_value(amount);
		json_object_set_new(w, "fee",
		                    json_pack("{s:s, s:I, s:I, s:I, s:s, s:I}", "category", cat,
		                              "renewal_baisa", fee, "fine_baisa", fine,
		                              "months_late", months, "version", version,
		                              "total_baisa", fee + fine));
	}
	if (missing) /* the categories only: never who */
		klog(KLOG_WARN, "renewal",
		     "fee table %s has no fee for %d worker(s): they cannot be chosen", version,
		     missing);
	json_decref(table);
	return 0;
}

static const char *const ranges[] = {"30", "60", "90", NULL};

static const struct svc_list range_list = {
        .items = "ranges",
        .primary = {"n", SVC_FMT_COUNT, "renewal.range"},
        .save_as = "range",
        .options = ranges,
};

static const struct svc_query_arg ask_args[] = {
        {"cr_number", "establishment.cr_number"},
        {"within_days", "range.n"},
};

static const struct svc_query ask = {
        .path = "/v1/establishments/renewals",
        .args = ask_args,
        .nargs = SVC_N(ask_args),
        .answer = &answer_renewals,
        .save_as = "renewals",
        .not_found = "renewal.not_found",
        .derive = derive_fees,
};

static const struct svc_arg row_args[] = {
        {"permit", {"permit_no", SVC_FMT_TEXT, NULL}},
        {"expires", {"expires", SVC_FMT_DATE, NULL}},
        {"profession", {"profession.title", SVC_FMT_LANG, NULL}},
        {"fee", {"fee.total_baisa", SVC_FMT_AMOUNT, NULL}},
};

static const struct svc_list workers = {
        .items = "renewals.workers",
        .primary = {"name", SVC_FMT_LANG, NULL},
        .secondary = {"renewal.row", row_args, SVC_N(row_args)},
        .save_as = "chosen",
        .empty = "renewal.none_due",
        .page_rows = 4,
        .multi = true,
        .none = "renewal.none_chosen",
        .sum = "fee.total_baisa",
        .sum_as = "chosen_total",
        .blocked = "fee.problem",
};

static const struct svc_arg check_args[] = {
        {"permit", {"permit_no", SVC_FMT_TEXT, NULL}},
        {"fee", {"fee.renewal_baisa", SVC_FMT_AMOUNT, NULL}},
        {"fine", {"fee.fine_baisa", SVC_FMT_AMOUNT, NULL}},
};

static const struct svc_list check_list = {
        .items = "chosen",
        .primary = {"name", SVC_FMT_LANG, NULL},
        .secondary = {"renewal.check_row", check_args, SVC_N(check_args)},
        .page_rows = 4,
};

static const struct svc_arg total_args[] = {
        {"total", {"chosen_total", SVC_FMT_AMOUNT, NULL}},
};

static const struct svc_step steps[] = {
        {.id = "range",
         .kind = SVC_STEP_LIST,
         .title = "renewal.range_title",
         .body = {"renewal.range_body", NULL, 0},
         .list = &range_list},
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &ask},
        {.id = "workers",
         .kind = SVC_STEP_LIST,
         .title = "renewal.workers_title",
         .body = {"renewal.workers_body", NULL, 0},
         .next_label = "renewal.to_check",
         .list = &workers},
        {.id = "check",
         .kind = SVC_STEP_LIST,
         .title = "renewal.check_title",
         .body = {"renewal.check_body", total_args, 1},
         .next_label = "renewal.submit",
         .list = &check_list},
        {.id = "commit", .kind = SVC_STEP_COMMIT, .each = "chosen", .each_as = "worker"},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

/* per request (its payload has the worker at "worker") */
static const struct svc_fee fees[] = {
        {"renewal.fee_item", NULL, "worker.fee.renewal_baisa"},
        {"renewal.fine_item", NULL, "worker.fee.fine_baisa"},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
        {"field.establishment", {"establishment.name", SVC_FMT_LANG, NULL}},
        {"field.cr_number", {"establishment.cr_number", SVC_FMT_TEXT, NULL}},
        /* a copy of one request (from "my receipts") names its worker */
        {"renewal.worker", {"worker.name", SVC_FMT_LANG, NULL}},
        {"renewal.permit", {"worker.permit_no", SVC_FMT_TEXT, NULL}},
        {"renewal.expires", {"worker.expires", SVC_FMT_DATE, NULL}},
        {"renewal.fee_version", {"worker.fee.version", SVC_FMT_TEXT, NULL}},
};

static const struct svc_arg receipt_row_args[] = {
        {"permit", {"permit_no", SVC_FMT_TEXT, NULL}},
        {"fee", {"fee.total_baisa", SVC_FMT_AMOUNT, NULL}},
        {"status", {"outcome.status", SVC_FMT_ENUM, "renewal.outcome"}},
        {"ref", {"outcome.reference", SVC_FMT_TEXT, NULL}},
};

static const struct svc_list receipt_rows = {
        .items = "chosen",
        .primary = {"name", SVC_FMT_LANG, NULL},
        .secondary = {"renewal.receipt_row", receipt_row_args, SVC_N(receipt_row_args)},
};

static const struct svc_line receipt_after[] = {
        {"renewal.fee_version", {"chosen.0.fee.version", SVC_FMT_TEXT, NULL}},
};

static const struct svc_receipt receipt = {
        .title = "renewal.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
        .rows = &receipt_rows,
        .after = receipt_after,
        .nafter = SVC_N(receipt_after),
};

const struct svc_def svc_permit_renewal = {
        .id = "permit-renewal",
        .title = "renewal.service",
        .summary = "renewal.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE | SVC_NEED_PRINTER |
                 SVC_NEED_ESTABLISHMENT,
        .roles = SVC_ROLE_EMPLOYER,
        .order = 25,
        .offline_ok = true, /* the requests queue when the link drops after the list */
        .steps = steps,
        .nsteps = SVC_N(steps),
        .fees = fees,
        .nfees = SVC_N(fees),
        .receipt = &receipt,
};
