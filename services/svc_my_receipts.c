/*
 * svc_my_receipts.c - "My receipts": every receipt this person had from this kiosk in the
 * retention period (30 days by default), newest first, read from the kiosk's own outbox, so it
 * works offline and lists a transaction committed just before a power cut that the person
 * never saw printed. A copy is printed from the committed payload, like the first print,
 * marked COPY with the time of the copy; its QR still verifies. A receipt found by its
 * reference (a paper that was lost) must be the person's own and recent: another person's or an
 * older one is refused, and the refusal is audited like every copy.
 *
 *   ask (local) -> choose [or: type a reference -> find (local)] -> confirm -> copy -> done
 */
#include "answers.h"
#include "svc.h"

static const struct svc_query_arg args[] = {
        {"civil_number", "party.0.civil_number"},
};

static const struct svc_query list_query = {
        .path = "local:receipts",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_own_receipts,
        .save_as = "mine",
        .local = true,
};

static const struct svc_query_arg find_args[] = {
        {"civil_number", "party.0.civil_number"},
        {"reference", "form.reference"},
};

static const struct svc_query find_query = {
        .path = "local:receipt",
        .args = find_args,
        .nargs = SVC_N(find_args),
        .answer = &answer_own_receipt,
        .save_as = "copy_of",
        .local = true,
        .not_found = "copy.err.not_found",
        .denied = "copy.err.denied",
        .expired = "copy.err.expired",
};

static const struct svc_arg row_args[] = {
        {"created", {"created", SVC_FMT_DATETIME, NULL}},
        {"reference", {"reference", SVC_FMT_TEXT, NULL}},
        {"status", {"status", SVC_FMT_ENUM, "receipt.state"}},
};

static const struct svc_list mine = {
        .items = "mine.receipts",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .secondary = {"mine.row", row_args, SVC_N(row_args)},
        .save_as = "copy_of",
        .empty = "mine.empty",
};

static const struct svc_arg days_args[] = {
        {"days", {"mine.retention_days", SVC_FMT_TEXT, NULL}},
};

static const struct svc_field ref_field[] = {
        {"reference", "mine.find_label", "mine.find_hint", SVC_VAL_TEXT, 5, 48, false},
};

static const struct svc_line confirm_lines[] = {
        {"mine.which", {"copy_of.title", SVC_FMT_LANG, NULL}},
        {"mine.reference", {"copy_of.reference", SVC_FMT_TEXT, NULL}},
        {"mine.created", {"copy_of.created", SVC_FMT_DATETIME, NULL}},
        {"mine.status", {"copy_of.status", SVC_FMT_ENUM, "receipt.state"}},
};

static const struct svc_link find_link = {"mine.find", "find", NULL};
static const struct svc_link another_link = {"mine.another", "list", NULL};

static const struct svc_step steps[] = {
        {.id = "ask", .kind = SVC_STEP_QUERY, .query = &list_query},
        {.id = "list",
         .kind = SVC_STEP_LIST,
         .title = "mine.title",
         .body = {"mine.body", days_args, SVC_N(days_args)},
         .list = &mine,
         .link = &find_link},
        {.id = "confirm",
         .kind = SVC_STEP_INFO,
         .title = "mine.confirm_title",
         .body = {"mine.confirm_body", NULL, 0},
         .next_label = "mine.print_copy",
         .lines = confirm_lines,
         .nlines = SVC_N(confirm_lines)},
        {.id = "copy", .kind = SVC_STEP_REPRINT},
        {.id = "done",
         .kind = SVC_STEP_INFO,
         .title = "mine.done_title",
         .body = {"mine.done_body", NULL, 0},
         .next_label = "button.done",
         .lines = confirm_lines,
         .nlines = SVC_N(confirm_lines),
         .link = &another_link},
        {.id = "find",
         .kind = SVC_STEP_FORM,
         .fields = ref_field,
         .nfields = SVC_N(ref_field),
         .aside = true},
        {.id = "find-ask",
         .kind = SVC_STEP_QUERY,
         .query = &find_query,
         .aside = true,
         .then = "confirm"},
};

const struct svc_def svc_my_receipts = {
        .id = "my-receipts",
        .title = "mine.service",
        .summary = "mine.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_PRINTER,
        .roles = SVC_ROLE_ANY,
        .order = 80,
        .offline_ok = true,
        .steps = steps,
        .nsteps = SVC_N(steps),
};
