/*
 * queue.h - the durable outbox of transactions (SQLite; the only module that includes sqlite3.h).
 *
 * A transaction is committed here, with its idempotency key and the kiosk's next gapless
 * sequence number, before anything is shown or printed to the person. The sync worker then
 * delivers it and records the server's answer. WAL mode with synchronous=FULL, checked at open.
 *
 * Thread: a struct queue is one SQLite connection, used by one thread. The main thread and the
 * sync worker each open their own on the same file (WAL lets them work side by side).
 */
#ifndef KIOSK_QUEUE_H
#define KIOSK_QUEUE_H

#include <stdint.h>

struct queue;

enum queue_state {
	QUEUE_PENDING = 0, /* waiting to be sent (or retried at next_attempt_ms) */
	QUEUE_ACKED = 1,   /* the server accepted it (or said it already had it) */
	QUEUE_REJECTED = 2 /* the server refused it for a reason: parked for the technician */
};

#define QUEUE_KEY_LEN     36 /* UUID v4 text */
#define QUEUE_PAYLOAD_MAX (256 * 1024)

struct queue_item {
	int64_t seq;                 /* per-kiosk, gapless, from 1 */
	char key[QUEUE_KEY_LEN + 1]; /* idempotency key, made once at enqueue */
	char kiosk_id[64];
	char type[32];
	char *payload; /* JSON text; owned by the item: queue_item_clear() */
	int64_t created_ms;
	int attempts;
	int64_t next_attempt_ms;
	enum queue_state state;
	char server_ref[64];
	char last_error[128];
};

/*
 * Opens (creating if needed) the database at path, migrates the schema, sets WAL +
 * synchronous=FULL and checks both took effect. KERR_DB with the reason logged when the file
 * cannot be opened or written (missing folder, read-only, full disk), KERR_CORRUPT when the
 * integrity check fails. Caller owns *out: queue_close().
 */
int queue_open(const char *path, struct queue **out);
void queue_close(struct queue *q); /* NULL is a no-op */

/*
 * Commits a new pending item (payload is copied; up to QUEUE_PAYLOAD_MAX bytes). On success
 * *out (when not NULL) holds the stored row, payload included. Once this returns 0 the item is
 * on disk and survives power loss.
 */
int queue_enqueue(struct queue *q, const char *kiosk_id, const char *type, const char *payload,
                  int64_t now_ms, struct queue_item *out);

/* Up to max pending items due at now_ms, oldest first. *n is set to the count filled. */
int queue_due(struct queue *q, int64_t now_ms, struct queue_item *items, int max, int *n);

/* Fetches one item by sequence number. KERR_NOTFOUND when there is none. */
int queue_get(struct queue *q, int64_t seq, struct queue_item *out);

int queue_mark_acked(struct queue *q, int64_t seq, const char *server_ref);
int queue_mark_retry(struct queue *q, int64_t seq, int64_t next_attempt_ms, const char *error);
int queue_mark_rejected(struct queue *q, int64_t seq, const char *reason);

struct queue_counts {
	int64_t pending, acked, rejected;
	int64_t last_seq;
};
int queue_counts(struct queue *q, struct queue_counts *out);

/* Frees what an item owns and zeroes it. */
void queue_item_clear(struct queue_item *it);

#endif
