/*
 * effect.h - what a transaction changes in the record: one struct effect per transaction type
 * that changes it (effect_<type>.c), found by effect_find(). store.c calls them inside the
 * batch's one SQLite transaction, after the dedupe: problem() first (NULL, or the reason the
 * ministry refuses the item: then nothing is stored), then, with the transaction row written,
 * apply(). A type without an effect is stored and changes nothing.
 *
 *   effect_objection.c  "absence-objection"       the worker's objection to an absence report
 *   effect_renewal.c    "permit-renewal"          a work permit renewed for two years
 *   effect_transfer.c   "service-transfer"        a worker moved to a new employer (or declined)
 *   effect_jobseeker.c  "jobseeker-registration"  a citizen registered as a job seeker
 *
 * Thread: the store's lock is held (store.c) for every call.
 */
#ifndef MINISTRY_SIM_EFFECT_H
#define MINISTRY_SIM_EFFECT_H

#include <jansson.h>
#include <sqlite3.h>

struct effect {
	const char *type;
	/* NULL when the item can apply, else the reason it is refused (a static English string).
	 * kiosk_id is the sending kiosk (the client certificate's CN). */
	const char *(*problem)(sqlite3 *db, json_t *payload, const char *kiosk_id);
	/* Applies the item stored under reference ref (now: ISO 8601 UTC). May add members to
	 * the item's result object ("pay_url", "registration_no"). 0, or KERR_DB (the batch
	 * rolls back). */
	int (*apply)(sqlite3 *db, json_t *payload, const char *ref, const char *now,
	             json_t *result);
};

extern const struct effect effect_objection, effect_renewal, effect_transfer, effect_jobseeker;

/* The effect of a transaction type, NULL when it has none. */
const struct effect *effect_find(const char *type);

/* payload.party[i].civil_number, NULL when absent (borrowed from payload). */
const char *effect_party_civil(json_t *payload, size_t i);

/* The text of payload's member at a dotted path ("worker.fee.version"), NULL when absent or
 * not a string (borrowed from payload). */
const char *effect_str(json_t *payload, const char *path);
/* The JSON at a dotted path, NULL when absent (borrowed). */
json_t *effect_get(json_t *payload, const char *path);

/* Runs sql with ?1..?n bound to the n strings args (NULL binds SQL NULL) until done. 0, or
 * KERR_DB (logged). */
int effect_exec(sqlite3 *db, const char *sql, int n, const char *const args[]);

#endif
