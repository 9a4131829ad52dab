/*
 * audit.h - the append-only audit log in the outbox database: what the kiosk did with each
 * transaction (enqueued, acknowledged, rejected) and any event a caller adds, each entry
 * hash-chained to the one before (SHA-256 over the previous hash and the entry), so an edit, an
 * insertion or a deletion inside the log is found by audit_verify(). The database also refuses
 * UPDATE and DELETE on the table (triggers). Entries carry no personal data: sequence numbers,
 * types, keys, states. Same thread rule as queue.h: a struct queue is one connection.
 */
#ifndef KIOSK_AUDIT_H
#define KIOSK_AUDIT_H

#include <stdint.h>

struct queue;

#define AUDIT_HASH_LEN 64 /* hex SHA-256 */

/* Appends one entry in its own transaction (or in the caller's, inside queue_begin()). */
int audit_append(struct queue *q, int64_t now_ms, const char *event, const char *detail);

/*
 * Walks the whole log and recomputes the chain. 0 when intact; KERR_CORRUPT (logged) when an
 * entry's hash or link does not match, with *bad_id (when not NULL) the first entry at fault;
 * another KERR_* when the log could not be read. *count (when not NULL) gets the entries seen
 * and last_hash (AUDIT_HASH_LEN + 1 bytes, when not NULL) the head of the chain: sent to the
 * backend, it anchors the log so that cutting its tail is found too.
 */
int audit_verify(struct queue *q, int64_t *bad_id, int64_t *count, char *last_hash);

#endif
