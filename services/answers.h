/*
 * answers.h - the closed schemas (services/schema.h) of the answers to the services' queries,
 * as const data: one per backend route, named after it. docs/backend-api.md describes each
 * answer; tools/ministry-sim/route_*.c serves it; tests/fuzz/fuzz_answers.c runs every schema of
 * answer_schemas[] on each input. A route that answers more (issue 11) gets a new schema here,
 * and a new member of an answer only comes with a new path version (/v2): schemas are closed.
 *
 * The sign-in answer's schema is app/engine/signin.c's (signin_schema); the establishment item
 * below is shared with it.
 */
#ifndef KIOSK_ANSWERS_H
#define KIOSK_ANSWERS_H

#include "schema.h"

/* POST /v1/workers/record -> 200: {"permit": {number, status, issued, expires,
 * profession {isco, title_ar, title_en}, employer {cr_number, name_ar, name_en}}} */
extern const struct schema answer_worker_record;

/* POST /v1/establishments/licences -> 200: {"establishment": {cr_number, name_ar, name_en},
 * "licences": [{licence_no, state, issued, expires, quotas: [{isco, title_ar, title_en,
 * authorised, used}]}]} (0..ANSWER_LICENCES_MAX licences, 0..ANSWER_QUOTAS_MAX quotas each) */
extern const struct schema answer_establishment_licences;

/* POST /v2/workers/record -> 200: {"permit": (v1's), "renewal": not_due|due|submitted|renewed|
 * overdue, "arrival" and "departure": {date, port_ar, port_en} or null, "contract": {start,
 * end, wage_baisa} or null, "absence": {reported, objection_deadline, state: open|passed} or
 * null, "transfer": {state: requested|approved, requested, to {cr_number, name_ar, name_en}}
 * or null, "history": [permit, ...] (0..ANSWER_HISTORY_MAX, newest first)}. "expiring" means
 * within ANSWER_PERMIT_SOON_V2 days here. */
extern const struct schema answer_worker_record_v2;

/* POST /v2/establishments/licences -> 200: {"establishment", "omanisation": {sector_ar,
 * sector_en, percent, required (0..100)} or null, "totals": COUNTS, "licences": [{licence_no,
 * state, issued, expires, "totals": COUNTS, "quotas": [{isco, title_ar, title_en, COUNTS...,
 * state: open|full|over}]}]}; COUNTS = {authorised, registered, approved, used, remaining},
 * integers >= 0; v1's caps on licences and quotas. */
extern const struct schema answer_establishment_licences_v2;

/* POST /v1/persons/access-log -> 200: {"total" >= 0, "page" >= 0, "per_page" 1..50, "entries":
 * [{at (SCHEMA_DATETIME), who: employer|sanad|ministry|agency|police, by_ar, by_en, action:
 * viewed|changed, what: permit|contract|record|absence|movements}] (0..ANSWER_ENTRIES_MAX)} */
extern const struct schema answer_access_log;

/* POST /v1/establishments/renewals {cr_number, within_days} -> 200: {cr_number, within_days
 * (1..366), today, "workers": [{permit_no, civil_number (8 digits), name_ar, name_en,
 * profession {isco, title_ar, title_en}, fee_category (a code: the fee table's key), expires,
 * renewal: due|overdue|submitted}] (0..ANSWER_RENEWALS_MAX, by expiry)}: the establishment's
 * workers whose permits expire within the days asked, and those already expired. */
extern const struct schema answer_renewals;

/* POST /v1/transfers/eligibility {civil_number, cr_number} -> 200: {"worker": {civil_number,
 * name_ar, name_en, permit_no, profession, employer}, "to": an establishment, "eligible",
 * "request": {worker, permit_no, from, to, profession} (what the worker consents to: its hash
 * is bound to the consent), "rules": [{id (a code: rules the kiosk does not know pass the
 * schema and are shown as such), passed, fix_by: worker|current_employer|new_employer|
 * ministry, detail: {optional values of the rule}}] (1..ANSWER_RULES_MAX)} */
extern const struct schema answer_transfer_eligibility;

/* {cr_number (digits 1..16), name_ar, name_en (1..160 characters)}: an establishment as every
 * answer names it. */
extern const struct schema answer_establishment;

/* The kiosk's own answers from its outbox (app/ports.c): local:receipts -> {"receipts":
 * [{seq, reference, type, title_ar, title_en, created, status}] (0..50, newest first), "more",
 * "retention_days"}; local:receipt -> one such item. */
extern const struct schema answer_own_receipts;
extern const struct schema answer_own_receipt;

#define ANSWER_LICENCES_MAX   200
#define ANSWER_QUOTAS_MAX     200
#define ANSWER_PERMIT_SOON    60  /* days: a permit expiring within this is "expiring" */
#define ANSWER_PERMIT_SOON_V2 90  /* days: the same in /v2/workers/record */
#define ANSWER_HISTORY_MAX    20  /* older permits in a v2 record */
#define ANSWER_ENTRIES_MAX    50  /* access log entries in a page (and per_page's maximum) */
#define ANSWER_RENEWALS_MAX   200 /* workers in one renewals answer */
#define ANSWER_RULES_MAX      20  /* rules in an eligibility answer */

/* Every schema above but answer_establishment, NULL-terminated, with its name ("worker_record")
 * at the same index of answer_schema_names[] (NULL-terminated too). */
extern const struct schema *const answer_schemas[];
extern const char *const answer_schema_names[];

#endif
