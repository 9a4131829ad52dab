/*
 * owner.c - whose transaction an outbox item is (see queue.h): the owner tag of a civil number,
 * a person's list of their own items for "my receipts", and the one gate a copy goes through
 * (the person's own, inside the retention period, audited whether it is granted or refused).
 */
#include "queue.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "queue_internal.h"

/* Tags of the two hashes must never collide with one another's input: a fixed prefix. */
#define OWNER_CONTEXT "kiosk-owner-v1:"

int
owner_tag(struct queue *q, const char *civil_number, char *tag)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	unsigned int mdlen = 0;
	char msg[96];
	int n = snprintf(msg, sizeof(msg), OWNER_CONTEXT "%s", civil_number);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return KERR_INVAL;
	if (q->has_key) {
		if (!HMAC(EVP_sha256(), q->key, sizeof(q->key), (const unsigned char *)msg,
		          (size_t)n, md, &mdlen))
			goto out_fail;
	} else {
		SHA256((const unsigned char *)msg, (size_t)n, md);
		mdlen = SHA256_DIGEST_LENGTH;
	}
	xwipe(msg, sizeof(msg));
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(tag + 2 * i, 3, "%02x", md[i]);
	xwipe(md, sizeof(md));
	return 0;
out_fail:
	xwipe(msg, sizeof(msg));
	return KERR_INTERNAL;
}

int
queue_list_owned(struct queue *q, const char *owner, int64_t since_ms, struct queue_summary *out,
                 int max, int *n, bool *more)
{
	char tag[QUEUE_OWNER_TAG_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc;
	*n = 0;
	if (more)
		*more = false;
	if (!owner || !owner[0] || max <= 0)
		return KERR_INVAL;
	if ((rc = queue_ready(q)))
		return rc;
	if ((rc = owner_tag(q, owner, tag)))
		return rc;
	rc = sqlite3_prepare_v2(q->db,
	                        "SELECT seq, type, created_ms, state, server_ref FROM outbox"
	                        " WHERE owner = ?1 AND created_ms >= ?2 AND purged = 0"
	                        " ORDER BY created_ms DESC, seq DESC LIMIT ?3",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare owner list");
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since_ms);
	sqlite3_bind_int(st, 3, max + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == max) {
			if (more)
				*more = true;
			continue;
		}
		struct queue_summary *s = &out[(*n)++];
		memset(s, 0, sizeof(*s));
		s->seq = sqlite3_column_int64(st, 0);
		const unsigned char *t = sqlite3_column_text(st, 1);
		snprintf(s->type, sizeof(s->type), "%s", t ? (const char *)t : "");
		s->created_ms = sqlite3_column_int64(st, 2);
		s->state = (enum queue_state)sqlite3_column_int(st, 3);
		t = sqlite3_column_text(st, 4);
		snprintf(s->server_ref, sizeof(s->server_ref), "%s", t ? (const char *)t : "");
	}
	rc = rc == SQLITE_DONE ? 0 : queue_db_err(q, rc, "owner list");
	sqlite3_finalize(st);
	return rc;
}

/* The audit entry of a copy asked for: the sequence and what was decided. */
static void
audit_copy(struct queue *q, int64_t now_ms, int64_t seq, int decision)
{
	char detail[96];
	snprintf(detail, sizeof(detail), "seq %lld %s", (long long)seq,
	         decision == 0 ? "granted" : kerr_name(decision));
	if (audit_append(q, now_ms, decision == 0 ? "copy" : "copy-refused", detail) < 0)
		klog(KLOG_ERR, "queue", "the copy of seq %lld could not be audited",
		     (long long)seq);
}

int
queue_get_owned(struct queue *q, int64_t seq, const char *owner, int64_t since_ms, int64_t now_ms,
                struct queue_item *out)
{
	char tag[QUEUE_OWNER_TAG_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!owner || !owner[0])
		return KERR_INVAL;
	if ((rc = queue_ready(q)))
		return rc;
	if ((rc = owner_tag(q, owner, tag)))
		return rc;
	rc = sqlite3_prepare_v2(q->db, "SELECT " ITEM_COLS ", owner FROM outbox WHERE seq = ?", -1,
	                        &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare owned get");
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return KERR_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		rc = queue_db_err(q, rc, "owned get");
		sqlite3_finalize(st);
		return rc;
	}
	const unsigned char *o = sqlite3_column_text(st, 13);
	int64_t created = sqlite3_column_int64(st, 5);
	bool purged = sqlite3_column_int(st, 12) != 0;
	if (!o || strcmp((const char *)o, tag) != 0)
		rc = KERR_DENIED;
	else if (purged || created < since_ms)
		rc = KERR_EXPIRED;
	else
		rc = queue_read_item(q, st, out);
	sqlite3_finalize(st);
	if (rc < 0 && rc != KERR_DENIED && rc != KERR_EXPIRED)
		queue_item_clear(out);
	audit_copy(q, now_ms, seq, rc);
	return rc;
}
