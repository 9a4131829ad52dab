/*
 * svc_visit_receipt.c - the visit receipt: a signed, printed record that this person came to
 * the kiosk (for an employer, a Sanad centre or an embassy that asks for proof of a visit).
 * Everybody with a card may have one; it is taken offline too (the outbox sends it later), so
 * the receipt says SUBMITTED or QUEUED - NOT YET SENT, whichever is true when it prints.
 *
 *   welcome (the name on the card) -> commit -> print -> result
 */
#include "svc.h"

static const struct svc_line welcome_lines[] = {
        SVC_PARTY_LINES,
};

static const struct svc_step steps[] = {
        {.id = "welcome",
         .kind = SVC_STEP_INFO,
         .title = "welcome.title",
         .body = {"welcome.print_hint", NULL, 0},
         .next_label = "welcome.print",
         .lines = welcome_lines,
         .nlines = SVC_N(welcome_lines)},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_fee fees[] = {
        {"receipt.item.service_fee", "visit-receipt", NULL},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
};

static const struct svc_receipt receipt = {
        .title = "receipt.title.visit",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
};

const struct svc_def svc_visit_receipt = {
        .id = "visit-receipt",
        .title = "visit.title",
        .summary = "visit.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_PRINTER,
        .roles = SVC_ROLE_ANY,
        .order = 90,
        .offline_ok = true,
        .steps = steps,
        .nsteps = SVC_N(steps),
        .fees = fees,
        .nfees = SVC_N(fees),
        .receipt = &receipt,
};
