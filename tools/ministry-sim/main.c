/*
 * ministry-sim - an HTTPS stand-in for the Ministry of Labour backend, for tests and demos.
 *
 *   ministry-sim --port N --db FILE --cert server.pem --key server.key --ca ca.pem
 *                [--latency-ms N] [--fail-pct P] [--drop-after-commit-pct P] [--seed N]
 *                [--plain-http]
 *   ministry-sim --count --db FILE      prints the number of stored transactions and exits
 *
 * Serves the API of docs/backend-api.md with libmicrohttpd (GnuTLS): mutual TLS, the client's
 * certificate must chain to --ca and its CN is the kiosk id. --port 0 picks a free port and
 * prints "listening on PORT" on stdout. Storage and the dedupe rule are in store.c.
 * Faults: --latency-ms delays every answer; --fail-pct answers 503 before touching the store;
 * --drop-after-commit-pct commits, then either closes the connection without an answer or
 * answers 500 (alternately), the "lost ack" case a kiosk must survive. --seed makes the faults
 * repeatable. SIGINT/SIGTERM stop it cleanly. --plain-http is for debugging by hand only.
 * Where to start: on_request().
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "store.h"

#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BODY_MAX  (1024 * 1024) /* larger request bodies get 413 */
#define PEM_MAX   (64 * 1024)
#define ITEMS_MAX 100

struct sim {
	struct store *store;
	bool tls;
	int latency_ms, fail_pct, drop_pct;
	pthread_mutex_t lock; /* guards the fields below */
	uint64_t rng;
	int64_t requests, duplicates;
	unsigned drops;
};

struct req_ctx {
	struct kbuf body;
	bool too_big;
	char kiosk_id[64]; /* from the client certificate's CN */
};

/* 0 when the peer sent a certificate that chains to --ca; its CN goes to id. */
static int
peer_check(struct MHD_Connection *conn, char *id, size_t idsize)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session)
		return KERR_TLS;
	gnutls_session_t sess = (gnutls_session_t)ci->tls_session;
	unsigned int status = 0, n = 0;
	const gnutls_datum_t *certs = gnutls_certificate_get_peers(sess, &n);
	if (!certs || n == 0)
		return KERR_TLS; /* no client certificate */
	if (gnutls_certificate_verify_peers2(sess, &status) < 0 || status != 0)
		return KERR_TLS; /* unknown CA, expired, ... */
	gnutls_x509_crt_t crt;
	if (gnutls_x509_crt_init(&crt) < 0)
		return KERR_TLS;
	size_t len = idsize;
	int rc = 0;
	if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) < 0 ||
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, id, &len) < 0 ||
	    len == 0)
		rc = KERR_TLS;
	gnutls_x509_crt_deinit(crt);
	return rc;
}

/* xorshift64*: repeatable faults from --seed */
static unsigned
sim_rand_pct(struct sim *sim)
{
	pthread_mutex_lock(&sim->lock);
	uint64_t x = sim->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	sim->rng = x;
	pthread_mutex_unlock(&sim->lock);
	return (unsigned)((x * 2685821657736338717ULL) >> 33) % 100;
}

static void
iso_now(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Queues a JSON answer; steals j. */
static enum MHD_Result
reply_json(struct MHD_Connection *conn, unsigned int status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		text = xstrdup("{\"error\":\"internal error\"}");
	struct MHD_Response *r =
	        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (status == 503)
		MHD_add_response_header(r, "Retry-After", "1");
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_error(struct MHD_Connection *conn, unsigned int status, const char *msg)
{
	return reply_json(conn, status, json_pack("{s:s}", "error", msg));
}

static enum MHD_Result
on_transactions(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_error_t jerr;
	json_t *root = NULL, *results = NULL;
	char msg[200];
	enum MHD_Result ret;

	pthread_mutex_lock(&sim->lock);
	sim->requests++;
	pthread_mutex_unlock(&sim->lock);

	if (ctx->too_big)
		return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large");
	if (!MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key"))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, "Idempotency-Key header required");
	if (sim->fail_pct && sim_rand_pct(sim) < (unsigned)sim->fail_pct)
		return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		                   "temporarily unavailable (simulated)");

	root = json_loadb(ctx->body.data ? (const char *)ctx->body.data : "", ctx->body.len,
	                  JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(msg, sizeof(msg), "malformed JSON: %s", jerr.text);
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, msg);
	}
	const char *kiosk = json_string_value(json_object_get(root, "kiosk_id"));
	json_t *items = json_object_get(root, "items");
	if (!json_is_object(root) || !kiosk || !kiosk[0] ||
	    strlen(kiosk) >= sizeof(ctx->kiosk_id) || !json_is_array(items) ||
	    json_array_size(items) == 0 || json_array_size(items) > ITEMS_MAX) {
		ret = reply_error(conn, MHD_HTTP_BAD_REQUEST,
		                  "body must be {\"kiosk_id\":string,\"items\":[1..100 items]}");
		goto out;
	}
	if (sim->tls && strcmp(kiosk, ctx->kiosk_id) != 0) {
		ret = reply_error(conn, MHD_HTTP_FORBIDDEN,
		                  "kiosk_id does not match the client certificate");
		goto out;
	}
	int dups = 0;
	if (store_apply(sim->store, kiosk, items, &results, &dups) < 0) {
		ret = reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "storage error; retry");
		goto out;
	}
	pthread_mutex_lock(&sim->lock);
	sim->duplicates += dups;
	pthread_mutex_unlock(&sim->lock);

	if (sim->drop_pct && sim_rand_pct(sim) < (unsigned)sim->drop_pct) {
		pthread_mutex_lock(&sim->lock);
		unsigned d = sim->drops++;
		pthread_mutex_unlock(&sim->lock);
		json_decref(results);
		if (d % 2 == 0) {
			ret = MHD_NO; /* committed; the connection closes with no answer */
			goto out;
		}
		ret = reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                  "internal error (simulated, after commit)");
		goto out;
	}
	ret = reply_json(conn, MHD_HTTP_OK, json_pack("{s:o}", "results", results));
out:
	json_decref(root);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct sim *sim = cls;
	struct req_ctx *ctx = *con_cls;
	(void)version;

	if (!ctx) {
		/* First call: only the headers are in. Refuse an unauthenticated client before
		 * reading its body. */
		ctx = xcalloc(1, sizeof(*ctx));
		kbuf_init(&ctx->body, BODY_MAX);
		*con_cls = ctx;
		if (sim->tls && peer_check(conn, ctx->kiosk_id, sizeof(ctx->kiosk_id)) < 0) {
			klog(KLOG_WARN, "sim", "%s %s: refused: no valid client certificate",
			     method, url);
			return reply_error(conn, MHD_HTTP_FORBIDDEN,
			                   "a client certificate from the kiosk CA is required");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!ctx->too_big && kbuf_add(&ctx->body, upload_data, *upload_data_size) < 0)
			ctx->too_big = true; /* keep reading, then answer 413 */
		*upload_data_size = 0;
		return MHD_YES;
	}

	if (sim->latency_ms > 0) {
		struct timespec ts = {sim->latency_ms / 1000,
		                      (long)(sim->latency_ms % 1000) * 1000000};
		nanosleep(&ts, NULL);
	}
	bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
	if (strcmp(url, "/v1/transactions") == 0) {
		if (!post)
			return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "use POST");
		return on_transactions(sim, conn, ctx);
	}
	if (strcmp(url, "/v1/health") == 0) {
		if (!get)
			return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET");
		char now[32];
		iso_now(now, sizeof(now));
		return reply_json(conn, MHD_HTTP_OK,
		                  json_pack("{s:s,s:s}", "status", "ok", "time", now));
	}
	if (strcmp(url, "/admin/stats") == 0) {
		if (!get)
			return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET");
		int64_t n = store_count(sim->store);
		pthread_mutex_lock(&sim->lock);
		json_t *j = json_pack("{s:I,s:I,s:I}", "transactions", (json_int_t)n, "requests",
		                      (json_int_t)sim->requests, "duplicates",
		                      (json_int_t)sim->duplicates);
		pthread_mutex_unlock(&sim->lock);
		return reply_json(conn, n < 0 ? MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_OK, j);
	}
	return reply_error(conn, MHD_HTTP_NOT_FOUND, "no such endpoint");
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct req_ctx *ctx = *con_cls;
	if (!ctx)
		return;
	kbuf_free(&ctx->body);
	free(ctx);
	*con_cls = NULL;
}

static char *
read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "ministry-sim: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct kbuf b;
	kbuf_init(&b, PEM_MAX);
	char chunk[4096];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = kbuf_add(&b, chunk, n);
	fclose(f);
	if (rc < 0 || b.len == 0) {
		fprintf(stderr, "ministry-sim: %s: empty or larger than %d bytes\n", path, PEM_MAX);
		kbuf_free(&b);
		return NULL;
	}
	return kbuf_take(&b);
}

static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return KERR_INVAL;
	*out = (int)v;
	return 0;
}

static void
usage(FILE *f)
{
	fputs("usage: ministry-sim --port N --db FILE --cert PEM --key PEM --ca PEM\n"
	      "                    [--latency-ms N] [--fail-pct P] [--drop-after-commit-pct P]\n"
	      "                    [--seed N] [--plain-http]\n"
	      "       ministry-sim --count --db FILE\n",
	      f);
}

int
main(int argc, char **argv)
{
	const char *db = NULL, *cert = NULL, *key = NULL, *ca = NULL;
	int port = -1, seed = 1;
	bool count = false, plain = false;
	struct sim sim = {0};
	char *cert_pem = NULL, *key_pem = NULL, *ca_pem = NULL;
	struct MHD_Daemon *d = NULL;
	int status = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0;
		if (strcmp(a, "--count") == 0) {
			count = true;
			continue;
		} else if (strcmp(a, "--plain-http") == 0) {
			plain = true;
			continue;
		} else if (strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			bad = 1;
		} else if (strcmp(a, "--port") == 0) {
			bad = parse_int(v, 0, 65535, &port);
		} else if (strcmp(a, "--db") == 0) {
			db = v;
		} else if (strcmp(a, "--cert") == 0) {
			cert = v;
		} else if (strcmp(a, "--key") == 0) {
			key = v;
		} else if (strcmp(a, "--ca") == 0) {
			ca = v;
		} else if (strcmp(a, "--latency-ms") == 0) {
			bad = parse_int(v, 0, 600000, &sim.latency_ms);
		} else if (strcmp(a, "--fail-pct") == 0) {
			bad = parse_int(v, 0, 100, &sim.fail_pct);
		} else if (strcmp(a, "--drop-after-commit-pct") == 0) {
			bad = parse_int(v, 0, 100, &sim.drop_pct);
		} else if (strcmp(a, "--seed") == 0) {
			bad = parse_int(v, 0, 0x7fffffff, &seed);
		} else {
			bad = 1;
		}
		if (bad) {
			fprintf(stderr, "ministry-sim: bad option %s\n", a);
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (!db || (!count && port < 0) || (!count && !plain && (!cert || !key || !ca))) {
		usage(stderr);
		return 2;
	}

	if (store_open(db, &sim.store) < 0)
		return 1;
	if (count) {
		int64_t n = store_count(sim.store);
		store_close(sim.store);
		if (n < 0)
			return 1;
		printf("%lld\n", (long long)n);
		return 0;
	}

	pthread_mutex_init(&sim.lock, NULL);
	sim.rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)seed;
	sim.tls = !plain;
	signal(SIGPIPE, SIG_IGN);
	/* Block the stop signals before MHD starts its threads, so only sigwait() sees them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	unsigned int flags =
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	if (sim.tls) {
		cert_pem = read_pem(cert);
		key_pem = read_pem(key);
		ca_pem = read_pem(ca);
		if (!cert_pem || !key_pem || !ca_pem)
			goto out;
		d = MHD_start_daemon(flags | MHD_USE_TLS, (uint16_t)port, NULL, NULL, on_request,
		                     &sim, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		                     MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_HTTPS_MEM_KEY,
		                     key_pem, MHD_OPTION_HTTPS_MEM_TRUST, ca_pem,
		                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sim,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	} else {
		d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, &sim,
		                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sim,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	}
	if (!d) {
		fprintf(stderr, "ministry-sim: cannot listen on 127.0.0.1:%d\n", port);
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on %u\n", di ? (unsigned)di->port : (unsigned)port);
	fflush(stdout);
	fprintf(stderr, "ministry-sim: %s, seed %d, latency %d ms, fail %d%%, drop %d%%\n",
	        sim.tls ? "mutual TLS" : "PLAIN HTTP (debug only)", seed, sim.latency_ms,
	        sim.fail_pct, sim.drop_pct);

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "ministry-sim: signal %d, stopping\n", sig);
	status = 0;
out:
	if (d)
		MHD_stop_daemon(d);
	store_close(sim.store);
	if (key_pem)
		xwipe(key_pem, strlen(key_pem));
	free(cert_pem);
	free(key_pem);
	free(ca_pem);
	pthread_mutex_destroy(&sim.lock);
	return status;
}
