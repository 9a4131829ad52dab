/*
 * store.h - the ministry simulator's SQLite storage: transactions with permanent dedupe on
 * (kiosk_id, idempotency_key); a small fictional seeded data set (the civil registry with card
 * serials, roles per person, establishments and their representatives, labour licences with
 * per-profession quotas, ISCO-08 professions, expatriate workers with their work permits (older
 * ones too) and states, contracts, absence reports, transfers, border movements, Omanisation,
 * who looked at whose record; the table in store.c and docs/demo-data.md say who is who); and
 * the reference data kiosks pull
 * (services, professions, fees, the Hijri date, the offline policy) with its version.
 *
 * Thread: one connection shared by the server's connection threads; every call takes the
 * store's mutex, so calls may come from any thread.
 */
#ifndef MINISTRY_SIM_STORE_H
#define MINISTRY_SIM_STORE_H

#include <jansson.h>
#include <stdint.h>

struct store;
struct sqlite3;
struct sqlite3_stmt;

/* Opens (creating and seeding when new) the database at path. 0 or KERR_DB (logged). */
int store_open(const char *path, struct store **out);
void store_close(struct store *st); /* NULL is a no-op */

/*
 * Applies a batch of items for kiosk_id in one SQLite transaction and returns, in *results, a
 * new JSON array with one {"seq","status","reference"|"reason"} object per item, in order.
 * An item already stored under (kiosk_id, idempotency_key) is a "duplicate" carrying the
 * original reference (or "rejected" when its type/payload differ). Items failing validation are
 * "rejected" and not stored. *dups is increased by the number of duplicates.
 * KERR_DB when the transaction could not commit: nothing was stored then.
 */
int store_apply(struct store *st, const char *kiosk_id, json_t *items, json_t **results, int *dups);

/*
 * Reference data for kiosks: *out is a new {"version": V, "entries": {key: value, ...}}, or
 * {"version": V, "unchanged": true} when have (may be NULL) is already V. 0 or KERR_DB.
 */
int store_refdata(struct store *st, const char *have, json_t **out);

/* Replaces one entry (value_json is JSON text) and sets the version (for tests). */
int store_refdata_set(struct store *st, const char *key, const char *value_json,
                      const char *version);

/* The connection for the query routes (route_*.c), under the store's lock: every
 * store_acquire() is followed by store_release() on the same thread, with nothing else between
 * that takes the lock. */
struct sqlite3 *store_acquire(struct store *st);
void store_release(struct store *st);
/* Column col of the row st stands on as text, "" for NULL (borrowed until the next step). */
const char *store_text(struct sqlite3_stmt *st, int col);

/* A row's JSON for store_one() and store_rows(): a new value, or NULL on a failure (a database
 * error in a nested query). */
typedef json_t *store_row_fn(struct sqlite3_stmt *row, void *ctx);

/* At most one row of sql, with ?1 = a and ?2 = b (when not NULL), between store_acquire() and
 * store_release(): make()'s JSON of the row, json null when there is none, NULL on a database
 * error (or when make() gives NULL). The caller owns the result. */
json_t *store_one(struct sqlite3 *db, const char *sql, const char *a, const char *b,
                  store_row_fn *make, void *ctx);

/* Steps the prepared and bound statement st to its end: a new array of make()'s JSON of each
 * row, or NULL on a database error (or when make() gives NULL). st is the caller's to reset or
 * finalize. */
json_t *store_rows(struct sqlite3_stmt *st, store_row_fn *make, void *ctx);

/* The simulator's own address ("https://127.0.0.1:PORT"), which effects put in the links they
 * answer (effect_renewal.c's pay_url). 0 or KERR_DB. */
int store_set_base_url(struct store *st, const char *url);

/* Number of stored transactions, or a negative KERR_* code. */
int64_t store_count(struct store *st);

#endif
