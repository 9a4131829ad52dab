/*
 * transfer.h - the transfer of services rules the eligibility route
 * (route_transfer_eligibility.c) and the "service-transfer" effect (effect_transfer.c) share.
 *
 * The answer for a worker (civil number) and a new employer (CR number):
 *   {"worker": {civil_number, name_ar, name_en, permit_no, profession {isco, title_ar,
 *               title_en}, employer {cr_number, name_ar, name_en}},
 *    "to": {cr_number, name_ar, name_en}, "eligible": all rules passed,
 *    "request": {worker, permit_no, from, to, profession},
 *    "rules": [{id, passed, fix_by, detail {...}}]}
 * the rules, in this order (fix_by says who can make a failed rule pass):
 *   contract_or_noc    the contract has ended, or the current employer's no-objection
 *                      (to the new employer or to any) is on record     current_employer
 *   no_open_absence    no absence report on the permit                  worker (deadline
 *                                                                       open), else ministry
 *   quota              the new employer's active licence has remaining > 0 for the
 *                      worker's ISCO (authorised - used - approved - registered)  new_employer
 *   licence_valid      the new employer has an active licence not expired     new_employer
 *   permit_valid       the current permit is not cancelled nor expired  current_employer
 *                                                                       (expired), ministry
 *   not_same_employer  the new employer is not the current one          new_employer
 * The worker's permit is the record's current one (SIM_PERMIT_CURRENT's order).
 * Every call is between store_acquire() and store_release() (or inside store_apply()).
 */
#ifndef MINISTRY_SIM_TRANSFER_H
#define MINISTRY_SIM_TRANSFER_H

#include <jansson.h>
#include <sqlite3.h>

/* The answer (a new object); json null when the worker has no permit or the new employer is
 * unknown; NULL on a database error. */
json_t *transfer_eligibility(sqlite3 *db, const char *civil, const char *to_cr);

/* Lowercase hex SHA-256 of the compact JSON, keys sorted, of request into out (65 bytes).
 * 0, or KERR_INVAL when it cannot be encoded. */
int transfer_request_hash(json_t *request, char out[65]);

#endif
