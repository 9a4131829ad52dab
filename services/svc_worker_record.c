/*
 * svc_worker_record.c - "My labour record": an expatriate worker sees what the ministry holds
 * about them, read live from the backend (POST /v2/workers/record): the work permit (number,
 * status, employer, profession, dates), the latest arrival and departure recorded at the
 * border, the renewal and any transfer in progress, the contract, an absence report with the
 * days left to object, and older permits behind "history". They may print a signed statement
 * of it (committed like any transaction, so "my receipts" can print it again).
 *
 *   ask -> permit [history] -> movements -> contract? -> absence? -> statement
 *       -> commit -> print -> result
 */
#include "record.h"
#include "svc.h"

static const struct svc_line permit_lines[] = {PERMIT_LINES};

static const struct svc_line movement_lines[] = {MOVEMENT_LINES};
static const struct svc_line contract_lines[] = {CONTRACT_LINES};

static const struct svc_line absence_lines[] = {ABSENCE_LINES};

static const struct svc_link history_link = {"record.history", "history", "record.history"};
static const struct svc_link done_link = {"button.done", NULL, NULL};

static const struct svc_arg history_args[] = {
        {"status", {"status", SVC_FMT_ENUM, "permit.status"}},
        {"employer", {"employer.name", SVC_FMT_LANG, NULL}},
        {"issued", {"issued", SVC_FMT_DATE, NULL}},
        {"expires", {"expires", SVC_FMT_DATE, NULL}},
};

static const struct svc_list history_list = {
        .items = "record.history",
        .primary = {"number", SVC_FMT_TEXT, NULL},
        .secondary = {"record.history_row", history_args, SVC_N(history_args)},
        .empty = "record.history_empty",
};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &record_query},
        {.id = "permit",
         .kind = SVC_STEP_INFO,
         .title = "record.title",
         .body = {"record.body", NULL, 0},
         .lines = permit_lines,
         .nlines = SVC_N(permit_lines),
         .link = &history_link},
        {.id = "movements",
         .kind = SVC_STEP_INFO,
         .title = "record.movements_title",
         .body = {"record.movements_body", NULL, 0},
         .lines = movement_lines,
         .nlines = SVC_N(movement_lines)},
        {.id = "contract",
         .kind = SVC_STEP_INFO,
         .title = "record.contract_title",
         .lines = contract_lines,
         .nlines = SVC_N(contract_lines),
         .when = "record.contract"},
        {.id = "absence",
         .kind = SVC_STEP_INFO,
         .title = "record.absence_title",
         .body = {"record.absence_body", NULL, 0},
         .lines = absence_lines,
         .nlines = SVC_N(absence_lines),
         .when = "record.absence"},
        {.id = "statement",
         .kind = SVC_STEP_INFO,
         .title = "record.statement_title",
         .body = {"record.statement_body", NULL, 0},
         .next_label = "button.print_statement",
         .link = &done_link},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
        {.id = "history",
         .kind = SVC_STEP_LIST,
         .title = "record.history_title",
         .body = {"record.history_body", NULL, 0},
         .next_label = "button.back_to_record",
         .list = &history_list,
         .aside = true},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES, PERMIT_LINES, MOVEMENT_LINES, CONTRACT_LINES, ABSENCE_LINES,
};

static const struct svc_receipt receipt = {
        .title = "record.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
};

static const char *const commit_keys[] = {"record", NULL};

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
        .commit = commit_keys,
        .receipt = &receipt,
};
