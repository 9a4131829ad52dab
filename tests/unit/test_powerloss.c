/*
 * test_powerloss.c - the outbox survives power loss: at least 1,000 random cuts through
 * open/migrate/enqueue/ack/checkpoint (tests/crashvfs.h drops, keeps or tears every write not
 * yet synced), then the database is reopened the production way and checked. With
 * synchronous=FULL: zero acknowledged transactions (queue_enqueue returned 0, or an ack that
 * queue_mark_acked returned 0 for) lost or changed, the sequence stays gapless, zero corrupt
 * databases. The same harness with synchronous=NORMAL must find losses: proof that it can fail.
 * Repeatable: fixed seeds. POWERLOSS_CUTS overrides the number of cuts (make soak).
 */
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/queue_internal.h"
#include "../crashvfs.h"
#include "../tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPECT_MAX 4096

struct expect {
	int64_t seq;
	char key[QUEUE_KEY_LEN + 1];
	char payload[64];
	bool acked; /* queue_mark_acked returned 0 for it */
};

struct harness {
	char path[512];
	int sync; /* 1 NORMAL, 0 FULL */
	struct expect ex[EXPECT_MAX];
	int nex;
	int64_t counter;   /* makes every payload unique */
	int64_t max_calls; /* most mutating calls one uncut run made */
	int cuts, committed, lost, corrupt, open_fail, runs_cut;
};

static void
remove_db(const char *path)
{
	char p[600];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s.quarantined", path);
	unlink(p);
}

/* One run under the crash VFS: open, a few enqueues and acks, close; the power is cut at the
 * cut-th mutating call (or after a clean close, when the run makes fewer). */
static void
run_cut(struct harness *h, int64_t cut)
{
	struct queue_open_opts o = {
	        .vfs = CRASHVFS_NAME, .synchronous = h->sync, .wal_autocheckpoint = 4};
	struct queue *q = NULL;
	crashvfs_arm(cut, 0, 0);
	if (queue_open_ex(h->path, &o, &q) == 0) {
		int n = 1 + (int)(crashvfs_rand() % 16);
		for (int i = 0; i < n; i++) {
			struct queue_item it;
			char payload[64];
			snprintf(payload, sizeof(payload), "{\"n\":%lld,\"pad\":\"%0*d\"}",
			         (long long)++h->counter, (int)(crashvfs_rand() % 40), 7);
			if (queue_enqueue(q, "K1", "visit", payload, 1000 + h->counter, &it) != 0)
				break;
			h->committed++;
			if (h->nex < EXPECT_MAX) {
				struct expect *e = &h->ex[h->nex++];
				e->seq = it.seq;
				snprintf(e->key, sizeof(e->key), "%s", it.key);
				snprintf(e->payload, sizeof(e->payload), "%s", payload);
				e->acked = false;
			}
			queue_item_clear(&it);
			if (h->nex > 0 && crashvfs_rand() % 2) { /* the server answered for one */
				struct expect *e = &h->ex[crashvfs_rand() % (uint64_t)h->nex];
				int rc = queue_mark_acked(q, e->seq, "MOL-X");
				if (rc == 0)
					e->acked = true;
				else if (rc != KERR_NOTFOUND)
					break;
			}
		}
		queue_close(q);
	}
	if (crashvfs.crashed)
		h->runs_cut++;
	else if (crashvfs.mut_calls > h->max_calls)
		h->max_calls = crashvfs.mut_calls;
	crashvfs_arm(0, 0, 0);
	char shm[600];
	snprintf(shm, sizeof(shm), "%s-shm", h->path);
	unlink(shm);
	if (crashvfs_resolve(50, 25) < 0)
		h->corrupt++; /* counted as a failure: the harness could not model the disk */
}

/* Reopens the production way and compares with what was acknowledged. Then takes what survived
 * as the new truth (items committed by a cut run may or may not be there). */
static void
verify(struct harness *h)
{
	struct queue *q = NULL;
	struct queue_counts c;
	int rc = queue_open(h->path, &q);
	if (rc == KERR_CORRUPT || (rc == 0 && queue_check(q) != 0)) {
		h->corrupt++;
		queue_close(q);
		remove_db(h->path);
		h->nex = 0;
		return;
	}
	if (rc != 0) {
		h->open_fail++;
		return;
	}
	for (int i = 0; i < h->nex; i++) {
		struct expect *e = &h->ex[i];
		struct queue_item it;
		if (queue_get(q, e->seq, &it) != 0) {
			h->lost++;
			continue;
		}
		if (strcmp(it.key, e->key) != 0 || strcmp(it.payload, e->payload) != 0 ||
		    (e->acked && it.state != QUEUE_ACKED))
			h->lost++;
		queue_item_clear(&it);
	}
	/* the new truth: every row now stored, which must be gapless from 1 */
	h->nex = 0;
	if (queue_counts(q, &c) == 0) {
		if (c.pending + c.acked + c.rejected != c.last_seq)
			h->lost++; /* a gap */
		for (int64_t s = 1; s <= c.last_seq && h->nex < EXPECT_MAX; s++) {
			struct queue_item it;
			if (queue_get(q, s, &it) != 0)
				continue;
			struct expect *e = &h->ex[h->nex++];
			e->seq = it.seq;
			snprintf(e->key, sizeof(e->key), "%s", it.key);
			snprintf(e->payload, sizeof(e->payload), "%s", it.payload);
			e->acked = it.state == QUEUE_ACKED;
			queue_item_clear(&it);
		}
	}
	queue_close(q);
}

static void
harness_run(struct harness *h, int cuts, int fresh_every)
{
	for (int i = 0; i < cuts; i++) {
		if (i % fresh_every == 0) {
			remove_db(h->path);
			h->nex = 0;
		}
		int64_t span = h->max_calls > 8 ? h->max_calls + 4 : 64;
		run_cut(h, 1 + (int64_t)(crashvfs_rand() % (uint64_t)span));
		h->cuts++;
		verify(h);
	}
}

/* Disk full (and one transient I/O error) under the crash VFS: a clear KERR_FULL/KERR_IO/KERR_DB,
 * nothing acknowledged that is not durable (checked after a power cut), and the connection
 * works again once there is room. */
static void
full_disk(const char *dir)
{
	struct harness *h = calloc(1, sizeof(*h));
	struct queue_open_opts o = {.vfs = CRASHVFS_NAME};
	struct queue *q = NULL;
	int rc = 0, acked = 0, full_rc = 0;
	snprintf(h->path, sizeof(h->path), "%s/full.db", dir);
	remove_db(h->path);
	crashvfs_arm(0, 0, 0);
	if (queue_open_ex(h->path, &o, &q) != 0) {
		ok(0, "disk full: open");
		free(h);
		return;
	}
	crashvfs_arm(0, 0, 512 * 1024); /* 512 KiB of room left */
	char payload[2048];
	memset(payload, 'x', sizeof(payload));
	for (int i = 0; i < 1000; i++) {
		struct queue_item it;
		snprintf(payload, 32, "{\"n\":%d,\"pad\":\"", i);
		size_t len = strlen(payload);
		memset(payload + len, 'x', sizeof(payload) - len - 3);
		memcpy(payload + sizeof(payload) - 3, "\"}", 3);
		rc = queue_enqueue(q, "K1", "visit", payload, 1000 + i, &it);
		if (rc != 0) {
			full_rc = rc;
			break;
		}
		struct expect *e = &h->ex[h->nex++];
		e->seq = it.seq;
		snprintf(e->key, sizeof(e->key), "%s", it.key);
		snprintf(e->payload, sizeof(e->payload), "%.63s", payload);
		queue_item_clear(&it);
		acked++;
	}
	is_int(full_rc, KERR_FULL, "disk full: queue_enqueue says KERR_FULL after %d", acked);
	crashvfs_arm(0, 0, 0); /* room again */
	struct queue_item it;
	rc = queue_enqueue(q, "K1", "visit", "{\"after\":\"full\"}", 5000, &it);
	is_int(rc, 0, "disk full: the same connection works again once there is room");
	if (rc == 0) {
		struct expect *e = &h->ex[h->nex++];
		e->seq = it.seq;
		snprintf(e->key, sizeof(e->key), "%s", it.key);
		snprintf(e->payload, sizeof(e->payload), "%s", "{\"after\":\"full\"}");
		queue_item_clear(&it);
	}
	crashvfs_arm(0, 3, 0); /* the 3rd write/sync fails once */
	int io_rc = 0;
	for (int i = 0; i < 5 && io_rc == 0; i++)
		io_rc = queue_enqueue(q, "K1", "visit", "{\"io\":1}", 6000 + i, NULL);
	is_int(io_rc, KERR_IO, "an I/O error is reported as KERR_IO");
	rc = queue_enqueue(q, "K1", "visit", "{\"after\":\"io\"}", 7000, &it);
	is_int(rc, 0, "the next operation reopens and checks the database, and works");
	if (rc == 0) {
		struct expect *e = &h->ex[h->nex++];
		e->seq = it.seq;
		snprintf(e->key, sizeof(e->key), "%s", it.key);
		snprintf(e->payload, sizeof(e->payload), "%s", "{\"after\":\"io\"}");
		queue_item_clear(&it);
	}
	queue_close(q);
	crashvfs_arm(0, 0, 0);
	char shm[600];
	snprintf(shm, sizeof(shm), "%s-shm", h->path);
	unlink(shm);
	crashvfs_resolve(0, 0); /* and the power goes: every unsynced write is lost */
	/* payloads were stored in full; compare only their first 63 bytes */
	struct queue *r = NULL;
	int lost = 0;
	is_int(queue_open(h->path, &r), 0, "disk full: reopens after a power cut");
	is_int(r ? queue_check(r) : -1, 0, "disk full: integrity check passes");
	for (int i = 0; r && i < h->nex; i++) {
		struct queue_item g;
		if (queue_get(r, h->ex[i].seq, &g) != 0 || strcmp(g.key, h->ex[i].key) != 0 ||
		    strncmp(g.payload, h->ex[i].payload, strlen(h->ex[i].payload)) != 0)
			lost++;
		queue_item_clear(&g);
	}
	is_int(lost, 0, "disk full: every acknowledged transaction (%d) is durable", h->nex);
	queue_close(r);
	remove_db(h->path);
	free(h);
}

int
main(void)
{
	static struct harness full, normal;
	const char *tmp = getenv("TMPDIR");
	const char *env = getenv("POWERLOSS_CUTS");
	int cuts = env ? (int)strtol(env, NULL, 10) : 1200;
	if (cuts < 1)
		cuts = 1200;
	char msg[300];
	/* the cuts make SQLite log I/O errors by design: keep them out of the test log */
	int saved_err = dup(2);
	FILE *null = fopen("/dev/null", "w");
	if (null)
		dup2(fileno(null), 2);

	is_int(crashvfs_register(0x5eed), SQLITE_OK, "crash VFS registered");

	snprintf(full.path, sizeof(full.path), "%s/powerloss-full.db", tmp ? tmp : "/tmp");
	full.sync = 0;
	harness_run(&full, cuts, 100);
	snprintf(msg, sizeof(msg),
	         "FULL: %d cuts (%d inside a run), %d committed, %d lost, %d corrupt; writes kept"
	         " %lld, dropped %lld, torn %lld",
	         full.cuts, full.runs_cut, full.committed, full.lost, full.corrupt,
	         (long long)crashvfs.kept, (long long)crashvfs.dropped, (long long)crashvfs.torn);
	diag(msg);
	ok(full.cuts >= cuts, "all %d power cuts happened (%d; 1,200 unless POWERLOSS_CUTS)", cuts,
	   full.cuts);
	ok(full.runs_cut >= full.cuts / 2, "most cuts fall inside a run (%d)", full.runs_cut);
	ok(full.committed >= full.cuts / 3, "many transactions acknowledged (%d)", full.committed);
	ok(crashvfs.dropped > 100 && crashvfs.torn > 10, "the harness dropped and tore writes");
	is_int(full.lost, 0, "synchronous=FULL: zero acknowledged transactions lost");
	is_int(full.corrupt, 0, "synchronous=FULL: zero corrupt databases");
	is_int(full.open_fail, 0, "every database reopened");
	remove_db(full.path);

	snprintf(normal.path, sizeof(normal.path), "%s/powerloss-normal.db", tmp ? tmp : "/tmp");
	normal.sync = 1;
	harness_run(&normal, cuts / 2 > 100 ? cuts / 2 : 100, 100);
	snprintf(msg, sizeof(msg), "NORMAL: %d cuts, %d committed, %d lost, %d corrupt",
	         normal.cuts, normal.committed, normal.lost, normal.corrupt);
	diag(msg);
	ok(normal.lost > 0, "synchronous=NORMAL: the same harness finds lost transactions (%d)",
	   normal.lost);
	remove_db(normal.path);
	full_disk(tmp ? tmp : "/tmp");
	if (null) {
		dup2(saved_err, 2);
		fclose(null);
	}
	close(saved_err);
	return tap_done();
}
