/*
 * svc_access_log.c - "Who looked at my record": the backend's log of who viewed or changed
 * this person's record (an employer, a Sanad centre, a ministry office, an agency, the police),
 * newest first. The log may be long (thousands of entries): the kiosk asks for one page at a
 * time (POST /v1/persons/access-log with page and per_page) and holds only that page. The
 * printed copy lists the newest entries (the paper says how many there are in all).
 *
 *   ask (page 1) -> the entries, paged by asking again -> ask-print (the newest PRINT_ROWS)
 *       -> commit -> print -> result
 */
#include "answers.h"
#include "svc.h"

#define PAGE_ROWS  4  /* one screen: the list's page (an entry takes up to four lines) */
#define PRINT_ROWS 25 /* the newest entries on paper */

static const struct svc_query_arg args[] = {
        {"civil_number", "party.0.civil_number"},
};

static const struct svc_query page_query = {
        .path = "/v1/persons/access-log",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_access_log,
        .save_as = "access",
        .not_found = "access.not_found",
        .page_size = PAGE_ROWS,
};

static const struct svc_query print_query = {
        .path = "/v1/persons/access-log",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_access_log,
        .save_as = "access_print",
        .not_found = "access.not_found",
        .page_size = PRINT_ROWS,
};

static const struct svc_arg entry_args[] = {
        {"at", {"at", SVC_FMT_DATETIME, NULL}},
        {"who", {"who", SVC_FMT_ENUM, "access.who"}},
        {"action", {"action", SVC_FMT_ENUM, "access.action"}},
        {"what", {"what", SVC_FMT_ENUM, "access.what"}},
};

static const struct svc_list entries = {
        .items = "access.entries",
        .primary = {"by", SVC_FMT_LANG, NULL},
        .secondary = {"access.row", entry_args, SVC_N(entry_args)},
        .empty = "access.empty",
        .total = "access.total",
        .page_rows = PAGE_ROWS,
};

static const struct svc_list print_entries = {
        .items = "access_print.entries",
        .primary = {"by", SVC_FMT_LANG, NULL},
        .secondary = {"access.row", entry_args, SVC_N(entry_args)},
};

static const struct svc_arg total_args[] = {
        {"n", {"access.total", SVC_FMT_COUNT, "access.count"}},
};

static const struct svc_link done_link = {"button.done", NULL, NULL};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &page_query},
        {.id = "entries",
         .kind = SVC_STEP_LIST,
         .title = "access.title",
         .body = {"access.body", total_args, SVC_N(total_args)},
         .next_label = "button.print_list",
         .list = &entries,
         .link = &done_link},
        {.id = "ask-print", .kind = SVC_STEP_QUERY, .query = &print_query},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
        {"access.printed_count", {"access_print.total", SVC_FMT_COUNT, "access.count"}},
};

static const struct svc_receipt receipt = {
        .title = "access.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
        .rows = &print_entries,
};

static const char *const commit_keys[] = {"access_print", NULL};

const struct svc_def svc_access_log = {
        .id = "access-log",
        .title = "access.service",
        .summary = "access.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_ONLINE,
        .roles = SVC_ROLE_ANY,
        .order = 60,
        .offline_ok = false,
        .steps = steps,
        .nsteps = SVC_N(steps),
        .commit = commit_keys,
        .receipt = &receipt,
};
