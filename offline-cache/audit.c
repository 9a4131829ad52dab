/*
 * audit.c - the hash-chained, append-only audit log (see audit.h). hash(n) = SHA-256 of
 * "prev_hash\nid\nat_ms\nevent\ndetail" in hex, prev_hash of the first entry 64 zeros. The
 * outbox's own changes append through audit_add() inside their transaction (queue.c).
 */
#include "audit.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "queue.h"
#include "queue_internal.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static const char genesis[AUDIT_HASH_LEN + 1] =
        "0000000000000000000000000000000000000000000000000000000000000000";

static int
audit_hash(const char *prev, int64_t id, int64_t at_ms, const char *event, const char *detail,
           char out[AUDIT_HASH_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char head[128];
	int n = snprintf(head, sizeof(head), "%s\n%lld\n%lld\n", prev, (long long)id,
	                 (long long)at_ms);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 &&
	         EVP_DigestUpdate(c, head, (size_t)n) == 1 &&
	         EVP_DigestUpdate(c, event, strlen(event)) == 1 &&
	         EVP_DigestUpdate(c, "\n", 1) == 1 &&
	         EVP_DigestUpdate(c, detail, strlen(detail)) == 1 &&
	         EVP_DigestFinal_ex(c, md, &len) == 1 && len == 32;
	EVP_MD_CTX_free(c);
	if (!ok)
		return KERR_INTERNAL;
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* Appends inside the caller's transaction. */
int
audit_add(struct queue *q, int64_t now_ms, const char *event, const char *detail)
{
	sqlite3_stmt *st = NULL;
	char prev[AUDIT_HASH_LEN + 1], hash[AUDIT_HASH_LEN + 1];
	int64_t id = 1;
	int rc;
	if (now_ms < 0) { /* the caller has no clock: SQLite's (its VFS keeps the time) */
		rc = sqlite3_prepare_v2(
		        q->db, "SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
		        -1, &st, NULL);
		if (rc != SQLITE_OK)
			return queue_db_err(q, rc, "prepare audit time");
		now_ms = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		st = NULL;
	}
	rc = sqlite3_prepare_v2(q->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1,
	                        &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare audit head");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		const unsigned char *h = sqlite3_column_text(st, 1);
		snprintf(prev, sizeof(prev), "%s", h ? (const char *)h : "");
	} else if (rc == SQLITE_DONE) {
		memcpy(prev, genesis, sizeof(prev));
	} else {
		rc = queue_db_err(q, rc, "audit head");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if ((rc = audit_hash(prev, id, now_ms, event, detail, hash)))
		return rc;
	rc = sqlite3_prepare_v2(q->db,
	                        "INSERT INTO audit(id, at_ms, event, detail, prev_hash, hash)"
	                        " VALUES (?, ?, ?, ?, ?, ?)",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare audit insert");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms);
	sqlite3_bind_text(st, 3, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : queue_db_err(q, rc, "audit insert");
	sqlite3_finalize(st);
	return rc;
}

int
audit_append(struct queue *q, int64_t now_ms, const char *event, const char *detail)
{
	if (!event || !detail)
		return KERR_INVAL;
	int rc = queue_ready(q);
	if (rc)
		return rc;
	bool own = sqlite3_get_autocommit(q->db) != 0;
	if (own && (rc = queue_begin(q)))
		return rc;
	rc = audit_add(q, now_ms, event, detail);
	return queue_finish(q, own, rc);
}

int
audit_verify(struct queue *q, int64_t *bad_id, int64_t *count, char *last_hash)
{
	sqlite3_stmt *st = NULL;
	char prev[AUDIT_HASH_LEN + 1], want[AUDIT_HASH_LEN + 1];
	int64_t n = 0, expect_id = 1;
	int rc = queue_ready(q);
	if (rc)
		return rc;
	if (bad_id)
		*bad_id = 0;
	memcpy(prev, genesis, sizeof(prev));
	rc = sqlite3_prepare_v2(q->db,
	                        "SELECT id, at_ms, event, detail, prev_hash, hash FROM audit"
	                        " ORDER BY id",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return queue_db_err(q, rc, "prepare audit verify");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *event = (const char *)sqlite3_column_text(st, 2);
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		const char *p = (const char *)sqlite3_column_text(st, 4);
		const char *h = (const char *)sqlite3_column_text(st, 5);
		if (audit_hash(prev, id, sqlite3_column_int64(st, 1), event ? event : "",
		               detail ? detail : "", want) != 0 ||
		    id != expect_id || !p || strcmp(p, prev) != 0 || !h || strcmp(h, want) != 0) {
			klog(KLOG_ERR, "audit", "%s: the audit log is broken at entry %lld",
			     q->path, (long long)id);
			if (bad_id)
				*bad_id = id;
			sqlite3_finalize(st);
			return KERR_CORRUPT;
		}
		memcpy(prev, want, sizeof(prev));
		expect_id = id + 1;
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return queue_db_err(q, rc, "audit verify");
	if (count)
		*count = n;
	if (last_hash)
		memcpy(last_hash, prev, AUDIT_HASH_LEN + 1);
	return 0;
}
