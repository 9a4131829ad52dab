/*
 * svc_establishment_licences.c - "Labour licences and quotas": an employer's representative
 * sees the labour licences of the establishment they chose and, for one licence, how many
 * workers of each profession it allows and how many places are used and left. Read live from
 * the backend; nothing is committed.
 *
 *   ask the backend (POST /v1/establishments/licences) -> choose a licence -> its quotas
 */
#include "answers.h"
#include "svc.h"

static const struct svc_query_arg args[] = {
        {"cr_number", "establishment.cr_number"},
        {"civil_number", "party.0.civil_number"},
};

static const struct svc_query query = {
        .path = "/v1/establishments/licences",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_establishment_licences,
        .save_as = "licences",
        .not_found = "licences.not_found",
};

static const struct svc_arg licence_args[] = {
        {"state", {"state", SVC_FMT_ENUM, "licence.state"}},
        {"expires", {"expires", SVC_FMT_DATE, NULL}},
};

static const struct svc_list licence_list = {
        .items = "licences.licences",
        .primary = {"licence_no", SVC_FMT_TEXT, NULL},
        .secondary = {"licences.row", licence_args, SVC_N(licence_args)},
        .save_as = "licence",
        .empty = "licences.empty",
};

static const struct svc_arg quota_args[] = {
        {"authorised", {"authorised", SVC_FMT_TEXT, NULL}},
        {"used", {"used", SVC_FMT_TEXT, NULL}},
        {"remaining", {"remaining", SVC_FMT_TEXT, NULL}},
        {"isco", {"isco", SVC_FMT_TEXT, NULL}},
};

static const struct svc_list quota_list = {
        .items = "licence.quotas",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .secondary = {"quotas.row", quota_args, SVC_N(quota_args)},
        .empty = "quotas.empty",
};

static const struct svc_arg quota_body_args[] = {
        {"licence", {"licence.licence_no", SVC_FMT_TEXT, NULL}},
        {"expires", {"licence.expires", SVC_FMT_DATE, NULL}},
};

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
         .next_label = "button.done",
         .list = &quota_list},
};

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
};
