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

#include <stdbool.h>
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
	int64_t acked_ms; /* when it was marked acked (SQLite's clock), 0 before */
	bool purged;      /* its payload was purged after the retention period (payload "") */
};

/*
 * Opens (creating if needed) the database at path, migrates the schema, sets WAL +
 * synchronous=FULL and checks both took effect. KERR_DB with the reason logged when the file
 * cannot be opened or written (missing folder, read-only, full disk), KERR_CORRUPT when the
 * integrity check fails: the file (with its -wal) is then quarantined, moved aside to
 * "<path>.corrupt-N" with a "<path>.quarantined" marker naming it, and the technician alerted in
 * the log; every later open says KERR_CORRUPT until the marker is removed (the app shows
 * UI_MSG_OUT_OF_SERVICE). Caller owns *out: queue_close().
 *
 * After an operation fails with an I/O error or corruption, the next operation on the same
 * struct queue first closes the connection, reopens it and checks it (quarantining a corrupt
 * file); it returns that reopen's error when it fails.
 */
int queue_open(const char *path, struct queue **out);
void queue_close(struct queue *q); /* NULL is a no-op */

/*
 * Personal data at rest. With a key set, queue_enqueue() stores the payload sealed with
 * AES-256-GCM (random nonce, the idempotency key as additional data) and every read gives it
 * back in plain; an item that does not open (tampered, wrong key) reads with payload NULL (the
 * sync worker parks it). Without a key, sealed items cannot be read: queue_due() says
 * KERR_CONFIG. queue_key_load() reads 32 raw bytes or 64 hex digits from a file and refuses one
 * that group or others may read, or that neither root nor this user owns (KERR_CONFIG, logged).
 * queue_open_cfg() is queue_open() on [cache] database plus [cache] key_file and
 * retention_days: what the kiosk's main thread and sync worker use.
 */
#define QUEUE_KEY_BYTES 32
struct kiosk_config;
int queue_key_load(const char *file, unsigned char key[QUEUE_KEY_BYTES]);
void queue_set_key(struct queue *q, const unsigned char key[QUEUE_KEY_BYTES]); /* NULL: none */
void queue_set_retention(struct queue *q, int64_t retention_ms);
int queue_open_cfg(const struct kiosk_config *cfg, struct queue **out);

/*
 * Empties the payload of every acked item acknowledged longer ago than the retention period
 * (by SQLite's clock; what the backend has is the record) and marks it purged. *n (when not
 * NULL) gets the number purged. One commit.
 */
int queue_purge(struct queue *q, int *n);

/* True while the database at path is quarantined as corrupt (see queue_open()). */
bool queue_quarantined(const char *path);

/*
 * Commits a new pending item (payload is copied; up to QUEUE_PAYLOAD_MAX bytes). Returns 0
 * exactly when the item is on disk and survives power loss, and never an error after that: on
 * success *out (when not NULL) holds the row as written (payload included; not read back, so
 * no later failure can make a durable commit look failed). An error means nothing was stored.
 */
int queue_enqueue(struct queue *q, const char *kiosk_id, const char *type, const char *payload,
                  int64_t now_ms, struct queue_item *out);

/*
 * Whose transaction it is. queue_enqueue_owned() is queue_enqueue() that also records the
 * owner: the civil number of the person who made it, stored only as a tag (HMAC-SHA256 of the
 * number under the payload key, or SHA-256 when there is no key; QUEUE_OWNER_TAG_LEN hex
 * digits), so the table never holds the number and "my receipts" finds a person's own items
 * without opening every payload. owner NULL or "": nobody's (queue_enqueue()).
 */
#define QUEUE_OWNER_TAG_LEN 64
int queue_enqueue_owned(struct queue *q, const char *kiosk_id, const char *type,
                        const char *payload, const char *owner, int64_t now_ms,
                        struct queue_item *out);

/*
 * n items of one type and owner in ONE durable commit: all of them or none (a request per
 * worker of a renewal: never half of them). seqs[0..n-1] get their sequence numbers (gapless,
 * in order), first_key (may be NULL) the first one's idempotency key. 1 <= n <=
 * QUEUE_BATCH_MAX. 0, or an error and nothing stored.
 */
#define QUEUE_BATCH_MAX 32
int queue_enqueue_batch(struct queue *q, const char *kiosk_id, const char *type,
                        const char *const *payloads, int n, const char *owner, int64_t now_ms,
                        int64_t *seqs, char first_key[QUEUE_KEY_LEN + 1]);

/* A row of a person's list: no payload (opened only when a copy is printed). */
struct queue_summary {
	int64_t seq;
	char type[32];
	int64_t created_ms;
	enum queue_state state;
	char server_ref[64];
};

/*
 * The items of owner (a civil number) created at or after since_ms whose payload is still
 * there (not purged), newest first, up to max into out; *n the count; *more (may be NULL) true
 * when there were more than max. 0 or a KERR_*.
 */
int queue_list_owned(struct queue *q, const char *owner, int64_t since_ms,
                     struct queue_summary *out, int max, int *n, bool *more);

/*
 * The item seq for a copy asked for by owner at now_ms: 0 and *out (payload opened) only when
 * it is owner's, created at or after since_ms and not purged. KERR_NOTFOUND: no such item;
 * KERR_DENIED: another person's (or nobody's); KERR_EXPIRED: older than since_ms or purged;
 * KERR_CORRUPT/KERR_CONFIG: its payload does not open. Every call that finds the item, refused
 * or not, appends an audit entry ("copy" or "copy-refused" with the sequence and the reason,
 * never the owner).
 */
int queue_get_owned(struct queue *q, int64_t seq, const char *owner, int64_t since_ms,
                    int64_t now_ms, struct queue_item *out);

/* Up to max pending items due at now_ms, oldest first. *n is set to the count filled. */
int queue_due(struct queue *q, int64_t now_ms, struct queue_item *items, int max, int *n);

/* Fetches one item by sequence number. KERR_NOTFOUND when there is none. */
int queue_get(struct queue *q, int64_t seq, struct queue_item *out);

/*
 * Groups the state changes that follow into one durable commit (the sync worker records a
 * whole batch's answers with one fsync instead of one per item). queue_begin() then marks, then
 * queue_commit(); when anything failed, queue_rollback() and every mark since queue_begin() is
 * undone (the items stay pending and are resent with their keys: the server dedupes them). A
 * mark only counts as recorded once queue_commit() returned 0.
 */
int queue_begin(struct queue *q);
int queue_commit(struct queue *q);
void queue_rollback(struct queue *q);

int queue_mark_acked(struct queue *q, int64_t seq, const char *server_ref);
int queue_mark_retry(struct queue *q, int64_t seq, int64_t next_attempt_ms, const char *error);
int queue_mark_rejected(struct queue *q, int64_t seq, const char *reason);

struct queue_counts {
	int64_t pending, acked, rejected;
	int64_t last_seq;
	int64_t acked_through;     /* watermark: every seq <= this is acked or rejected */
	int64_t oldest_pending_ms; /* created_ms of the oldest pending item, 0 when none */
};
int queue_counts(struct queue *q, struct queue_counts *out);

/* Full PRAGMA integrity_check (slower than the quick_check of queue_open()): 0 when it says
 * "ok", KERR_CORRUPT (logged) otherwise, another KERR_* when it could not run. */
int queue_check(struct queue *q);

/* Frees what an item owns and zeroes it. */
void queue_item_clear(struct queue_item *it);

#endif
