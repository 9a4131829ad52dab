/*
 * renewal.h - the permit renewal rules the renewals route (route_renewals.c) and the
 * "permit-renewal" effect (effect_renewal.c) share: which permits of an establishment are
 * listed, in which renewal state, and the fee from the reference data "renewal_fees".
 *
 * A permit is listed when it is the current one of a worker of the establishment (not an
 * older 'ended' one, not cancelled: departed, absconded) and expires within the window from
 * the Oman today, or expired at most RENEWAL_OVERDUE_MAX ago. Its renewal: "submitted" when a
 * renewal is on record (the renewals table, a renewal applied for elsewhere, or already
 * renewed), else "overdue" past its expiry, else "due".
 *
 * Every call is between store_acquire() and store_release() (or inside store_apply()).
 */
#ifndef MINISTRY_SIM_RENEWAL_H
#define MINISTRY_SIM_RENEWAL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#define RENEWAL_WINDOW_MAX  90        /* days: the longest window, what the effect accepts */
#define RENEWAL_OVERDUE_MAX "-1 year" /* an SQLite date modifier */

/* The listed permits of establishment cr expiring within within_days, by expiry: a new array
 * of {permit_no, civil_number, name_ar, name_en, profession {isco, title_en, title_ar},
 * fee_category, expires, renewal}, or NULL on a database error. */
json_t *renewal_list(sqlite3 *db, const char *cr, int within_days);

/* Permit permit_no of establishment cr as the list shows it (a new object), with *listed
 * whether it is in the RENEWAL_WINDOW_MAX window; json null when the establishment has no
 * such current permit; NULL on a database error. */
json_t *renewal_find(sqlite3 *db, const char *cr, const char *permit_no, bool *listed);

/* The fee of renewing a permit of fee category cat expiring on expires (YYYY-MM-DD) on the
 * Oman today, from the refdata "renewal_fees": a new {category, renewal_baisa, fine_baisa,
 * months_late, version, total_baisa}. The fine: months late = ceil(days past expiry / 30),
 * times fine_per_month_baisa, at most fine_cap_baisa; 0 before expiry. NULL when the table
 * is missing, has no such category, or on a database error. */
json_t *renewal_fee(sqlite3 *db, const char *cat, const char *expires);

#endif
