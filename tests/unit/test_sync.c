/*
 * test_sync.c - the sync worker end to end.
 *  1. Against the sim net backend with the fake clock: garbled, partial, refused and failed
 *     answers never mark an item acked; partial answers ack only the named items; a rejected
 *     item is parked; OFFLINE/ONLINE notes come once per transition; a lost answer after the
 *     server's commit is resent with the same key and deduplicated.
 *  2. Against the ministry simulator (curl, mutual TLS): N items all acked, stored exactly N;
 *     then 200 items with --fail-pct 20 --drop-after-commit-pct 30: every item acked once, the
 *     simulator stores exactly 200 and reports the duplicates it suppressed.
 * Waits are bounded poll loops on observable state, never timing assertions.
 * Binaries via $KIOSK_BUILD (default "build"); run from the repository root.
 */
#define _DEFAULT_SOURCE
#include "../tap.h"

#include "../../app/sync.h"
#include "../../app/sync_hooks.h"
#include "../../app/backend/sync_reply.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"

#include "../ministry.h"

#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

struct notes {
	pthread_mutex_t lock;
	int count[5];
	int last_kind;
	int64_t depth; /* from the last SYNC_NOTE_DEPTH, -1 before */
};

static void
on_note(struct sync_note *n, void *ctx)
{
	struct notes *ns = ctx;
	pthread_mutex_lock(&ns->lock);
	if (n->kind >= 0 && n->kind < 5)
		ns->count[n->kind]++;
	if (n->kind == SYNC_NOTE_DEPTH)
		ns->depth = n->depth;
	ns->last_kind = (int)n->kind;
	pthread_mutex_unlock(&ns->lock);
	free(n);
}

static int
note_count(struct notes *ns, enum sync_note_kind k)
{
	pthread_mutex_lock(&ns->lock);
	int c = ns->count[k];
	pthread_mutex_unlock(&ns->lock);
	return c;
}

static struct queue_counts
counts(struct queue *q)
{
	struct queue_counts c = {0};
	queue_counts(q, &c);
	return c;
}

/* Polls until the worker has finished `want` failing rounds (bounded). */
static bool
wait_failures(struct sync *s, int64_t want)
{
	struct sync_stats st;
	for (int i = 0; i < 1000; i++) {
		sync_get_stats(s, &st);
		if (st.failures >= want)
			return true;
		nap_ms(10);
	}
	return false;
}

static bool
wait_drained(struct queue *q, int64_t acked, int max_s)
{
	for (int i = 0; i < max_s * 100; i++) {
		struct queue_counts c = counts(q);
		if (c.pending == 0 && c.acked >= acked)
			return true;
		nap_ms(10);
	}
	return false;
}

static void
enqueue(struct queue *q, int n, int64_t now, int tag)
{
	char payload[128];
	for (int i = 0; i < n; i++) {
		snprintf(payload, sizeof(payload), "{\"visit\":\"test\",\"tag\":%d,\"i\":%d}", tag,
		         i);
		if (queue_enqueue(q, "kiosk-test-0001", "visit-receipt", payload, now, NULL) < 0)
			printf("# enqueue failed\n");
	}
}

static void
base_cfg(struct kiosk_config *cfg, const char *db)
{
	config_defaults(cfg, NULL);
	snprintf(cfg->kiosk_id, sizeof(cfg->kiosk_id), "kiosk-test-0001");
	snprintf(cfg->cache_database, sizeof(cfg->cache_database), "%s", db);
	snprintf(cfg->clock_backend, sizeof(cfg->clock_backend), "fake");
	cfg->clock_fake_start_ms = 1735711200000LL; /* 2025-01-01T10:00:00+04:00 */
	cfg->sync_interval_s = 3600;                /* only kicks wake the worker */
}

/* ---- 1. sim backend ---- */

static void
test_sim_backend(void)
{
	struct kiosk_config cfg;
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct notes ns = {.lock = PTHREAD_MUTEX_INITIALIZER};
	char db[400];
	int64_t fails = 0;

	snprintf(db, sizeof(db), "%s/sim-backend.db", tap_tmpdir());
	base_cfg(&cfg, db);
	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "sim");
	is_int(clock_open(&clk, &cfg), 0, "fake clock");
	is_int(queue_open(db, &q), 0, "queue_open on a temp db");
	if (!q)
		return;

	struct sync_options opt = {.notify = on_note, .ctx = &ns, .seed = 42, .heartbeat_ms = -1};
	is_int(sync_start_opts(&s, &cfg, &clk, &opt), 0, "sync_start_opts (sim backend)");
	int ready = KERR_STATE;
	for (int i = 0; i < 500 && ready == KERR_STATE; i++) {
		ready = sync_net_control(s, "requests?");
		nap_ms(10);
	}
	is_int(ready, 0, "worker opened its net dev; nothing sent for an empty queue");

	enqueue(q, 5, clock_wall_ms(&clk), 1);
	const char *garbled[] = {
	        "reply {\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":\"R1\"}",
	        "reply not json at all",
	        "reply {\"results\":[{\"seq\":99,\"status\":\"accepted\",\"reference\":\"R\"}]}",
	        "reply {\"results\":[{\"seq\":1,\"status\":\"accepted\"}]}",
	        "reply {\"results\":[{\"seq\":1,\"status\":\"ok\",\"reference\":\"R\"}]}",
	        "reply {\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":\"A\"},"
	        "{\"seq\":1,\"status\":\"accepted\",\"reference\":\"B\"}]}",
	        "reply {\"results\":{\"seq\":1}}",
	        "reply_status 503 {\"error\":\"busy\"}",
	        "reply_status 500 "
	        "{\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":\"R\"}]}",
	        "reply_status 403 {\"error\":\"certificate revoked\"}",
	        "fail offline",
	        "fail timeout",
	        "fail io",
	        "fail tls",
	};
	int n = (int)(sizeof(garbled) / sizeof(garbled[0]));
	int held = 0;
	for (int i = 0; i < n; i++) {
		sync_net_control(s, garbled[i]);
		clock_advance(&clk, 301000); /* past any backoff */
		sync_kick(s);
		if (wait_failures(s, ++fails) && counts(q).acked == 0 && counts(q).pending == 5)
			held++;
		else
			printf("# case %d (%s) marked something or did not fail\n", i, garbled[i]);
	}
	is_int(held, n, "%d garbled, failed or refused answers marked nothing acked", n);
	is_int(note_count(&ns, SYNC_NOTE_OFFLINE), 1, "one OFFLINE note for the whole outage");
	is_int(note_count(&ns, SYNC_NOTE_ACKED), 0, "no ACKED note");
	struct queue_item it = {0};
	/* the worker counts a failure just before it records the retry: poll, bounded */
	for (int i = 0; i < 500; i++) {
		queue_item_clear(&it);
		queue_get(q, 1, &it);
		if (it.attempts >= n)
			break;
		nap_ms(10);
	}
	ok(it.attempts >= n && it.state == QUEUE_PENDING, "attempts counted (%d)", it.attempts);
	queue_item_clear(&it);

	/* backoff holds the worker: a kick without time passing sends nothing */
	struct sync_stats st;
	sync_get_stats(s, &st);
	int64_t req_before = st.requests;
	sync_kick(s);
	nap_ms(100);
	sync_get_stats(s, &st);
	is_int(st.requests, req_before, "kick during backoff sends nothing");

	/* partial answer: only seq 1 and 2 named; 3 rejected; 4, 5 missing */
	sync_net_control(s,
	                 "reply {\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":"
	                 "\"MOL-1\"},{\"seq\":2,\"status\":\"duplicate\",\"reference\":\"MOL-2\"},"
	                 "{\"seq\":3,\"status\":\"rejected\",\"reason\":\"unknown type\"}]}");
	clock_advance(&clk, 301000);
	sync_kick(s);
	bool applied = false;
	for (int i = 0; i < 500 && !applied; i++) {
		struct queue_counts c = counts(q);
		applied = c.acked == 2 && c.rejected == 1;
		nap_ms(10);
	}
	ok(applied, "partial answer: 2 acked, 1 rejected");
	is_int(counts(q).pending, 2, "items missing from the answer stay pending");
	queue_get(q, 1, &it);
	is_str(it.server_ref, "MOL-1", "server reference stored");
	queue_item_clear(&it);
	queue_get(q, 3, &it);
	ok(it.state == QUEUE_REJECTED && strstr(it.last_error, "unknown type"),
	   "rejected item parked with the reason");
	queue_item_clear(&it);
	is_int(note_count(&ns, SYNC_NOTE_ONLINE), 1, "one ONLINE note when the backend answered");
	is_int(note_count(&ns, SYNC_NOTE_REJECTED), 1, "one REJECTED note");

	/* the rest goes to the fake backend */
	clock_advance(&clk, 301000);
	sync_kick(s);
	ok(wait_drained(q, 4, 10), "remaining items acked by the fake backend");
	is_int(note_count(&ns, SYNC_NOTE_ACKED), 4, "an ACKED note per acked item");

	/* the answer is lost after the server stored the items: resent, deduplicated */
	enqueue(q, 3, clock_wall_ms(&clk), 2);
	sync_net_control(s, "drop_after_commit");
	sync_get_stats(s, &st);
	sync_kick(s);
	ok(wait_failures(s, st.failures + 1), "lost answer counts as a failure");
	is_int(counts(q).pending, 3, "items stay pending after a lost answer");
	int stored = sync_net_control(s, "stored?");
	sync_net_control(s, "drop_after_commit off");
	clock_advance(&clk, 301000);
	sync_kick(s);
	ok(wait_drained(q, 7, 10), "resent and acked");
	is_int(sync_net_control(s, "stored?"), stored, "the fake backend stored nothing twice");
	ok(sync_net_control(s, "duplicates?") >= 3, "the resend was answered as duplicates");

	/* a 400 on a batch is retried one by one, then only the bad item is rejected */
	enqueue(q, 3, clock_wall_ms(&clk), 3);
	sync_net_control(s, "reply_status 400 {\"error\":\"bad item\"}");
	sync_net_control(s, "reply_status 400 {\"error\":\"bad item\"}");
	sync_kick(s);
	bool split = false;
	for (int i = 0; i < 500 && !split; i++) {
		struct queue_counts c = counts(q);
		split = c.pending == 0 && c.rejected == 2;
		nap_ms(10);
	}
	ok(split, "400 on a batch: resent singly, only the refused item rejected");
	is_int(counts(q).acked, 9, "the others acked");

	sync_stop(s);
	ok(1, "sync_stop joined the worker");
	sync_stop(NULL);
	queue_close(q);
	clock_close(&clk);
}

/* The heartbeat makes the kiosk show online with an empty queue; the depth notes follow the
 * queue. */
static void
test_heartbeat(void)
{
	struct kiosk_config cfg;
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct notes ns = {.lock = PTHREAD_MUTEX_INITIALIZER, .depth = -1};
	struct sync_stats st = {0};
	char db[400];

	snprintf(db, sizeof(db), "%s/heartbeat.db", tap_tmpdir());
	base_cfg(&cfg, db);
	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "sim");
	clock_open(&clk, &cfg);
	is_int(queue_open(db, &q), 0, "heartbeat: queue_open");
	struct sync_options opt = {.notify = on_note, .ctx = &ns, .seed = 5};
	is_int(sync_start_opts(&s, &cfg, &clk, &opt), 0, "heartbeat: worker starts");
	for (int i = 0; i < 500 && (st.heartbeats == 0 || note_count(&ns, SYNC_NOTE_DEPTH) == 0);
	     i++) {
		nap_ms(10);
		sync_get_stats(s, &st);
	}
	is_int(st.heartbeats, 1, "a heartbeat at start");
	is_int(st.online, 1, "online with an empty queue");
	is_int(note_count(&ns, SYNC_NOTE_ONLINE), 1,
	       "the ONLINE note came without any transaction");
	pthread_mutex_lock(&ns.lock);
	int64_t d = ns.depth;
	pthread_mutex_unlock(&ns.lock);
	is_int(d, 0, "depth 0 posted");
	is_int(sync_net_control(s, "printer_health?"), 0, "printer health unknown at start");

	sync_set_health(s, SYNC_DEV_PRINTER, SYNC_HEALTH_FAULT);
	sync_set_health(s, SYNC_DEV_CARD, SYNC_HEALTH_OK);
	clock_advance(&clk, (int64_t)cfg.sync_interval_s * 1000 + 1);
	sync_kick(s);
	for (int i = 0; i < 500 && sync_net_control(s, "printer_health?") != 2; i++)
		nap_ms(10);
	is_int(sync_net_control(s, "printer_health?"), 2,
	       "the next heartbeat reports the printer fault");
	is_int(sync_net_control(s, "card_health?"), 1, "and the card reader as ok");

	sync_net_control(s, "offline");
	enqueue(q, 3, clock_wall_ms(&clk), 9);
	sync_kick(s);
	for (int i = 0; i < 500 && d != 3; i++) {
		nap_ms(10);
		pthread_mutex_lock(&ns.lock);
		d = ns.depth;
		pthread_mutex_unlock(&ns.lock);
	}
	is_int(d, 3, "depth 3 posted while offline");
	sync_net_control(s, "online");
	clock_advance(&clk, 301000);
	sync_kick(s);
	for (int i = 0; i < 500 && d != 0; i++) {
		nap_ms(10);
		pthread_mutex_lock(&ns.lock);
		d = ns.depth;
		pthread_mutex_unlock(&ns.lock);
	}
	is_int(d, 0, "depth back to 0 once sent");
	struct queue_counts c = counts(q);
	is_int(c.acked_through, 3, "watermark: acknowledged up to 3");
	sync_stop(s);
	queue_close(q);
	clock_close(&clk);
}

/* ---- 2. ministry simulator ---- */

static long
admin_stat(int port, const char *field)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	ministry_cfg(&cfg, port);
	struct net_dev dev;
	struct net_response resp;
	long v = -1;
	if (net_open(&dev, &cfg) < 0)
		return -1;
	struct net_request req = {.method = "GET", .path = "/admin/stats"};
	if (net_request(&dev, &req, &resp) == 0 && resp.status == 200) {
		json_error_t e;
		json_t *j = json_loadb((const char *)resp.body.data, resp.body.len, 0, &e);
		if (json_is_integer(json_object_get(j, field)))
			v = (long)json_integer_value(json_object_get(j, field));
		json_decref(j);
	}
	kbuf_free(&resp.body);
	net_close(&dev);
	return v;
}

static void
run_against_sim(const char *name, int items, char *const extra[], int64_t base_ms, int64_t cap_ms)
{
	char db[400], simdb[400];
	struct kiosk_config cfg;
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct notes ns = {.lock = PTHREAD_MUTEX_INITIALIZER};
	int port = 0;

	snprintf(db, sizeof(db), "%s/%s-kiosk.db", tap_tmpdir(), name);
	snprintf(simdb, sizeof(simdb), "%s/%s-ministry.db", tap_tmpdir(), name);
	pid_t sim = start_sim(simdb, extra, &port);
	ok(sim > 0, "%s: ministry-sim started (port %d)", name, port);
	if (sim <= 0)
		return;

	base_cfg(&cfg, db);
	snprintf(cfg.clock_backend, sizeof(cfg.clock_backend), "system");
	ministry_cfg(&cfg, port);
	cfg.backend_timeout_ms = 5000;
	clock_open(&clk, &cfg);
	if (queue_open(db, &q) < 0) {
		ok(0, "%s: queue_open", name);
		kill_kid(sim);
		return;
	}
	enqueue(q, items, clock_wall_ms(&clk), 0);

	struct sync_options opt = {.notify = on_note,
	                           .ctx = &ns,
	                           .seed = 7,
	                           .backoff_base_ms = base_ms,
	                           .backoff_cap_ms = cap_ms};
	double t0 = now_s();
	sync_start_opts(&s, &cfg, &clk, &opt);
	bool drained = wait_drained(q, items, 120);
	double dt = now_s() - t0;
	struct sync_stats st;
	sync_get_stats(s, &st);
	sync_stop(s);
	ok(drained, "%s: all %d items acked", name, items);
	struct queue_counts c = counts(q);
	is_int(c.acked, items, "%s: queue says %d acked", name, items);

	/* every item acked with its own server reference: stored exactly once */
	int refs_ok = 0, distinct = 1;
	char(*refs)[64] = calloc((size_t)items + 1, 64);
	for (int i = 1; i <= items; i++) {
		struct queue_item it = {0};
		if (queue_get(q, i, &it) == 0 && it.state == QUEUE_ACKED &&
		    strncmp(it.server_ref, "MOL-", 4) == 0) {
			refs_ok++;
			snprintf(refs[i], 64, "%s", it.server_ref);
		}
		queue_item_clear(&it);
	}
	for (int i = 1; i <= items && distinct; i++)
		for (int j = i + 1; j <= items; j++)
			if (strcmp(refs[i], refs[j]) == 0) {
				distinct = 0;
				break;
			}
	free(refs);
	is_int(refs_ok, items, "%s: every item carries a MOL- reference", name);
	ok(distinct, "%s: all references distinct", name);

	long dups = admin_stat(port, "duplicates");
	long reqs = admin_stat(port, "requests");
	kill_kid(sim);
	is_int(sim_count(simdb), items, "%s: the simulator stored exactly %d", name, items);
	printf("# %s: %d items in %.2f s (%.0f items/s), %lld POSTs (%lld failed), %lld retries, "
	       "server saw %ld requests and suppressed %ld duplicates\n",
	       name, items, dt, items / (dt > 0 ? dt : 1e-9), (long long)st.requests,
	       (long long)st.failures, (long long)st.retried, reqs, dups);
	if (extra) {
		ok(dups > 0, "%s: the lost answers were resent and deduplicated (%ld)", name, dups);
		ok(st.failures > 0, "%s: faults were seen (%lld failed POSTs)", name,
		   (long long)st.failures);
	}
	queue_close(q);
	clock_close(&clk);
}

/* The payment link of an acknowledgement: kept when it is an https link of printable ASCII,
 * left out (the acknowledgement still counts) when it is not. */
static void
test_pay_url(void)
{
	int64_t seqs[] = {1, 2, 3};
	struct sync_item_result r[3];
	const char *body = "{\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":"
	                   "\"MOL-1\",\"pay_url\":\"https://pay.example/p/B-1\"},{\"seq\":2,"
	                   "\"status\":\"accepted\",\"reference\":\"MOL-2\",\"pay_url\":"
	                   "\"javascript:alert(1)\"},{\"seq\":3,\"status\":\"duplicate\","
	                   "\"reference\":\"MOL-3\",\"pay_url\":\"https://a b\"}]}";
	is_int(sync_reply_parse(body, strlen(body), seqs, 3, r), 0, "a reply with payment links");
	is_str(r[0].pay_url, "https://pay.example/p/B-1", "an https link is kept");
	ok(r[1].status == SYNC_ITEM_ACCEPTED && !r[1].pay_url[0],
	   "another scheme: left out, the acknowledgement stands");
	ok(r[2].status == SYNC_ITEM_DUPLICATE && !r[2].pay_url[0], "a link with a space: left out");
	const char *nums = "{\"results\":[{\"seq\":1,\"status\":\"accepted\",\"reference\":"
	                   "\"MOL-1\",\"registration_no\":\"JS-2026-00001\"},{\"seq\":2,\"status\":"
	                   "\"accepted\",\"reference\":\"MOL-2\",\"registration_no\":\"JS\\n1\"}]}";
	is_int(sync_reply_parse(nums, strlen(nums), seqs, 2, r), 0, "a reply with numbers");
	is_str(r[0].number, "JS-2026-00001", "the ministry's registration number is kept");
	ok(r[1].status == SYNC_ITEM_ACCEPTED && !r[1].number[0],
	   "one with a control character: left out, the acknowledgement stands");
}

int
main(void)
{
	ministry_init(300);
	test_pay_url();

	is_int(net_global_init(), 0, "net_global_init");
	test_sim_backend();
	test_heartbeat();

	is_int(make_test_pki("kiosk-test-0001"), 0, "scripts/make-test-pki");
	run_against_sim("clean", 50, NULL, 0, 0);
	char *faults[] = {(char *)"--fail-pct",
	                  (char *)"20",
	                  (char *)"--drop-after-commit-pct",
	                  (char *)"30",
	                  (char *)"--seed",
	                  (char *)"7",
	                  NULL};
	run_against_sim("faults", 200, faults, 20, 200);

	kill_kids();
	net_global_cleanup();
	return tap_done();
}
