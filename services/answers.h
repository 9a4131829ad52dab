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

/* {cr_number (digits 1..16), name_ar, name_en (1..160 characters)}: an establishment as every
 * answer names it. */
extern const struct schema answer_establishment;

/* POST /v2/workers/record -> 200: the labour record: {"permit", "renewal", "arrival" | null,
 * "departure" | null, "contract" | null, "absence" | null, "transfer" | null, "history":
 * [older permits]} (docs/backend-api.md) */
extern const struct schema answer_worker_record_v2;

/* POST /v2/establishments/licences -> 200: {"establishment", "omanisation" | null, "totals",
 * "licences": [{licence_no, state, issued, expires, totals, quotas: [{isco, title_ar,
 * title_en, authorised, registered, approved, used, remaining, state}]}]} */
extern const struct schema answer_establishment_licences_v2;

/* POST /v1/persons/access-log -> 200: one page {"total", "page", "per_page", "entries":
 * [{at, who, by_ar, by_en, action, what}]} */
extern const struct schema answer_access_log;

/* The kiosk's own answers from its outbox (app/ports.c): local:receipts -> {"receipts":
 * [{seq, reference, type, title_ar, title_en, created, status}], "more", "retention_days"};
 * local:receipt -> one such item. */
extern const struct schema answer_own_receipts;
extern const struct schema answer_own_receipt;

#define ANSWER_HISTORY_MAX  20
#define ANSWER_ENTRIES_MAX  50
#define ANSWER_LICENCES_MAX 200
#define ANSWER_QUOTAS_MAX   200
#define ANSWER_PERMIT_SOON  60 /* days: a permit expiring within this is "expiring" */

/* Every schema above but answer_establishment, NULL-terminated, with its name ("worker_record")
 * at the same index of answer_schema_names[] (NULL-terminated too). */
extern const struct schema *const answer_schemas[];
extern const char *const answer_schema_names[];

#endif
