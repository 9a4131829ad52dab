/*
 * store.h - the ministry simulator's SQLite storage: transactions with permanent dedupe on
 * (kiosk_id, idempotency_key), and a tiny seeded reference table of people and establishments.
 *
 * Thread: one connection shared by the server's connection threads; every call takes the
 * store's mutex, so calls may come from any thread.
 */
#ifndef MINISTRY_SIM_STORE_H
#define MINISTRY_SIM_STORE_H

#include <jansson.h>
#include <stdint.h>

struct store;

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

/* Number of stored transactions, or a negative KERR_* code. */
int64_t store_count(struct store *st);

#endif
