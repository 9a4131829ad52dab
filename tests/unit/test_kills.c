/*
 * test_kills.c - exactly once through process kills. A child process plays the kiosk: it opens
 * the outbox, starts the real sync worker (curl, mutual TLS) against the ministry simulator, and
 * enqueues transactions as fast as it can, writing "seq key" to a pipe after each
 * queue_enqueue() returned 0 (the moment the kiosk would show or print it). The test kills it
 * with SIGKILL at a random moment, again and again (KILLS, default 200; `make soak` sets 2000),
 * while the simulator drops 10% of its answers after committing. Then a last worker drains
 * the queue, and the simulator must hold every acknowledged transaction exactly once, and
 * nothing else. Binaries via $KIOSK_BUILD (default "build"); run from the repository root.
 */
#define _DEFAULT_SOURCE
#include "../tap.h"

#include "../../app/sync.h"
#include "../../app/sync_hooks.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"

#include "../ministry.h"

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_ID "kiosk-test-0001"

struct acked {
	int64_t seq;
	char key[QUEUE_KEY_LEN + 1];
};

static uint64_t rng = 0x6b696c6cULL;

static uint64_t
rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
drop_note(struct sync_note *n, void *ctx)
{
	(void)ctx;
	free(n);
}

/* The child: the kiosk's main thread enqueuing, its sync worker sending. Never returns. */
static void
child_kiosk(const struct kiosk_config *cfg, int fd, uint64_t seed)
{
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct sync_options opt = {
	        .notify = drop_note, .seed = seed, .backoff_base_ms = 5, .backoff_cap_ms = 50};
	if (net_global_init() < 0 || clock_open(&clk, cfg) < 0 ||
	    queue_open(cfg->cache_database, &q) < 0)
		_exit(3);
	if (sync_start_opts(&s, cfg, &clk, &opt) < 0)
		_exit(4);
	for (unsigned i = 0;; i++) {
		struct queue_item it;
		char payload[96], line[80];
		snprintf(payload, sizeof(payload), "{\"visit\":\"kill-test\",\"pid\":%d,\"i\":%u}",
		         (int)getpid(), i);
		if (queue_enqueue(q, KIOSK_ID, "visit-receipt", payload, clock_wall_ms(&clk),
		                  &it) == 0) {
			int n = snprintf(line, sizeof(line), "%lld %s\n", (long long)it.seq,
			                 it.key);
			if (write(fd, line, (size_t)n) != n)
				_exit(5);
			queue_item_clear(&it);
		}
		sync_kick(s);
		nap_ms((long)(seed % 3) + (long)(i % 2));
	}
}

/* Reads every "seq key" line the child wrote before it died. */
static int
collect(int fd, struct acked *out, int *n, int max)
{
	char buf[8192];
	size_t len = 0;
	ssize_t r;
	while ((r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)r;
		buf[len] = 0;
		char *line = buf, *nl;
		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			long long seq;
			char key[QUEUE_KEY_LEN + 1];
			if (sscanf(line, "%lld %36s", &seq, key) == 2 && *n < max) {
				out[*n].seq = seq;
				snprintf(out[*n].key, sizeof(out[*n].key), "%s", key);
				(*n)++;
			}
			line = nl + 1;
		}
		len = strlen(line);
		memmove(buf, line, len + 1);
	}
	return 0;
}

/* How many times the simulator stored key (-1 on error). */
static int
sim_has(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT count(*) FROM transactions WHERE kiosk_id = ?1"
	                       " AND idempotency_key = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, KIOSK_ID, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t
sim_total(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM transactions", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
main(void)
{
	const char *k = getenv("KILLS");
	int kills = k ? (int)strtol(k, NULL, 10) : 200;
	if (kills < 1)
		kills = 200;
	ministry_init(kills > 500 ? 3000 : 600);
	signal(SIGPIPE, SIG_IGN);

	is_int(make_test_pki(KIOSK_ID), 0, "scripts/make-test-pki");

	char db[400], simdb[400];
	snprintf(db, sizeof(db), "%s/kills-kiosk.db", tap_tmpdir());
	snprintf(simdb, sizeof(simdb), "%s/kills-ministry.db", tap_tmpdir());
	char *faults[] = {(char *)"--drop-after-commit-pct", (char *)"10", (char *)"--seed",
	                  (char *)"11", NULL};
	int port = 0;
	pid_t sim = start_sim(simdb, faults, &port);
	ok(sim > 0, "ministry-sim started");
	if (sim <= 0)
		return tap_done();
	struct kiosk_config cfg;
	ministry_kiosk_cfg(&cfg, KIOSK_ID, db, port);

	int max = kills * 200 + 1000, nacked = 0, done_kills = 0, early = 0, window = 60;
	struct acked *acked = calloc((size_t)max, sizeof(*acked));
	for (int i = 0; i < kills; i++) {
		int p[2];
		if (pipe(p) < 0)
			break;
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			child_kiosk(&cfg, p[1], rnd());
		}
		close(p[1]);
		if (pid < 0) {
			close(p[0]);
			break;
		}
		/* anywhere: opening, enqueuing, mid-POST. The window widens while children die
		 * before their first commit (a slow run, e.g. under valgrind), so kills still land
		 * at every stage instead of always during start-up. */
		nap_ms(1 + (long)(rnd() % (unsigned long)window));
		kill(pid, SIGKILL);
		int st = 0;
		waitpid(pid, &st, 0);
		if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL))
			early++; /* died by itself: a failure */
		int before = nacked;
		collect(p[0], acked, &nacked, max);
		close(p[0]);
		done_kills++;
		if (nacked == before && window < 4000)
			window *= 2;
		else if (nacked > before && window > 60)
			window -= window / 8;
	}
	is_int(done_kills, kills, "%d SIGKILLs at random moments", kills);
	is_int(early, 0, "no child died by itself");
	ok(nacked > kills, "the children acknowledged transactions (%d)", nacked);

	/* the kiosk restarts one last time and is left to finish */
	struct clock_dev clk;
	struct queue *q = NULL;
	struct sync *s = NULL;
	struct sync_options opt = {
	        .notify = drop_note, .seed = 99, .backoff_base_ms = 5, .backoff_cap_ms = 50};
	net_global_init();
	clock_open(&clk, &cfg);
	is_int(queue_open(db, &q), 0, "the outbox reopens after %d kills", kills);
	is_int(q ? queue_check(q) : -1, 0, "and passes the full integrity check");
	sync_start_opts(&s, &cfg, &clk, &opt);
	struct queue_counts c = {0};
	bool drained = false;
	for (int i = 0; q && i < 6000 && !drained; i++) { /* bounded: 60 s */
		if (queue_counts(q, &c) == 0 && c.pending == 0)
			drained = true;
		else
			nap_ms(10);
	}
	sync_stop(s);
	ok(drained, "the queue drained after the last restart (%lld items)", (long long)c.acked);
	is_int(c.rejected, 0, "nothing was rejected");
	is_int(c.acked, c.last_seq, "every row is acked, gapless to %lld", (long long)c.last_seq);

	int in_queue = 0;
	for (int i = 0; q && i < nacked; i++) {
		struct queue_item it;
		if (queue_get(q, acked[i].seq, &it) == 0 && strcmp(it.key, acked[i].key) == 0)
			in_queue++;
		queue_item_clear(&it);
	}
	is_int(in_queue, nacked, "every acknowledged transaction is in the outbox with its key");
	queue_close(q);
	clock_close(&clk);
	net_global_cleanup();

	kill_kid(sim);
	sqlite3 *sdb = NULL;
	int once = 0, missing = 0, doubled = 0;
	if (sqlite3_open_v2(simdb, &sdb, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		for (int i = 0; i < nacked; i++) {
			int n = sim_has(sdb, acked[i].key);
			if (n == 1)
				once++;
			else if (n == 0)
				missing++;
			else
				doubled++;
		}
		int64_t total = sim_total(sdb);
		is_int(total, c.last_seq, "the simulator holds exactly the outbox's %lld rows",
		       (long long)c.last_seq);
	}
	sqlite3_close(sdb);
	is_int(once, nacked, "every acknowledged transaction stored exactly once");
	is_int(missing, 0, "none missing");
	is_int(doubled, 0, "none doubled");
	printf("# %d kills, %d acknowledged, %lld in the outbox\n", done_kills, nacked,
	       (long long)c.last_seq);
	free(acked);
	kill_kids();
	return tap_done();
}
