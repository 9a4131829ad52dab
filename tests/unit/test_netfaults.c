/*
 * test_netfaults.c - exactly once through every network fault the ministry simulator can make.
 * One simulator and one kiosk (outbox + the real sync worker over curl and mutual TLS). For each
 * fault kind in turn - latency, 5xx, connection reset, hang (longer than the kiosk's timeout),
 * truncated body after commit, and 30% of answers dropped after commit over 1,000 transactions
 * - the test sets the fault with POST /admin/faults, enqueues a batch, and waits (bounded) until
 * the worker has drained it; the simulator must report that the fault fired. Then faults off:
 * the queue drains, and the simulator holds every transaction exactly once (its own database is
 * read at the end). Binaries via $KIOSK_BUILD (default "build"); run from the repository root.
 */
#define _DEFAULT_SOURCE
#include "../tap.h"

#include "../../app/sync.h"
#include "../../app/sync_hooks.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/refdata.h"

#include "../ministry.h"

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_ID "kiosk-test-0001"

static void
drop_note(struct sync_note *n, void *ctx)
{
	(void)ctx;
	free(n);
}

/* POST /admin/faults (body) or GET /admin/stats (body NULL); the integer field of the answer. */
static long admin_at(const struct kiosk_config *cfg, const char *path, const char *body,
                     const char *field);

static long
admin(const struct kiosk_config *cfg, const char *body, const char *field)
{
	return admin_at(cfg, body ? "/admin/faults" : "/admin/stats", body, field);
}

static long
admin_at(const struct kiosk_config *cfg, const char *path, const char *body, const char *field)
{
	struct net_dev dev;
	struct net_response resp;
	long v = -1;
	if (net_open(&dev, cfg) < 0)
		return -1;
	struct net_request req = {.method = body ? "POST" : "GET",
	                          .path = path,
	                          .body = body,
	                          .body_len = body ? strlen(body) : 0,
	                          .idempotency_key = NULL,
	                          .timeout_ms = 5000};
	if (net_request(&dev, &req, &resp) == 0 && resp.status == 200) {
		json_error_t e;
		json_t *j = json_loadb((const char *)resp.body.data, resp.body.len, 0, &e);
		json_t *f = json_object_get(j, field);
		if (json_is_integer(f))
			v = (long)json_integer_value(f);
		json_decref(j);
	}
	kbuf_free(&resp.body);
	net_close(&dev);
	return v;
}

static void
enqueue(struct queue *q, struct clock_dev *clk, int n, const char *tag)
{
	char payload[128];
	for (int i = 0; i < n; i++) {
		snprintf(payload, sizeof(payload), "{\"visit\":\"%s\",\"i\":%d}", tag, i);
		if (queue_enqueue(q, KIOSK_ID, "visit-receipt", payload, clock_wall_ms(clk), NULL) <
		    0)
			printf("# enqueue failed\n");
	}
}

static bool
drained(struct queue *q, struct sync *s, int max_s)
{
	for (int i = 0; i < max_s * 50; i++) {
		struct queue_counts c;
		if (queue_counts(q, &c) == 0 && c.pending == 0)
			return true;
		sync_kick(s);
		nap_ms(20);
	}
	return false;
}

static bool
wait_refdata(struct queue *q, const char *version)
{
	char v[64] = "";
	for (int i = 0; i < 1000; i++) { /* bounded: 10 s; heartbeats come every second */
		if (refdata_get(q, "_version", v, sizeof(v), NULL, 0, NULL) == 0 &&
		    strcmp(v, version) == 0)
			return true;
		nap_ms(10);
	}
	return false;
}

struct phase {
	const char *name, *faults, *counter;
	int items;
};

/* One POST of a fresh transaction with cfg; returns the net_request code, *status the HTTP one. */
static int
post_one(const struct kiosk_config *cfg, long *status)
{
	struct net_dev dev;
	struct net_response resp = {0};
	const char *body = "{\"kiosk_id\":\"" KIOSK_ID "\",\"items\":[{\"seq\":999999,"
	                   "\"idempotency_key\":\"00000000-0000-4000-8000-00000000tls1\","
	                   "\"type\":\"visit-receipt\",\"created\":\"2026-01-01T10:00:00+04:00\","
	                   "\"payload\":{\"visit\":\"tls\"}}]}";
	*status = 0;
	int rc = net_open(&dev, cfg);
	if (rc < 0)
		return rc;
	struct net_request req = {.method = "POST",
	                          .path = "/v1/transactions",
	                          .body = body,
	                          .body_len = strlen(body),
	                          .idempotency_key = "00000000-0000-4000-8000-00000000tls1",
	                          .timeout_ms = 5000};
	rc = net_request(&dev, &req, &resp);
	*status = resp.status;
	kbuf_free(&resp.body);
	net_close(&dev);
	return rc;
}

/* sha256//<base64> of the server certificate's public key, with the openssl tool. */
static int
server_pin(char *out, size_t size)
{
	char cmd[1200];
	snprintf(
	        cmd, sizeof(cmd),
	        "openssl x509 -in '%s/server.pem' -pubkey -noout | openssl pkey -pubin -outform der"
	        " | openssl dgst -sha256 -binary | openssl base64 -A",
	        pki);
	FILE *p = popen(cmd, "r");
	char b64[128] = "";
	if (!p)
		return -1;
	if (!fgets(b64, sizeof(b64), p))
		b64[0] = 0;
	pclose(p);
	b64[strcspn(b64, "\r\n")] = 0;
	if (strlen(b64) != 44)
		return -1;
	snprintf(out, size, "sha256//%s", b64);
	return 0;
}

/* Wrong CA, missing, foreign or expired client certificate, pin mismatch: nothing stored. */
static void
tls_checks(const struct kiosk_config *good)
{
	struct kiosk_config cfg;
	long status, before = admin(good, NULL, "transactions");
	int rc;

	cfg = *good;
	ok(server_pin(cfg.backend_pin, sizeof(cfg.backend_pin)) == 0, "server key pin computed");
	rc = post_one(&cfg, &status);
	ok(rc == 0 && status == 200, "the right pin: accepted (rc %d, HTTP %ld)", rc, status);
	before++;

	cfg = *good;
	snprintf(cfg.backend_pin, sizeof(cfg.backend_pin),
	         "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	is_int(post_one(&cfg, &status), KERR_TLS, "pin mismatch -> KERR_TLS");
	cfg = *good;
	snprintf(cfg.backend_ca_file, sizeof(cfg.backend_ca_file), "%s/rogue-ca.pem", pki);
	is_int(post_one(&cfg, &status), KERR_TLS, "wrong CA -> KERR_TLS");
	cfg = *good;
	snprintf(cfg.backend_client_cert, sizeof(cfg.backend_client_cert), "%s/expired-client.pem",
	         pki);
	snprintf(cfg.backend_client_key, sizeof(cfg.backend_client_key), "%s/expired-client.key",
	         pki);
	rc = post_one(&cfg, &status);
	ok(rc == KERR_TLS || status == 403, "expired client certificate refused (rc %d, HTTP %ld)",
	   rc, status);
	cfg = *good;
	cfg.backend_client_cert[0] = cfg.backend_client_key[0] = 0;
	rc = post_one(&cfg, &status);
	ok(rc == KERR_TLS || status == 403, "no client certificate refused (rc %d, HTTP %ld)", rc,
	   status);
	is_int(admin(good, NULL, "transactions"), before, "none of them stored anything");
}

int
main(void)
{
	ministry_init(300);

	is_int(make_test_pki(KIOSK_ID), 0, "scripts/make-test-pki");
	is_int(net_global_init(), 0, "net_global_init");

	char db[400], simdb[400];
	snprintf(db, sizeof(db), "%s/netfaults-kiosk.db", tap_tmpdir());
	snprintf(simdb, sizeof(simdb), "%s/netfaults-ministry.db", tap_tmpdir());
	int port = 0;
	char *seed[] = {(char *)"--seed", (char *)"5", NULL};
	pid_t sim = start_sim(simdb, seed, &port);
	ok(sim > 0, "ministry-sim started");
	if (sim <= 0)
		return tap_done();

	struct kiosk_config cfg;
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	ministry_kiosk_cfg(&cfg, KIOSK_ID, db, port);
	cfg.backend_timeout_ms = 700; /* the hang fault holds 1500 ms */
	clock_open(&clk, &cfg);
	is_int(queue_open(db, &q), 0, "outbox opens");
	struct sync_options opt = {
	        .notify = drop_note, .seed = 3, .backoff_base_ms = 5, .backoff_cap_ms = 100};
	is_int(sync_start_opts(&s, &cfg, &clk, &opt), 0, "sync worker starts");
	struct sync_stats hb = {0};
	for (int i = 0; i < 500 && hb.online != 1; i++) {
		nap_ms(10);
		sync_get_stats(s, &hb);
	}
	is_int(hb.online, 1, "online before any transaction (the heartbeat answered)");
	ok(admin(&cfg, NULL, "heartbeats") >= 1, "the simulator counted the heartbeat");
	ok(wait_refdata(q, "rd-2"), "reference data version rd-2 pulled after the heartbeat");
	char val[512] = "", ver[16] = "";
	refdata_get(q, "offline_policy", val, sizeof(val), ver, sizeof(ver), NULL);
	ok(strstr(val, "\"max_queue\":500") && strcmp(ver, "rd-2") == 0,
	   "the offline policy is stored with its version");
	ok(refdata_get(q, "services", val, sizeof(val), NULL, 0, NULL) == 0 &&
	           strstr(val, "visit-receipt"),
	   "services stored");
	is_int(refdata_offline_allowed(q, "service-transfer", true, clock_wall_ms(&clk), NULL, 0),
	       KERR_OFFLINE, "the pulled policy refuses service-transfer offline");
	is_int(refdata_offline_allowed(q, "permit-renewal", true, clock_wall_ms(&clk), NULL, 0), 0,
	       "and allows permit-renewal");
	is_int(refdata_offline_allowed(q, "visit-receipt", true, clock_wall_ms(&clk), NULL, 0), 0,
	       "and allows visit-receipt");

	static const struct phase phases[] = {
	        {"latency", "{\"latency_ms\":40}", NULL, 60},
	        {"5xx", "{\"latency_ms\":0,\"fail_pct\":30}", NULL, 150},
	        {"reset", "{\"fail_pct\":0,\"reset_pct\":30}", "resets", 150},
	        {"hang", "{\"reset_pct\":0,\"hang_pct\":50,\"hang_ms\":1500}", "hangs", 100},
	        {"truncated", "{\"hang_pct\":0,\"truncate_pct\":30}", "truncations", 150},
	        {"drop-after-commit 30%", "{\"truncate_pct\":0,\"drop_pct\":30}", "drops", 1000},
	        {"mixed", "{\"fail_pct\":10,\"reset_pct\":10,\"truncate_pct\":10,\"drop_pct\":10}",
	         NULL, 200},
	};
	int total = 0;
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		const struct phase *p = &phases[i];
		ok(admin(&cfg, p->faults, "hang_ms") >= 0, "%s: faults set at run time", p->name);
		long before = p->counter ? admin(&cfg, NULL, p->counter) : 0;
		struct sync_stats st0, st1;
		sync_get_stats(s, &st0);
		enqueue(q, &clk, p->items, p->name);
		total += p->items;
		sync_kick(s);
		ok(drained(q, s, 120), "%s: %d transactions drained", p->name, p->items);
		sync_get_stats(s, &st1);
		if (p->counter) {
			long after = admin(&cfg, NULL, p->counter);
			ok(after > before, "%s: the fault fired (%ld times)", p->name,
			   after - before);
		}
		/* latency fails nothing; a reset on a reused connection may be retried by curl
		 * itself before any answer (safe: same key), so the kiosk need not see it */
		if (strcmp(p->name, "latency") != 0 && strcmp(p->name, "reset") != 0)
			ok(st1.failures > st0.failures, "%s: the kiosk saw failed rounds (%lld)",
			   p->name, (long long)(st1.failures - st0.failures));
	}
	ok(admin(&cfg, "{\"fail_pct\":0,\"reset_pct\":0,\"truncate_pct\":0,\"drop_pct\":0}",
	         "drop_pct") == 0,
	   "faults off (recovery)");
	enqueue(q, &clk, 40, "recovered");
	total += 40;
	ok(drained(q, s, 60), "after recovery the queue drains");
	/* the ministry publishes rd-3 (its answer carries no counter: checked by the pull) */
	admin_at(&cfg, "/admin/refdata",
	         "{\"key\":\"hijri_date\",\"value\":\"1448-06-09\",\"version\":\"rd-3\"}",
	         "version");
	ok(wait_refdata(q, "rd-3"), "the kiosk pulls rd-3 on a later heartbeat");
	refdata_get(q, "hijri_date", val, sizeof(val), NULL, 0, NULL);
	is_str(val, "\"1448-06-09\"", "with the new Hijri date");
	ok(admin(&cfg, NULL, "refdata_unchanged") >= 1,
	   "between versions the kiosk is told 'unchanged' (nothing re-sent)");
	long dups = admin(&cfg, NULL, "duplicates");
	ok(dups > 0, "the simulator suppressed resent transactions (%ld)", dups);
	sync_stop(s);
	tls_checks(&cfg);
	total++; /* the one stored with the right pin */

	struct queue_counts c = {0};
	queue_counts(q, &c);
	is_int(c.acked, total - 1, "all %d acked by the kiosk", total - 1);
	is_int(c.rejected, 0, "none rejected");
	kill_kid(sim);

	sqlite3 *sdb = NULL;
	int once = 0;
	int64_t stored = -1;
	if (sqlite3_open_v2(simdb, &sdb, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(sdb,
		                   "SELECT count(*) FROM transactions WHERE kiosk_id = ?1 AND"
		                   " idempotency_key = ?2",
		                   -1, &st, NULL);
		for (int64_t seq = 1; st && seq <= c.last_seq; seq++) {
			struct queue_item it;
			if (queue_get(q, seq, &it) != 0)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, KIOSK_ID, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, it.key, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1)
				once++;
			queue_item_clear(&it);
		}
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(sdb, "SELECT count(*) FROM transactions", -1, &st, NULL) ==
		            SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			stored = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(sdb);
	is_int(once, total - 1, "every transaction stored exactly once in the simulator");
	is_int(stored, total, "and nothing else stored (%d)", total);

	queue_close(q);
	clock_close(&clk);
	net_global_cleanup();
	kill_kids();
	return tap_done();
}
