/*
 * ministry-sim - an HTTPS stand-in for the Ministry of Labour backend, for tests and demos.
 *
 *   ministry-sim --port N --db FILE --cert server.pem --key server.key --ca ca.pem
 *                [--latency-ms N] [--fail-pct P] [--drop-after-commit-pct P] [--reset-pct P]
 *                [--hang-pct P] [--hang-ms N] [--truncate-pct P] [--seed N] [--plain-http]
 *   ministry-sim --count --db FILE      prints the number of stored transactions and exits
 *
 * Serves the API of docs/backend-api.md with libmicrohttpd (GnuTLS): mutual TLS, the client's
 * certificate must chain to --ca and its CN is the kiosk id. --port 0 picks a free port and
 * prints "listening on PORT" on stdout. Storage, the dedupe rule and the seeded (invented) data
 * set are in store.c; routes[] below maps method + path to a handler: the outbox, heartbeat,
 * reference data and admin routes are here, each query route has its own file (route_*.c,
 * answered through answer.c). sim.h lists the files.
 * Faults: --latency-ms delays every answer; --fail-pct answers 503 before touching the store;
 * --drop-after-commit-pct commits, then either closes the connection without an answer or
 * answers 500 (alternately), the "lost ack" case a kiosk must survive; --reset-pct resets the TCP
 * connection (RST) before touching the store; --hang-pct holds the request --hang-ms (default
 * 10000) without answering, then closes it, nothing stored; --truncate-pct commits, then sends
 * half of the answer and cuts the connection. POST /admin/faults {"latency_ms":N,"fail_pct":P,
 * "drop_pct":P,"reset_pct":P,"hang_pct":P,"hang_ms":N,"truncate_pct":P} changes them at run time
 * (absent fields unchanged) and answers the current set; {"answer_fault": {"route": PATH, "mode":
 * M, "slow_ms": N}} sets a query route's answer fault (answer.c). --seed makes the faults
 * repeatable. The log says paths, statuses and timings, never a body or an identifier.
 * SIGINT/SIGTERM stop it cleanly. --plain-http is for debugging by hand only.
 * Where to start: routes[], then on_request().
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "sim.h"
#include "store.h"

#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/kparse.h"
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
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BODY_MAX  (1024 * 1024) /* larger request bodies get 413 */
#define PEM_MAX   (64 * 1024)
#define ITEMS_MAX 100

static sim_route_fn on_transactions, on_health, on_heartbeat, on_refdata, on_stats, on_faults,
        on_admin_refdata;

/* The route table: method + path -> handler. A query route names its enum sim_query (counted in
 * /admin/stats, answer faults); HACKING.md says how to add one. */
static const struct route routes[] = {
        {"POST", "/v1/transactions", on_transactions, -1},
        {"GET", "/v1/health", on_health, -1},
        {"POST", "/v1/heartbeat", on_heartbeat, -1},
        {"GET", "/v1/refdata", on_refdata, -1},
        {"POST", "/v1/signin", route_signin, SIM_Q_SIGNIN},
        {"POST", "/v1/workers/record", route_worker_record, SIM_Q_WORKER_RECORD},
        {"POST", "/v1/establishments/licences", route_establishment_licences,
         SIM_Q_ESTABLISHMENT_LICENCES},
        {"POST", "/v2/workers/record", route_worker_record_v2, SIM_Q_WORKER_RECORD_V2},
        {"POST", "/v2/establishments/licences", route_establishment_licences_v2,
         SIM_Q_ESTABLISHMENT_LICENCES_V2},
        {"POST", "/v1/persons/access-log", route_access_log, SIM_Q_ACCESS_LOG},
        {"POST", "/v1/establishments/renewals", route_renewals, SIM_Q_RENEWALS},
        {"POST", "/v1/transfers/eligibility", route_transfer_eligibility,
         SIM_Q_TRANSFER_ELIGIBILITY},
        {"POST", "/v1/receipts/lookup", route_receipt_lookup, SIM_Q_RECEIPT_LOOKUP},
        {"GET", "/pay/", route_pay, -1},
        {"GET", "/admin/stats", on_stats, -1},
        {"POST", "/admin/faults", on_faults, -1},
        {"POST", "/admin/refdata", on_admin_refdata, -1},
        {"POST", "/admin/eligibility-extra", route_eligibility_extra, -1},
};

/* the /admin/stats name of each query route's counter, by enum sim_query */
static const char *const query_stat[SIM_Q_COUNT_] = {
        [SIM_Q_SIGNIN] = "signin",
        [SIM_Q_WORKER_RECORD] = "worker_record",
        [SIM_Q_ESTABLISHMENT_LICENCES] = "establishment_licences",
        [SIM_Q_WORKER_RECORD_V2] = "worker_record_v2",
        [SIM_Q_ESTABLISHMENT_LICENCES_V2] = "establishment_licences_v2",
        [SIM_Q_ACCESS_LOG] = "access_log",
        [SIM_Q_RENEWALS] = "renewals",
        [SIM_Q_TRANSFER_ELIGIBILITY] = "transfer_eligibility",
        [SIM_Q_RECEIPT_LOOKUP] = "receipt_lookup",
};

const struct route *
route_query(const char *path)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].query >= 0 && strcmp(routes[i].path, path) == 0)
			return &routes[i];
	return NULL;
}

const char *
route_query_path(enum sim_query q)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].query == (int)q)
			return routes[i].path;
	return "?";
}

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

static struct faults
sim_faults(struct sim *sim)
{
	pthread_mutex_lock(&sim->lock);
	struct faults f = sim->f;
	pthread_mutex_unlock(&sim->lock);
	return f;
}

static void
sim_bump(struct sim *sim, int64_t *field)
{
	pthread_mutex_lock(&sim->lock);
	(*field)++;
	pthread_mutex_unlock(&sim->lock);
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
	struct faults f = sim_faults(sim);

	if (ctx->too_big)
		return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large");
	if (!MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key"))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, "Idempotency-Key header required");
	if (f.fail_pct && sim_rand_pct(sim) < (unsigned)f.fail_pct)
		return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		                   "temporarily unavailable (simulated)");
	if (f.reset_pct && sim_rand_pct(sim) < (unsigned)f.reset_pct) {
		sim_bump(sim, &sim->resets);
		return reply_reset(conn);
	}
	if (f.hang_pct && sim_rand_pct(sim) < (unsigned)f.hang_pct) {
		sim_bump(sim, &sim->hangs);
		struct timespec ts = {f.hang_ms / 1000, (long)(f.hang_ms % 1000) * 1000000};
		nanosleep(&ts, NULL);
		return MHD_NO; /* nothing stored, no answer */
	}

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

	if (f.truncate_pct && sim_rand_pct(sim) < (unsigned)f.truncate_pct) {
		sim_bump(sim, &sim->truncations);
		ret = reply_truncated(conn, json_pack("{s:o}", "results", results));
		goto out;
	}
	if (f.drop_pct && sim_rand_pct(sim) < (unsigned)f.drop_pct) {
		pthread_mutex_lock(&sim->lock);
		unsigned d = sim->drops++;
		sim->drops_done++;
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

/* POST /v1/heartbeat: remembers the kiosk's figures (shown by /admin/stats), answers the time. */
static enum MHD_Result
on_heartbeat(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_error_t jerr;
	json_t *root = json_loadb(ctx->body.data ? (const char *)ctx->body.data : "", ctx->body.len,
	                          0, &jerr);
	const char *kiosk = json_string_value(json_object_get(root, "kiosk_id"));
	json_t *depth = json_object_get(root, "queue_depth");
	json_t *through = json_object_get(root, "acked_through");
	if (!kiosk || !json_is_integer(depth) || !json_is_integer(through)) {
		json_decref(root);
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
		                   "body must hold kiosk_id, queue_depth and acked_through");
	}
	if (sim->tls && strcmp(kiosk, ctx->kiosk_id) != 0) {
		json_decref(root);
		return reply_error(conn, MHD_HTTP_FORBIDDEN,
		                   "kiosk_id does not match the client certificate");
	}
	pthread_mutex_lock(&sim->lock);
	sim->heartbeats++;
	sim->hb_depth = (int64_t)json_integer_value(depth);
	sim->hb_acked_through = (int64_t)json_integer_value(through);
	json_t *devices = json_object_get(root, "devices");
	const char *card = json_string_value(json_object_get(devices, "card"));
	const char *printer = json_string_value(json_object_get(devices, "printer"));
	snprintf(sim->hb_card, sizeof(sim->hb_card), "%s", card ? card : "unknown");
	snprintf(sim->hb_printer, sizeof(sim->hb_printer), "%s", printer ? printer : "unknown");
	pthread_mutex_unlock(&sim->lock);
	json_decref(root);
	char now[32];
	iso_now(now, sizeof(now));
	return reply_json(conn, MHD_HTTP_OK, json_pack("{s:s,s:s}", "status", "ok", "time", now));
}

static json_t *
faults_json(const struct faults *f)
{
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "latency_ms", f->latency_ms, "fail_pct",
	                 f->fail_pct, "drop_pct", f->drop_pct, "reset_pct", f->reset_pct,
	                 "hang_pct", f->hang_pct, "hang_ms", f->hang_ms, "truncate_pct",
	                 f->truncate_pct);
}

/* POST /admin/faults: changes the named faults (absent ones unchanged), answers the new set. */
static enum MHD_Result
on_faults(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	static const struct {
		const char *name;
		size_t off;
		int max;
	} fields[] = {
	        {"latency_ms", offsetof(struct faults, latency_ms), 600000},
	        {"fail_pct", offsetof(struct faults, fail_pct), 100},
	        {"drop_pct", offsetof(struct faults, drop_pct), 100},
	        {"reset_pct", offsetof(struct faults, reset_pct), 100},
	        {"hang_pct", offsetof(struct faults, hang_pct), 100},
	        {"hang_ms", offsetof(struct faults, hang_ms), 600000},
	        {"truncate_pct", offsetof(struct faults, truncate_pct), 100},
	};
	json_error_t jerr;
	json_t *root = json_loadb(ctx->body.data ? (const char *)ctx->body.data : "", ctx->body.len,
	                          0, &jerr);
	if (!json_is_object(root)) {
		json_decref(root);
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, "body must be a JSON object");
	}
	pthread_mutex_lock(&sim->lock);
	struct faults f = sim->f;
	bool bad = false;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		json_t *v = json_object_get(root, fields[i].name);
		if (!v)
			continue;
		json_int_t n = json_integer_value(v);
		if (!json_is_integer(v) || n < 0 || n > fields[i].max) {
			bad = true;
			break;
		}
		*(int *)((char *)&f + fields[i].off) = (int)n;
	}
	json_t *af = json_object_get(root, "answer_fault");
	const struct route *r = NULL;
	int mode = ANSWER_NONE;
	json_int_t slow_ms = 3000;
	if (!bad && af) {
		const char *path = json_string_value(json_object_get(af, "route"));
		const char *name = json_string_value(json_object_get(af, "mode"));
		json_t *slow = json_object_get(af, "slow_ms");
		r = path ? route_query(path) : NULL;
		mode = name ? answer_mode_by_name(name) : -1;
		if (slow)
			slow_ms = json_is_integer(slow) ? json_integer_value(slow) : -1;
		bad = !r || mode < 0 || slow_ms < 0 || slow_ms > 600000;
	}
	if (!bad) {
		sim->f = f;
		if (r)
			sim->answer[r->query] =
			        (struct answer_fault){.mode = mode, .slow_ms = (int)slow_ms};
	}
	pthread_mutex_unlock(&sim->lock);
	json_decref(root);
	if (bad && af)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
		                   "answer_fault must be {\"route\": a query route, \"mode\": "
		                   "a mode, \"slow_ms\": 0..600000}");
	if (bad)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, "fault values out of range");
	if (r)
		fprintf(stderr, "ministry-sim: answer fault on %s now %s\n", r->path,
		        answer_mode_name(mode));
	fprintf(stderr,
	        "ministry-sim: faults now latency %d ms, fail %d%%, drop %d%%, reset %d%%, hang"
	        " %d%% (%d ms), truncate %d%%\n",
	        f.latency_ms, f.fail_pct, f.drop_pct, f.reset_pct, f.hang_pct, f.hang_ms,
	        f.truncate_pct);
	json_t *j = faults_json(&f);
	json_t *answers = json_object();
	pthread_mutex_lock(&sim->lock);
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].query >= 0)
			json_object_set_new(
			        answers, routes[i].path,
			        json_string(answer_mode_name(sim->answer[routes[i].query].mode)));
	pthread_mutex_unlock(&sim->lock);
	json_object_set_new(j, "answer_faults", answers);
	return reply_json(conn, MHD_HTTP_OK, j);
}

/* GET /v1/health */
static enum MHD_Result
on_health(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	(void)sim;
	(void)ctx;
	char now[32];
	iso_now(now, sizeof(now));
	return reply_json(conn, MHD_HTTP_OK, json_pack("{s:s,s:s}", "status", "ok", "time", now));
}

/* GET /v1/refdata[?version=V] */
static enum MHD_Result
on_refdata(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	(void)ctx;
	const char *have = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "version");
	json_t *j = NULL;
	if (store_refdata(sim->store, have, &j) < 0)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "storage error");
	pthread_mutex_lock(&sim->lock);
	if (json_is_true(json_object_get(j, "unchanged")))
		sim->refdata_unchanged++;
	else
		sim->refdata_full++;
	pthread_mutex_unlock(&sim->lock);
	return reply_json(conn, MHD_HTTP_OK, j);
}

/* POST /admin/refdata (tests) */
static enum MHD_Result
on_admin_refdata(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	json_error_t jerr;
	json_t *root = json_loadb(ctx->body.data ? (const char *)ctx->body.data : "", ctx->body.len,
	                          0, &jerr);
	const char *key = json_string_value(json_object_get(root, "key"));
	const char *rd_version = json_string_value(json_object_get(root, "version"));
	json_t *value = json_object_get(root, "value");
	char *text = value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int rc = key && rd_version && text ? store_refdata_set(sim->store, key, text, rd_version)
	                                   : KERR_INVAL;
	free(text);
	json_t *answer = rc == 0 ? json_pack("{s:s}", "version", rd_version) : NULL;
	json_decref(root); /* rd_version points into it */
	if (rc == KERR_INVAL)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
		                   "body must be {\"key\":s,\"value\":any,\"version\":s}");
	if (rc < 0)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "storage error");
	return reply_json(conn, MHD_HTTP_OK, answer);
}

/* GET /admin/stats */
static enum MHD_Result
on_stats(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx)
{
	(void)ctx;
	int64_t n = store_count(sim->store);
	pthread_mutex_lock(&sim->lock);
	json_t *j = json_pack(
	        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "transactions", (json_int_t)n,
	        "requests", (json_int_t)sim->requests, "duplicates", (json_int_t)sim->duplicates,
	        "resets", (json_int_t)sim->resets, "hangs", (json_int_t)sim->hangs, "truncations",
	        (json_int_t)sim->truncations, "drops", (json_int_t)sim->drops_done, "heartbeats",
	        (json_int_t)sim->heartbeats, "heartbeat_queue_depth", (json_int_t)sim->hb_depth,
	        "heartbeat_acked_through", (json_int_t)sim->hb_acked_through);
	json_object_set_new(j, "refdata_full", json_integer(sim->refdata_full));
	json_object_set_new(j, "heartbeat_card", json_string(sim->hb_card));
	json_object_set_new(j, "heartbeat_printer", json_string(sim->hb_printer));
	json_object_set_new(j, "refdata_unchanged", json_integer(sim->refdata_unchanged));
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (routes[i].query < 0)
			continue;
		char name[80];
		/* "/v1/workers/record" -> "worker_record_requests" etc.: see query_stat[] */
		snprintf(name, sizeof(name), "%s_requests", query_stat[routes[i].query]);
		json_object_set_new(j, name, json_integer(sim->queries[routes[i].query]));
	}
	pthread_mutex_unlock(&sim->lock);
	return reply_json(conn, n < 0 ? MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_OK, j);
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
		ctx->start_ms = sim_mono_ms();
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

	struct faults f = sim_faults(sim);
	if (f.latency_ms > 0)
		sim_sleep_ms(f.latency_ms);
	ctx->url = url;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *r = &routes[i];
		size_t n = strlen(r->path);
		bool prefix = r->path[n - 1] == '/';
		if (prefix ? strncmp(url, r->path, n) != 0 || !url[n] : strcmp(url, r->path) != 0)
			continue;
		if (strcmp(method, r->method) != 0)
			return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
			                   strcmp(r->method, "GET") == 0 ? "use GET" : "use POST");
		if (r->query >= 0)
			sim_bump(sim, &sim->queries[r->query]);
		return r->handler(sim, conn, ctx);
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

static void
usage(FILE *f)
{
	fputs("usage: ministry-sim --port N --db FILE --cert PEM --key PEM --ca PEM\n"
	      "                    [--latency-ms N] [--fail-pct P] [--drop-after-commit-pct P]\n"
	      "                    [--reset-pct P] [--hang-pct P] [--hang-ms N] [--truncate-pct "
	      "P]\n"
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
	struct sim sim = {.f.hang_ms = 10000};
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
			bad = kparse_int(v, 0, 65535, &port);
		} else if (strcmp(a, "--db") == 0) {
			db = v;
		} else if (strcmp(a, "--cert") == 0) {
			cert = v;
		} else if (strcmp(a, "--key") == 0) {
			key = v;
		} else if (strcmp(a, "--ca") == 0) {
			ca = v;
		} else if (strcmp(a, "--latency-ms") == 0) {
			bad = kparse_int(v, 0, 600000, &sim.f.latency_ms);
		} else if (strcmp(a, "--fail-pct") == 0) {
			bad = kparse_int(v, 0, 100, &sim.f.fail_pct);
		} else if (strcmp(a, "--drop-after-commit-pct") == 0) {
			bad = kparse_int(v, 0, 100, &sim.f.drop_pct);
		} else if (strcmp(a, "--reset-pct") == 0) {
			bad = kparse_int(v, 0, 100, &sim.f.reset_pct);
		} else if (strcmp(a, "--hang-pct") == 0) {
			bad = kparse_int(v, 0, 100, &sim.f.hang_pct);
		} else if (strcmp(a, "--hang-ms") == 0) {
			bad = kparse_int(v, 0, 600000, &sim.f.hang_ms);
		} else if (strcmp(a, "--truncate-pct") == 0) {
			bad = kparse_int(v, 0, 100, &sim.f.truncate_pct);
		} else if (strcmp(a, "--seed") == 0) {
			bad = kparse_int(v, 0, 0x7fffffff, &seed);
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
	char base[64];
	snprintf(base, sizeof(base), "%s://127.0.0.1:%u", sim.tls ? "https" : "http",
	         di ? (unsigned)di->port : (unsigned)port);
	if (store_set_base_url(sim.store, base) < 0)
		goto out;
	printf("listening on %u\n", di ? (unsigned)di->port : (unsigned)port);
	fflush(stdout);
	fprintf(stderr,
	        "ministry-sim: %s, seed %d, latency %d ms, fail %d%%, drop %d%%, reset %d%%, hang"
	        " %d%% (%d ms), truncate %d%%\n",
	        sim.tls ? "mutual TLS" : "PLAIN HTTP (debug only)", seed, sim.f.latency_ms,
	        sim.f.fail_pct, sim.f.drop_pct, sim.f.reset_pct, sim.f.hang_pct, sim.f.hang_ms,
	        sim.f.truncate_pct);

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
	json_decref(sim.eligibility_extra);
	pthread_mutex_destroy(&sim.lock);
	return status;
}
