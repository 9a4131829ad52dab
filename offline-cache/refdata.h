/*
 * refdata.h - reference data from the ministry backend, kept in the outbox database: services,
 * professions, fees, strings, the Hijri date, the offline policy. Each entry is a key with a JSON
 * or text value and the backend's version (ETag) of it. The sync worker stores what it pulls;
 * the rest of the kiosk reads. Same thread rule as queue.h: a struct queue is one connection.
 */
#ifndef KIOSK_REFDATA_H
#define KIOSK_REFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct queue;

#define REFDATA_VALUE_MAX (64 * 1024)

/* Stores (replaces) key's value and version. */
int refdata_put(struct queue *q, const char *key, const char *value, const char *version,
                int64_t now_ms);

/*
 * Copies key's value into out (size bytes, always terminated) and, when version is not NULL,
 * its version (vsize bytes). KERR_NOTFOUND when absent, KERR_TOOBIG when out is too small
 * (nothing is copied then).
 */
int refdata_get(struct queue *q, const char *key, char *out, size_t size, char *version,
                size_t vsize, int64_t *updated_ms);

/*
 * The offline policy (refdata key "offline_policy", from the backend: {"types": [...],
 * "max_age_h": N, "max_queue": N}): may a transaction of this type be taken while the backend is
 * unreachable? 0 = yes; KERR_OFFLINE = no, with why (when not NULL) saying which rule: the type
 * is not allowed offline, the queue holds max_queue or more, or the oldest waiting transaction
 * is older than max_age_h (the kiosk has been cut off too long). Whether the type is allowed:
 * the policy's "types" list when it has one, else dflt (the service's own default, services/
 * svc.h offline_ok). Without stored limits the defaults below apply. KERR_* for a database error.
 */
#define REFDATA_OFFLINE_MAX_QUEUE 1000
#define REFDATA_OFFLINE_MAX_AGE_H 168
int refdata_offline_allowed(struct queue *q, const char *type, bool dflt, int64_t now_ms, char *why,
                            size_t wsize);

#endif
