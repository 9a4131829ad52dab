/*
 * svc_worker_record.c - "My work permit": an expatriate worker sees the work permit the
 * ministry holds for them (number, status, employer, profession, dates), read live from the
 * backend. Nothing is committed. The full labour record (border movements, contract, absence
 * reports, history, a printed statement) grows from this one.
 *
 *   ask the backend (POST /v1/workers/record) -> the permit
 */
#include "answers.h"
#include "svc.h"

static const struct svc_query_arg args[] = {
        {"civil_number", "party.0.civil_number"},
};

static const struct svc_query query = {
        .path = "/v1/workers/record",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_worker_record,
        .save_as = "record",
        .not_found = "record.not_found",
};

static const struct svc_line lines[] = {
        {"record.permit_no", {"record.permit.number", SVC_FMT_TEXT, NULL}},
        {"record.status", {"record.permit.status", SVC_FMT_ENUM, "permit.status"}},
        {"record.employer", {"record.permit.employer.name", SVC_FMT_LANG, NULL}},
        {"record.employer_cr", {"record.permit.employer.cr_number", SVC_FMT_TEXT, NULL}},
        {"record.profession", {"record.permit.profession.title", SVC_FMT_LANG, NULL}},
        {"record.isco", {"record.permit.profession.isco", SVC_FMT_TEXT, NULL}},
        {"record.issued", {"record.permit.issued", SVC_FMT_DATE, NULL}},
        {"record.expires", {"record.permit.expires", SVC_FMT_DATE, NULL}},
};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &query},
        {.id = "permit",
         .kind = SVC_STEP_INFO,
         .title = "record.title",
         .body = {"record.body", NULL, 0},
         .next_label = "button.done",
         .lines = lines,
         .nlines = SVC_N(lines)},
};

const struct svc_def svc_worker_record = {
        .id = "worker-record",
        .title = "record.service",
        .summary = "record.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE,
        .roles = SVC_ROLE_WORKER,
        .order = 10,
        .offline_ok = false,
        .steps = steps,
        .nsteps = SVC_N(steps),
};
