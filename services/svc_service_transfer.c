/*
 * svc_service_transfer.c - "Transfer a worker's services": the new employer's representative
 * types the worker's civil number; the ministry says whether the transfer can go ahead, rule by
 * rule (the contract ended or the current employer's no-objection, no open absence report, a
 * quota for the worker's profession, a valid licence...), each passed or failed with who can fix
 * it. Only when every rule passed does the worker come to the same kiosk with their own card and
 * PIN and agree - or decline, which is recorded too. The consent is bound to the worker's card
 * check and to the hash of the request they saw (app/engine: svc_party.bind). The request goes
 * to the ministry at that moment or not at all (the offline policy does not let it wait), and
 * each party takes a receipt.
 *
 *   worker (civil number) -> ask (eligibility) -> case -> rules -> consent (the worker's card,
 *       PIN, agree/decline) -> commit -> print (employer) -> print (worker) -> result
 */
#include "../common/kerr.h"
#include "../common/klog.h"
#include "answers.h"
#include "svc.h"

#include <string.h>

/* the rules this kiosk can word (transfer.rule.<id>); any other is shown as unknown */
static const char *const known_rules[] = {
        "contract_or_noc", "no_open_absence",   "quota", "licence_valid",
        "permit_valid",    "not_same_employer", NULL};

static bool
known(const char *id)
{
	for (const char *const *k = known_rules; *k; k++)
		if (strcmp(*k, id) == 0)
			return true;
	return false;
}

/* Each rule gets "rule" (its id, or "unknown") and "verdict" (passed, or who can fix it); a
 * rule the kiosk does not know marks the answer "unknown_rule": the transfer cannot go ahead
 * here, since nobody could say what it asks. */
static int
derive_rules(const struct svc_ctx *ctx, json_t *answer, const char **why_key)
{
	(void)ctx;
	(void)why_key;
	int unknown = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(answer, "rules"), i, r)
	{
		const char *id = json_string_value(json_object_get(r, "id"));
		bool passed = json_is_true(json_object_get(r, "passed"));
		char verdict[48];
		if (!known(id)) {
			unknown++;
			json_object_set_new(r, "rule", json_string("unknown"));
			json_object_set_new(r, "verdict", json_string("unknown"));
			continue;
		}
		snprintf(verdict, sizeof(verdict), "%s%s", passed ? "passed" : "fail_",
		         passed ? "" : json_string_value(json_object_get(r, "fix_by")));
		json_object_set_new(r, "rule", json_string(id));
		json_object_set_new(r, "verdict", json_string(verdict));
	}
	/* the rules that block it first: nobody has to page to find them */
	json_t *rules = json_object_get(answer, "rules"), *sorted = json_array();
	for (int pass = 0; pass < 2; pass++) {
		json_array_foreach(rules, i, r)
		{
			bool ok = strcmp(json_string_value(json_object_get(r, "verdict")),
			                 "passed") == 0;
			if (ok == (pass == 1))
				json_array_append(sorted, r);
		}
	}
	json_object_set_new(answer, "rules", sorted);
	if (unknown) { /* its id is a code of the ministry's, not personal data */
		klog(KLOG_WARN, "transfer",
		     "the eligibility answer has %d rule(s) this kiosk does not know", unknown);
		json_object_set_new(answer, "unknown_rule", json_true());
	}
	return 0;
}

/* On to the worker's consent only when every rule passed and every rule is known. */
static int
eligible(const struct svc_ctx *ctx, const char **why_key)
{
	if (json_is_true(svc_ctx_get(ctx, "eligibility.unknown_rule"))) {
		*why_key = "transfer.unknown_rule";
		return KERR_REJECTED;
	}
	if (!json_is_true(svc_ctx_get(ctx, "eligibility.eligible"))) {
		*why_key = "transfer.not_eligible";
		return KERR_REJECTED;
	}
	return 0;
}

static const struct svc_field worker_field[] = {
        {"worker_civil", "transfer.worker_label", "transfer.worker_hint", SVC_VAL_DIGITS, 8, 8,
         true},
};

static const struct svc_query_arg ask_args[] = {
        {"civil_number", "form.worker_civil"},
        {"cr_number", "establishment.cr_number"},
};

static const struct svc_query ask = {
        .path = "/v1/transfers/eligibility",
        .args = ask_args,
        .nargs = SVC_N(ask_args),
        .answer = &answer_transfer_eligibility,
        .save_as = "eligibility",
        .not_found = "transfer.not_found",
        .derive = derive_rules,
};

#define CASE_LINES                                                                                 \
	{"transfer.worker", {"eligibility.worker.name", SVC_FMT_LANG, NULL}},                      \
	        {"record.permit_no", {"eligibility.worker.permit_no", SVC_FMT_TEXT, NULL}},        \
	        {"record.profession",                                                              \
	         {"eligibility.worker.profession.title", SVC_FMT_LANG, NULL}},                     \
	        {"transfer.from", {"eligibility.worker.employer.name", SVC_FMT_LANG, NULL}},       \
	{                                                                                          \
		"transfer.to",                                                                     \
		{                                                                                  \
			"eligibility.to.name", SVC_FMT_LANG, NULL                                  \
		}                                                                                  \
	}

static const struct svc_line case_lines[] = {CASE_LINES};

static const struct svc_arg rule_args[] = {
        {"verdict", {"verdict", SVC_FMT_ENUM, "transfer.verdict"}},
};

static const struct svc_list rules = {
        .items = "eligibility.rules",
        .primary = {"rule", SVC_FMT_ENUM, "transfer.rule"},
        .secondary = {"transfer.rule_row", rule_args, SVC_N(rule_args)},
        .page_rows = 4,
};

static const struct svc_party worker = {
        .role = SVC_ROLE_WORKER,
        .title = "transfer.p2_title",
        .body = "transfer.p2_body",
        .consent = "transfer.consent",
        .who = "eligibility.worker.civil_number",
        .who_refused = "transfer.not_the_worker",
        .bind = "eligibility.request",
        .decline = true,
};

static const struct svc_step steps[] = {
        {.id = "worker", .kind = SVC_STEP_FORM, .fields = worker_field, .nfields = 1},
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &ask},
        {.id = "case",
         .kind = SVC_STEP_INFO,
         .title = "transfer.case_title",
         .body = {"transfer.case_body", NULL, 0},
         .lines = case_lines,
         .nlines = SVC_N(case_lines)},
        {.id = "rules",
         .kind = SVC_STEP_LIST,
         .title = "transfer.rules_title",
         .body = {"transfer.rules_body", NULL, 0},
         .next_label = "transfer.to_consent",
         .list = &rules,
         .check = eligible},
        {.id = "consent", .kind = SVC_STEP_SECOND_PARTY, .party = &worker},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT, .title = "transfer.copy_employer"},
        {.id = "print_worker", .kind = SVC_STEP_PRINT, .title = "transfer.copy_worker"},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
        {"field.establishment", {"establishment.name", SVC_FMT_LANG, NULL}},
        CASE_LINES,
        {"transfer.worker_civil", {"party.1.civil_number", SVC_FMT_MASKED, NULL}},
        {"transfer.decision", {"consent.decision", SVC_FMT_ENUM, "transfer.decision"}},
        {"transfer.card_check", {"consent.card_auth", SVC_FMT_ENUM, "transfer.card_auth"}},
        {"transfer.request_hash", {"consent.request_hash", SVC_FMT_TEXT, NULL}},
};

static const struct svc_receipt receipt = {
        .title = "transfer.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
};

/* the case and the rules as shown, and the worker's answer bound to them */
static const char *const commit_keys[] = {"eligibility", "consent", NULL};

const struct svc_def svc_service_transfer = {
        .id = "service-transfer",
        .title = "transfer.service",
        .summary = "transfer.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE | SVC_NEED_PRINTER |
                 SVC_NEED_SECOND_PARTY | SVC_NEED_ESTABLISHMENT,
        .roles = SVC_ROLE_EMPLOYER,
        .order = 27,
        .offline_ok = false, /* eligibility and consent are checked when it is sent */
        .steps = steps,
        .nsteps = SVC_N(steps),
        .commit = commit_keys,
        .receipt = &receipt,
};
