/*
 * bench_sync_drain.c - kiosk-bench: the sync figures, against the local ministry simulator over
 * mutual TLS (build/ministry-sim next to this binary, a test PKI made in the scratch folder).
 *
 *   drain per txn   10,000 queued transactions delivered by the sync worker (batches of up to
 *                   SYNC_BATCH_MAX) vs one POST per transaction through the same libcurl
 *                   backend and connection reuse: the target is batching >= 5x faster.
 *
 * bench_sync() also runs the enqueue figures (bench_sync_enqueue.c). Skips with a note when the
 * simulator or openssl is missing. Every process it starts is stopped by its pid.
 */
#define _DEFAULT_SOURCE
#include "bench.h"
#include "bench_sync.h"

#include "../../app/sync.h"
#include "../../app/sync_hooks.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"
#include "../../tests/child.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DRAIN_N     10000
#define RAW_N       500
#define BENCH_KIOSK "kiosk-bench-0001"

/* Starts the simulator; returns its pid and the port it listens on (or -1). The child-process
 * plumbing is the tests' own (tests/child.h), shared rather than copied. */
static pid_t
start_sim(const char *bin, const char *db, const char *pki, int *port)
{
	char cert[700], key[700], ca[700];
	snprintf(cert, sizeof(cert), "%s/server.pem", pki);
	snprintf(key, sizeof(key), "%s/server.key", pki);
	snprintf(ca, sizeof(ca), "%s/ca.pem", pki);
	char *argv[] = {(char *)bin, (char *)"--port", (char *)"0", (char *)"--db",
	                (char *)db,  (char *)"--cert", cert,        (char *)"--key",
	                key,         (char *)"--ca",   ca,          NULL};
	int fd;
	pid_t pid = spawn(argv, NULL, &fd);
	*port = -1;
	if (pid < 0)
		return -1;
	*port = wait_port(fd, "listening on");
	close(fd);
	if (*port <= 0) {
		kill_kid(pid);
		return -1;
	}
	return pid;
}

static void
drop_note(struct sync_note *n, void *ctx)
{
	(void)ctx;
	free(n);
}

/* One POST per transaction, RAW_N of them: mean us per transaction, or < 0. */
static double
one_per_request(const struct kiosk_config *cfg)
{
	struct net_dev dev;
	char body[512], key[64];
	if (net_open(&dev, cfg) < 0)
		return -1;
	double t0 = bench_now_us();
	int ok = 0;
	for (int i = 0; i < RAW_N; i++) {
		struct net_response resp;
		snprintf(key, sizeof(key), "bench-raw-%08d", i);
		snprintf(body, sizeof(body),
		         "{\"kiosk_id\":\"%s\",\"items\":[{\"seq\":%d,\"idempotency_key\":\"%s\","
		         "\"type\":\"visit-receipt\",\"created\":\"2027-01-01T08:00:00+04:00\","
		         "\"payload\":{\"service\":\"visit-receipt\",\"i\":%d}}]}",
		         BENCH_KIOSK, i + 1, key, i);
		struct net_request req = {.method = "POST",
		                          .path = "/v1/transactions",
		                          .body = body,
		                          .body_len = strlen(body),
		                          .idempotency_key = key};
		if (net_request(&dev, &req, &resp) == 0 && resp.status == 200)
			ok++;
		kbuf_free(&resp.body);
	}
	double us = (bench_now_us() - t0) / RAW_N;
	net_close(&dev);
	return ok == RAW_N ? us : -1;
}

/* DRAIN_N queued transactions delivered by the worker: mean us per transaction, or < 0. */
static double
drain(const struct kiosk_config *cfg)
{
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct clock_dev clk;
	if (clock_open(&clk, cfg) < 0)
		return -1;
	if (queue_open(cfg->cache_database, &q)) {
		clock_close(&clk);
		return -1;
	}
	char payload[128];
	int rc = 0; /* each enqueue is its own durable commit, as at the kiosk */
	for (int i = 0; rc == 0 && i < DRAIN_N; i++) {
		snprintf(payload, sizeof(payload), "{\"service\":\"visit-receipt\",\"i\":%d}", i);
		rc = queue_enqueue(q, BENCH_KIOSK, "visit-receipt", payload, clock_wall_ms(&clk),
		                   NULL);
	}
	struct sync_options opt = {.notify = drop_note, .seed = 1, .heartbeat_ms = -1};
	double us = -1;
	double t0 = bench_now_us();
	if (rc == 0 && sync_start_opts(&s, cfg, &clk, &opt) == 0) {
		struct queue_counts c = {0};
		for (int i = 0; i < 30000; i++) { /* bounded: 300 s */
			if (queue_counts(q, &c) == 0 && c.pending == 0)
				break;
			struct timespec ts = {0, 10 * 1000000L};
			nanosleep(&ts, NULL);
		}
		if (c.pending == 0 && c.acked == DRAIN_N)
			us = (bench_now_us() - t0) / DRAIN_N;
		sync_stop(s);
	}
	queue_close(q);
	clock_close(&clk);
	return us;
}

void
bench_sync(const char *dir, const char *self)
{
	char pki[420], simdb[440], kdb[440], bin[700], selfcopy[600];
	bench_sync_enqueue(dir);

	snprintf(selfcopy, sizeof(selfcopy), "%s", self);
	snprintf(bin, sizeof(bin), "%s/ministry-sim", dirname(selfcopy));
	snprintf(pki, sizeof(pki), "%.400s/pki", dir);
	snprintf(simdb, sizeof(simdb), "%.400s/bench-ministry.db", dir);
	snprintf(kdb, sizeof(kdb), "%.400s/bench-drain.db", dir);
	char *mk[] = {(char *)"scripts/make-test-pki", pki, (char *)BENCH_KIOSK, NULL};
	if (access(bin, X_OK) != 0 || run(mk) != 0) {
		printf("drain per txn    skipped: needs %s and scripts/make-test-pki (run from the"
		       " repository root)\n",
		       bin);
		return;
	}
	int port;
	pid_t sim = start_sim(bin, simdb, pki, &port);
	if (sim < 0) {
		printf("drain per txn    skipped: the simulator did not start\n");
		return;
	}
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.kiosk_id, sizeof(cfg.kiosk_id), BENCH_KIOSK);
	snprintf(cfg.cache_database, sizeof(cfg.cache_database), "%s", kdb);
	snprintf(cfg.clock_backend, sizeof(cfg.clock_backend), "system");
	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "curl");
	snprintf(cfg.backend_url, sizeof(cfg.backend_url), "https://127.0.0.1:%d", port);
	snprintf(cfg.backend_ca_file, sizeof(cfg.backend_ca_file), "%s/ca.pem", pki);
	snprintf(cfg.backend_client_cert, sizeof(cfg.backend_client_cert), "%s/client.pem", pki);
	snprintf(cfg.backend_client_key, sizeof(cfg.backend_client_key), "%s/client.key", pki);
	cfg.backend_timeout_ms = 10000;
	cfg.sync_interval_s = 1;

	double raw = one_per_request(&cfg);
	double batched = drain(&cfg);
	kill_kid(sim);
	if (raw <= 0 || batched <= 0) {
		printf("drain per txn    failed (raw %.1f us, batched %.1f us)\n", raw, batched);
		return;
	}
	bench_line("drain per txn", batched, "(one POST per txn)", raw);
	printf("                 batching delivers %.1fx faster (%.0f vs %.0f txn/s; target >= "
	       "5x)\n",
	       raw / batched, 1e6 / batched, 1e6 / raw);
}
