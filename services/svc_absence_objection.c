/*
 * svc_absence_objection.c - "Object to an absence report": a worker whose employer reported
 * them absent from work (absconding) files an objection while the deadline is open (60 days
 * after the report): a reason from the ministry's list (reference data "objection_reasons"),
 * optional words of their own, a check of what goes, then the commit, the receipt and the
 * result. After the deadline, or with no report, the kiosk says so and where to go instead.
 * The ministry applies the objection once (the simulator: tools/ministry-sim/store.c).
 *
 *   ask (the record) -> the report -> a reason -> details (optional) -> check -> commit
 *       -> print -> result
 */
#include "../common/date.h"
#include "record.h"
#include "svc.h"

#include <string.h>

/* Only an open report can be objected to: the backend's state, and the deadline against the
 * Oman day of the kiosk (a deadline that passed since the answer is passed). */
static int
report_open(const struct svc_ctx *ctx, const char **why_key)
{
	const char *state = json_string_value(svc_ctx_get(ctx, "record.absence.state"));
	const char *deadline =
	        json_string_value(svc_ctx_get(ctx, "record.absence.objection_deadline"));
	struct civil_date dl, today;
	if (!state || !deadline) {
		*why_key = "objection.none";
		return -1;
	}
	date_oman(ctx->now_ms, &today);
	if (strcmp(state, "open") != 0 || date_parse_iso(deadline, &dl) < 0 ||
	    date_cmp(&dl, &today) < 0) {
		*why_key = "objection.passed";
		return -1;
	}
	return 0;
}

static const struct svc_line report_lines[] = {
        ABSENCE_LINES,
        {"record.employer", {"record.permit.employer.name", SVC_FMT_LANG, NULL}},
};

static const struct svc_list reasons = {
        .items = "reasons",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .secondary = {NULL, NULL, 0},
        .save_as = "reason",
        .empty = "objection.no_reasons",
        .refdata = "objection_reasons",
};

static const struct svc_field details[] = {
        {"details", "objection.details_label", "objection.details_hint", SVC_VAL_TEXT, 0, 200,
         true},
};

static const struct svc_line check_lines[] = {
        {"objection.reason", {"reason.title", SVC_FMT_LANG, NULL}},
        {"objection.details", {"form.details", SVC_FMT_TEXT, NULL}, "objection.no_details"},
        {"record.absence_reported", {"record.absence.reported", SVC_FMT_DATE, NULL}},
        {"record.objection_deadline", {"record.absence.objection_deadline", SVC_FMT_DATE, NULL}},
};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &record_query, .check = report_open},
        {.id = "report",
         .kind = SVC_STEP_INFO,
         .title = "objection.report_title",
         .body = {"objection.report_body", NULL, 0},
         .lines = report_lines,
         .nlines = SVC_N(report_lines)},
        {.id = "reason",
         .kind = SVC_STEP_LIST,
         .title = "objection.reason_title",
         .body = {"objection.reason_body", NULL, 0},
         .list = &reasons},
        {.id = "details", .kind = SVC_STEP_FORM, .fields = details, .nfields = SVC_N(details)},
        {.id = "check",
         .kind = SVC_STEP_INFO,
         .title = "objection.check_title",
         .body = {"objection.check_body", NULL, 0},
         .next_label = "objection.submit",
         .lines = check_lines,
         .nlines = SVC_N(check_lines),
         .check = report_open},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
        {"record.permit_no", {"record.permit.number", SVC_FMT_TEXT, NULL}},
        {"record.employer", {"record.permit.employer.name", SVC_FMT_LANG, NULL}},
        {"record.absence_reported", {"record.absence.reported", SVC_FMT_DATE, NULL}},
        {"record.objection_deadline", {"record.absence.objection_deadline", SVC_FMT_DATE, NULL}},
        {"objection.reason", {"reason.title", SVC_FMT_LANG, NULL}},
        {"objection.details", {"form.details", SVC_FMT_TEXT, NULL}, "objection.no_details"},
};

static const struct svc_receipt receipt = {
        .title = "objection.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
};

/* the report as shown and the reason chosen; the words typed are in "form" */
static const char *const commit_keys[] = {"record.permit", "record.absence", "reason", NULL};

const struct svc_def svc_absence_objection = {
        .id = "absence-objection",
        .title = "objection.service",
        .summary = "objection.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE | SVC_NEED_PRINTER,
        .roles = SVC_ROLE_WORKER,
        .order = 15,
        .offline_ok = false,
        .steps = steps,
        .nsteps = SVC_N(steps),
        .commit = commit_keys,
        .receipt = &receipt,
};
