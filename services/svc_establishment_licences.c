/*
 * svc_establishment_licences.c - "Labour licences and quotas": an employer's representative
 * sees, for the establishment they chose, each labour licence and, per profession, the places
 * authorised, the visa applications registered and approved, the places used and remaining;
 * the licence's totals and the establishment's Omanisation against its sector's requirement
 * (when the backend has it). Read live (POST /v2/establishments/licences); a signed statement
 * of the chosen licence can be printed.
 *
 *   ask -> choose a licence -> its quotas (paged) -> its totals -> the establishment's
 *       figures and Omanisation -> commit -> print -> result
 */
#include "answers.h"
#include "svc.h"

static const struct svc_query_arg args[] = {
        {"cr_number", "establishment.cr_number"},
        {"civil_number", "party.0.civil_number"},
};

static const struct svc_query query = {
        .path = "/v2/establishments/licences",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_establishment_licences_v2,
        .save_as = "licences",
        .not_found = "licences.not_found",
};

static const struct svc_arg licence_args[] = {
        {"state", {"state", SVC_FMT_ENUM, "licence.state"}},
        {"expires", {"expires", SVC_FMT_DATE, NULL}},
        {"remaining", {"totals.remaining", SVC_FMT_TEXT, NULL}},
};

static const struct svc_list licence_list = {
        .items = "licences.licences",
        .primary = {"licence_no", SVC_FMT_TEXT, NULL},
        .secondary = {"licences.row", licence_args, SVC_N(licence_args)},
        .save_as = "licence",
        .empty = "licences.empty",
};

static const struct svc_arg quota_args[] = {
        {"isco", {"isco", SVC_FMT_TEXT, NULL}},
        {"authorised", {"authorised", SVC_FMT_TEXT, NULL}},
        {"registered", {"registered", SVC_FMT_TEXT, NULL}},
        {"approved", {"approved", SVC_FMT_TEXT, NULL}},
        {"used", {"used", SVC_FMT_TEXT, NULL}},
        {"remaining", {"remaining", SVC_FMT_TEXT, NULL}},
        {"state", {"state", SVC_FMT_ENUM, "quota.state"}},
};

static const struct svc_list quota_list = {
        .items = "licence.quotas",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .secondary = {"quotas.row", quota_args, SVC_N(quota_args)},
        .empty = "quotas.empty",
        .page_rows = 4, /* a profession's title and its six figures: up to four lines */
};

static const struct svc_arg quota_body_args[] = {
        {"licence", {"licence.licence_no", SVC_FMT_TEXT, NULL}},
        {"state", {"licence.state", SVC_FMT_ENUM, "licence.state"}},
        {"expires", {"licence.expires", SVC_FMT_DATE, NULL}},
};

#define TOTAL_LINES                                                                                \
	{"totals.authorised", {"licence.totals.authorised", SVC_FMT_TEXT, NULL}},                  \
	        {"totals.registered", {"licence.totals.registered", SVC_FMT_TEXT, NULL}},          \
	        {"totals.approved", {"licence.totals.approved", SVC_FMT_TEXT, NULL}},              \
	        {"totals.used", {"licence.totals.used", SVC_FMT_TEXT, NULL}},                      \
	{                                                                                          \
		"totals.remaining",                                                                \
		{                                                                                  \
			"licence.totals.remaining", SVC_FMT_TEXT, NULL                             \
		}                                                                                  \
	}

/* the establishment's figures: every active licence, and its Omanisation */
#define ESTABLISHMENT_LINES                                                                        \
	{"totals.est_remaining", {"licences.totals.remaining", SVC_FMT_TEXT, NULL}},               \
	        {"omanisation.sector", {"licences.omanisation.sector", SVC_FMT_LANG, NULL}},       \
	        {"omanisation.percent",                                                            \
	         {"licences.omanisation.percent", SVC_FMT_PERCENT, NULL},                          \
	         "omanisation.none"},                                                              \
	{                                                                                          \
		"omanisation.required",                                                            \
		{                                                                                  \
			"licences.omanisation.required", SVC_FMT_PERCENT, NULL                     \
		}                                                                                  \
	}

static const struct svc_line total_lines[] = {TOTAL_LINES};
static const struct svc_line establishment_lines[] = {ESTABLISHMENT_LINES};

static const struct svc_arg est_body_args[] = {
        {"name", {"licences.establishment.name", SVC_FMT_LANG, NULL}},
};

static const struct svc_link done_link = {"button.done", NULL, NULL};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &query},
        {.id = "licences",
         .kind = SVC_STEP_LIST,
         .title = "licences.title",
         .body = {"licences.body", NULL, 0},
         .list = &licence_list},
        {.id = "quotas",
         .kind = SVC_STEP_LIST,
         .title = "quotas.title",
         .body = {"quotas.body", quota_body_args, SVC_N(quota_body_args)},
         .next_label = "button.totals",
         .list = &quota_list},
        {.id = "totals",
         .kind = SVC_STEP_INFO,
         .title = "totals.title",
         .body = {"quotas.body", quota_body_args, SVC_N(quota_body_args)},
         .lines = total_lines,
         .nlines = SVC_N(total_lines)},
        {.id = "establishment",
         .kind = SVC_STEP_INFO,
         .title = "totals.est_title",
         .body = {"totals.est_body", est_body_args, SVC_N(est_body_args)},
         .next_label = "button.print_statement",
         .lines = establishment_lines,
         .nlines = SVC_N(establishment_lines),
         .link = &done_link},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_line receipt_lines[] = {
        {"field.name", {"party.0.name", SVC_FMT_LANG, NULL}},
        {"field.establishment", {"establishment.name", SVC_FMT_LANG, NULL}},
        {"field.cr_number", {"establishment.cr_number", SVC_FMT_TEXT, NULL}},
        {"quotas.licence", {"licence.licence_no", SVC_FMT_TEXT, NULL}},
        {"quotas.licence_state", {"licence.state", SVC_FMT_ENUM, "licence.state"}},
        {"quotas.licence_expires", {"licence.expires", SVC_FMT_DATE, NULL}},
};

static const struct svc_line receipt_after[] = {TOTAL_LINES, ESTABLISHMENT_LINES};

static const struct svc_receipt receipt = {
        .title = "licences.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
        .rows = &quota_list,
        .after = receipt_after,
        .nafter = SVC_N(receipt_after),
};

/* the chosen licence and the establishment's figures, not every licence of the answer */
static const char *const commit_keys[] = {"licence", "licences.totals", "licences.omanisation",
                                          "licences.establishment", NULL};

const struct svc_def svc_establishment_licences = {
        .id = "establishment-licences",
        .title = "licences.service",
        .summary = "licences.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE | SVC_NEED_ESTABLISHMENT,
        .roles = SVC_ROLE_EMPLOYER,
        .order = 20,
        .offline_ok = false,
        .steps = steps,
        .nsteps = SVC_N(steps),
        .commit = commit_keys,
        .receipt = &receipt,
};
