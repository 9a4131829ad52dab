/*
 * queue_internal.h - what the files of offline-cache/ share: the connection struct and the one
 * SQLite -> KERR_* mapping. Not for use outside offline-cache/.
 */
#ifndef KIOSK_QUEUE_INTERNAL_H
#define KIOSK_QUEUE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* Logs SQLite's text for what failed and returns the KERR_* for rc (full disk, corruption, busy
 * are told apart). */
int queue_db_err(struct queue *q, int rc, const char *what);

/*
 * Test-only ways to open the outbox (tests/unit/test_powerloss.c): another registered SQLite
 * VFS (a power-loss simulator), another synchronous level (to prove the harness catches the
 * losses of synchronous=NORMAL) and a small WAL auto-checkpoint so checkpoints happen inside
 * short runs. Zero fields mean the production settings. The kiosk always uses queue_open().
 */
struct queue_open_opts {
	const char *vfs;        /* NULL = SQLite's default */
	int synchronous;        /* 0 = FULL (2); 1 = NORMAL */
	int wal_autocheckpoint; /* pages; 0 = SQLite's default (1000) */
};
int queue_open_ex(const char *path, const struct queue_open_opts *opts, struct queue **out);

struct queue {
	sqlite3 *db;
	char path[512];
	struct queue_open_opts opts; /* kept for a reopen; opts.vfs points at vfs below */
	char vfs[64];
	bool reopen; /* an I/O error or corruption was seen: reopen and check before the next use */
	bool has_key;
	unsigned char key[32]; /* AES-256-GCM key for payloads (seal.c); wiped at close */
	int64_t retention_ms;  /* acked payloads older than this are purged (queue_purge()) */
};

/* The columns queue_read_item() reads, in its order. */
#define ITEM_COLS                                                                                  \
	"seq, idem_key, kiosk_id, type, payload, created_ms, attempts, next_attempt_ms, state, "   \
	"server_ref, last_error, acked_ms, purged"

/* Fills it from a row of ITEM_COLS; a sealed payload that does not open leaves it->payload NULL
 * and gives the reason (KERR_CONFIG: no key; KERR_CORRUPT: tampered or another key). */
int queue_read_item(struct queue *q, sqlite3_stmt *st, struct queue_item *it);

/* owner.c: the owner tag of a civil number (QUEUE_OWNER_TAG_LEN hex digits and a NUL). */
int owner_tag(struct queue *q, const char *civil_number, char *tag);

/* seal.c: "enc1:" payloads. seal_payload() gives a malloc'd sealed text (NULL on failure);
 * open_payload() gives a malloc'd plain text in *out: KERR_CONFIG without a key, KERR_CORRUPT
 * when it does not open (tampered or wrong key). Plain stored text is copied as it is. */
char *seal_payload(struct queue *q, const char *aad, const char *plain);
int open_payload(struct queue *q, const char *aad, const char *stored, char **out);
bool payload_sealed(const char *stored);

/* Before each operation: when the last one hit an I/O error or corruption, closes the connection,
 * opens it again and checks it (queue_open's checks); a corrupt file is quarantined. 0 or the
 * KERR_* of the failed reopen. */
int queue_ready(struct queue *q);

/* Appends an audit entry inside the caller's open transaction (audit.c); now_ms < 0 takes
 * SQLite's clock. */
int audit_add(struct queue *q, int64_t now_ms, const char *event, const char *detail);

/* Ends a transaction the caller opened itself with queue_begin() (own): commits when rc is 0,
 * rolls back otherwise, and returns the result. When !own the enclosing transaction decides:
 * rc is returned unchanged. */
int queue_finish(struct queue *q, bool own, int rc);

#endif
