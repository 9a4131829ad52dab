/*
 * bench_sync_enqueue.c - kiosk-bench: queue_enqueue() latency (p50, p99) against the least a
 * durable SQLite commit can cost: one single-row INSERT + COMMIT on a bare connection with
 * journal_mode=WAL and synchronous=FULL, on the same disk, same payload, same run. The target is
 * a ratio within 1.5x (the outbox adds the sequence, the key, the audit entry).
 */
#include "bench.h"
#include "bench_sync.h"

#include "../../offline-cache/queue.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 400

static const char payload[] =
        "{\"service\":\"visit-receipt\",\"person\":{\"civil_number\":\"90012345\","
        "\"name_en\":\"Test Person\"},\"created\":\"2027-01-01T04:00:00+04:00\"}";

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
percentiles(double *v, int n, double *p50, double *p99)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	*p50 = v[n / 2];
	*p99 = v[(n * 99) / 100];
}

void
bench_sync_enqueue(const char *dir)
{
	char path[600];
	struct queue *q = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	static double mine[N], bare[N];
	double p50, p99, b50, b99;

	snprintf(path, sizeof(path), "%s/bench-enqueue.db", dir);
	if (queue_open(path, &q))
		return;
	snprintf(path, sizeof(path), "%s/bench-bare.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                 " CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);",
	                 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t(payload) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	/* interleaved, so that the disk's and the machine's moods hit both alike */
	for (int i = 0; i < N; i++) {
		double t0 = bench_now_us();
		if (queue_enqueue(q, "BENCH", "visit-receipt", payload, i, NULL))
			goto out;
		mine[i] = bench_now_us() - t0;
		t0 = bench_now_us();
		if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			goto out;
		sqlite3_bind_text(st, 1, payload, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto out;
		sqlite3_reset(st);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto out;
		bare[i] = bench_now_us() - t0;
	}
	percentiles(mine, N, &p50, &p99);
	percentiles(bare, N, &b50, &b99);
	bench_line("enqueue p50", p50, "(bare SQLite FULL p50)", b50);
	bench_line("enqueue p99", p99, "(bare SQLite FULL p99)", b99);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	queue_close(q);
}
