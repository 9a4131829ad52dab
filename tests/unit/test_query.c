/*
 * test_query.c - the query worker (app/backend/query.c) and the simulator's query routes.
 *  1. Net sim backend: one answer per request, in order, bodies intact (Arabic, 512 KiB),
 *     transport failures mapped, a reply over NET_RESP_MAX refused, bad requests refused,
 *     QUERY_PENDING_MAX.
 *  2. The HTTPS ministry simulator (curl, mutual TLS): every demo person's sign-in read with
 *     signin_parse(), a worker's record and an establishment's licences against their closed
 *     schemas, 403/404; the v2 record of a worker in each state (status, renewal, absence,
 *     transfer, movements, older permits), the v2 licences (11 professions, full, over, an
 *     expired licence, one without professions, no Omanisation data, every count and total by
 *     the documented rule), the access log (5,000 entries paged, past the end, nobody looked,
 *     unknown person, bad pages); every demo card against the registry; each answer fault as the
 * kiosk sees it, the per-route counters, the timeout (answer fault "slow", latency), wrong CA ->
 * KERR_TLS, nothing listening -> KERR_OFFLINE, a 10 MB answer -> KERR_TOOBIG, query_cancel_all()
 * with one request in flight and others waiting.
 *  3. Everything written to stderr meanwhile (the kiosk's log and the simulator's) holds no
 *     civil number, card serial, name or permit number.
 * Waits are bounded polls; times are printed, never asserted.
 */
#define _DEFAULT_SOURCE
#include "../tap.h"

#include "../../app/backend/query.h"
#include "../../app/engine/signin.h"
#include "../../common/config.h"
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/net.h"
#include "../../services/answers.h"
#include "../../services/schema.h"
#include "../../services/svc.h"

#include "../ministry.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- answers collected by the notify hook ---- */

#define GOT_MAX 64

struct got {
	pthread_mutex_t lock;
	struct query_answer *a[GOT_MAX];
	int n;
};

static struct got got = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void
on_answer(struct query_answer *a, void *ctx)
{
	struct got *g = ctx;
	pthread_mutex_lock(&g->lock);
	if (g->n < GOT_MAX)
		g->a[g->n++] = a;
	else
		query_answer_free(a);
	pthread_mutex_unlock(&g->lock);
}

static int
got_count(void)
{
	pthread_mutex_lock(&got.lock);
	int n = got.n;
	pthread_mutex_unlock(&got.lock);
	return n;
}

static void
got_clear(void)
{
	pthread_mutex_lock(&got.lock);
	for (int i = 0; i < got.n; i++)
		query_answer_free(got.a[i]);
	got.n = 0;
	pthread_mutex_unlock(&got.lock);
}

/* Polls until n answers are in (at most max_s seconds). */
static bool
wait_answers(int n, int max_s)
{
	for (int i = 0; i < max_s * 100; i++) {
		if (got_count() >= n)
			return true;
		nap_ms(10);
	}
	return false;
}

/* Sends one request and waits for its answer: the answer (caller frees) or NULL. */
static struct query_answer *
ask(struct query *q, const char *path, const char *body, int timeout_ms)
{
	struct query_request r = {
	        .method = "POST", .path = path, .body = body, .timeout_ms = timeout_ms};
	uint64_t id = 0;
	got_clear();
	if (query_send(q, &r, &id) < 0 || !wait_answers(1, 60))
		return NULL;
	pthread_mutex_lock(&got.lock);
	struct query_answer *a = got.a[0];
	got.n = 0;
	pthread_mutex_unlock(&got.lock);
	if (a->id != id)
		printf("# answer %llu for request %llu\n", (unsigned long long)a->id,
		       (unsigned long long)id);
	return a;
}

static struct query *
start(const struct kiosk_config *cfg)
{
	struct query *q = NULL;
	if (query_start(&q, cfg) < 0)
		return NULL;
	query_set_notify(q, on_answer, &got);
	return q;
}

/* ---- 1. net sim backend ---- */

static void
test_sim_backend(void)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "sim");
	struct query *q = start(&cfg);
	ok(q != NULL, "query_start (sim backend)");
	if (!q)
		return;
	int ready = KERR_STATE;
	for (int i = 0; i < 500 && ready == KERR_STATE; i++) {
		ready = query_net_control(q, "requests?");
		nap_ms(10);
	}
	is_int(ready, 0, "the worker opened its net dev");

	/* five scripted answers, five requests: each its own answer, in order, intact */
	static const char *const bodies[] = {
	        "{\"n\":1}",
	        "{\"identity\":\"confirmed\",\"roles\":[\"citizen\"],\"name\":\"سالم الهنائي\"}",
	        "",
	        "not json at all \\ \" \t",
	        "{\"n\":5}",
	};
	char cmd[256];
	for (int i = 0; i < 5; i++) {
		snprintf(cmd, sizeof(cmd), "reply_status %d %s", 200 + i, bodies[i]);
		query_net_control(q, cmd);
	}
	uint64_t ids[5] = {0};
	int sent = 0;
	got_clear();
	for (int i = 0; i < 5; i++) {
		struct query_request r = {.method = "POST", .path = "/v1/signin", .body = "{}"};
		if (query_send(q, &r, &ids[i]) == 0)
			sent++;
	}
	is_int(sent, 5, "five requests queued");
	ok(ids[0] > 0 && ids[1] == ids[0] + 1 && ids[4] == ids[0] + 4, "ids count up from 1");
	ok(wait_answers(5, 10), "five answers");
	int right = 0;
	pthread_mutex_lock(&got.lock);
	for (int i = 0; i < got.n && i < 5; i++) {
		struct query_answer *a = got.a[i];
		size_t n = strlen(bodies[i]);
		if (a->id == ids[i] && a->rc == 0 && a->status == 200 + i && a->len == n &&
		    (n == 0 ? a->body == NULL : memcmp(a->body, bodies[i], n + 1) == 0) &&
		    a->took_ms >= 0)
			right++;
		else
			printf("# answer %d: id %llu rc %d status %ld len %zu\n", i,
			       (unsigned long long)a->id, a->rc, a->status, a->len);
	}
	pthread_mutex_unlock(&got.lock);
	is_int(right, 5, "one answer per request, in order, status and body intact");
	got_clear();

	/* a large body: 512 KiB of Arabic and ASCII comes back byte for byte */
	size_t big = 512 * 1024;
	char *reply = malloc(big + 16);
	memcpy(reply, "reply ", 6);
	for (size_t i = 0; i < big; i += 4)
		memcpy(reply + 6 + i,
		       i % 8 ? "\xd8\xb3"
		               "ab"
		             : "\xd9\x85"
		               "xy",
		       4);
	reply[6 + big] = 0;
	query_net_control(q, reply);
	struct query_answer *a = ask(q, "/v1/workers/record", "{}", 0);
	ok(a && a->rc == 0 && a->len == big && memcmp(a->body, reply + 6, big) == 0 &&
	           a->body[big] == 0,
	   "a 512 KiB body comes back intact and NUL-terminated");
	query_answer_free(a);
	free(reply);

	static const struct {
		const char *cmd;
		int rc;
	} fails[] = {{"fail timeout", KERR_TIMEOUT},
	             {"fail tls", KERR_TLS},
	             {"fail offline", KERR_OFFLINE},
	             {"fail io", KERR_IO}};
	int mapped = 0;
	for (size_t i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		query_net_control(q, fails[i].cmd);
		a = ask(q, "/v1/signin", "{}", 0);
		if (a && a->rc == fails[i].rc && a->status == 0 && !a->body && a->len == 0)
			mapped++;
		query_answer_free(a);
	}
	is_int(mapped, 4, "transport failures answer with their code, no status, no body");

	size_t n = NET_RESP_MAX + 16;
	char *huge = malloc(n + 7);
	memcpy(huge, "reply ", 6);
	memset(huge + 6, 'x', n);
	huge[6 + n] = 0;
	query_net_control(q, huge);
	free(huge);
	a = ask(q, "/v1/signin", "{}", 0);
	ok(a && a->rc == KERR_TOOBIG && !a->body, "a reply over NET_RESP_MAX -> KERR_TOOBIG");
	query_answer_free(a);

	a = ask(q, "/v1/nothing-here", NULL, 0);
	ok(a && a->rc == 0 && a->status == 404, "an HTTP error status is an answer (rc 0, 404)");
	query_answer_free(a);
	struct query_request get = {.method = "GET", .path = "/v1/health"};
	uint64_t id;
	got_clear();
	ok(query_send(q, &get, &id) == 0 && wait_answers(1, 10) && got.a[0]->status == 200,
	   "GET works too");
	got_clear();

	/* requests the worker refuses to send */
	static const struct query_request bad[] = {
	        {.method = "PUT", .path = "/v1/signin"},
	        {.method = NULL, .path = "/v1/signin"},
	        {.method = "POST", .path = NULL},
	        {.method = "POST", .path = "v1/signin"},
	        {.method = "POST", .path = "/"},
	        {.method = "POST", .path = "/v1/workers/90012345"},
	        {.method = "POST", .path = "/v1/workers/record?civil=1"},
	        {.method = "POST", .path = "/v1/sign in"},
	        {.method = "POST", .path = "/v1/signin\r\nX-Evil: 1"},
	        {.method = "GET", .path = "/v1/signin", .body = "{}"},
	        {.method = "POST", .path = "/v1/signin", .timeout_ms = -1},
	        {.method = "POST", .path = "/v1/signin", .timeout_ms = 600001},
	};
	int refused = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (query_send(q, &bad[i], &id) == KERR_INVAL)
			refused++;
	is_int(refused, (int)(sizeof(bad) / sizeof(bad[0])),
	       "bad requests refused (method, path, identifiers or a query string in the path, "
	       "body on GET, timeout)");
	char *body = malloc(64 * 1024 + 2);
	memset(body, 'b', 64 * 1024 + 1);
	body[64 * 1024 + 1] = 0;
	struct query_request fat = {.method = "POST", .path = "/v1/signin", .body = body};
	is_int(query_send(q, &fat, &id), KERR_INVAL, "a request body over 64 KiB is refused");
	free(body);
	is_int(query_send(NULL, &get, &id), KERR_INVAL, "NULL worker");

	query_stop(q);
	ok(1, "query_stop joined the worker");
	query_stop(NULL);
	query_cancel_all(NULL);
	query_answer_free(NULL);
	got_clear();
}

/* ---- 2. the ministry simulator ---- */

static int port;

/* A request to the simulator on a fresh dev (admin routes): status, body in *out if not NULL. */
static long
admin(const char *method, const char *path, const char *body, json_t **out)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	ministry_cfg(&cfg, port);
	struct net_dev dev;
	struct net_response resp;
	long status = -1;
	if (out)
		*out = NULL;
	if (net_open(&dev, &cfg) < 0)
		return -1;
	struct net_request req = {
	        .method = method, .path = path, .body = body, .body_len = body ? strlen(body) : 0};
	if (net_request(&dev, &req, &resp) == 0) {
		status = resp.status;
		if (out) {
			json_error_t e;
			*out = json_loadb((const char *)resp.body.data, resp.body.len, 0, &e);
		}
	}
	kbuf_free(&resp.body);
	net_close(&dev);
	return status;
}

static long
stat_of(const char *field)
{
	json_t *j;
	long v = -1;
	if (admin("GET", "/admin/stats", NULL, &j) == 200 &&
	    json_is_integer(json_object_get(j, field)))
		v = (long)json_integer_value(json_object_get(j, field));
	json_decref(j);
	return v;
}

static bool
answer_fault(const char *route, const char *mode, int slow_ms)
{
	char body[200];
	snprintf(body, sizeof(body),
	         "{\"answer_fault\":{\"route\":\"%s\",\"mode\":\"%s\",\"slow_ms\":%d}}", route,
	         mode, slow_ms);
	return admin("POST", "/admin/faults", body, NULL) == 200;
}

static char *
signin_body(const char *civil, const char *serial)
{
	struct card_identity id = {0};
	snprintf(id.civil_number, sizeof(id.civil_number), "%s", civil);
	snprintf(id.card_serial, sizeof(id.card_serial), "%s", serial);
	snprintf(id.expiry, sizeof(id.expiry), "2031-01-01");
	snprintf(id.nationality, sizeof(id.nationality), "OMN");
	return signin_request(&id);
}

/* Signs civil/serial in through q: the answer read with signin_parse() (rc), *info. */
static int
signin(struct query *q, const char *civil, const char *serial, struct signin_info *info,
       long *status)
{
	char *body = signin_body(civil, serial);
	struct query_answer *a = ask(q, SIGNIN_PATH, body, 0);
	free(body);
	int rc = a ? a->rc : KERR_INTERNAL;
	*status = a ? a->status : 0;
	memset(info, 0, sizeof(*info));
	if (rc == 0) {
		json_t *j = NULL;
		char why[160];
		rc = signin_parse(a->body, a->len, &j, info, why, sizeof(why));
		json_decref(j);
	}
	query_answer_free(a);
	return rc;
}

static void
test_people(struct query *q)
{
	static const struct {
		const char *card, *civil, *serial;
		enum signin_identity identity;
		unsigned roles;
		int establishments;
	} people[] = {
	        {"01-citizen", "90012345", "DEMO0000001", SIGNIN_CONFIRMED, SVC_ROLE_CITIZEN, 0},
	        {"02-resident", "71234567", "DEMO0000002", SIGNIN_CONFIRMED, SVC_ROLE_WORKER, 0},
	        {"03-employer", "90023456", "DEMO0000003", SIGNIN_CONFIRMED,
	         SVC_ROLE_CITIZEN | SVC_ROLE_EMPLOYER, 1},
	        {"04-employer3", "90034567", "DEMO0000004", SIGNIN_CONFIRMED,
	         SVC_ROLE_CITIZEN | SVC_ROLE_EMPLOYER, 3},
	        {"05-norole", "71299999", "DEMO0000005", SIGNIN_CONFIRMED, 0, 0},
	        {"06-lostcard", "90045678", "DEMO0000099", SIGNIN_MISMATCH, 0, 0},
	        {"(not a card)", "11112222", "DEMO7777777", SIGNIN_UNKNOWN, 0, 0},
	};
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		struct signin_info info;
		long status;
		int rc = signin(q, people[i].civil, people[i].serial, &info, &status);
		ok(rc == 0 && status == 200 && info.identity == people[i].identity &&
		           info.roles == people[i].roles &&
		           info.nestablishments == people[i].establishments &&
		           info.unknown_roles == 0,
		   "sign-in %s: identity %d, roles %#x, %d establishment(s)", people[i].card,
		   info.identity, info.roles, info.nestablishments);
	}
	/* the demo card images say what the registry says */
	char path[300];
	snprintf(path, sizeof(path), "assets/demo-cards/06-lostcard.card");
	FILE *f = fopen(path, "r");
	char line[256];
	bool serial = false;
	while (f && fgets(line, sizeof(line), f))
		serial |= strcmp(line, "card_serial = DEMO0000099\n") == 0;
	if (f)
		fclose(f);
	ok(serial, "06-lostcard.card carries the serial the registry does not know");

	/* the worker's record and an establishment's licences, read against their schemas */
	struct query_answer *a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71234567\"}", 0);
	json_t *j = NULL;
	char why[160] = "";
	ok(a && a->rc == 0 && a->status == 200 &&
	           schema_parse(&answer_worker_record, a->body, a->len, &j, why, sizeof(why)) == 0,
	   "worker record of 02-resident: 200, reads against answer_worker_record %s", why);
	json_t *permit = json_object_get(j, "permit");
	ok(!strcmp(json_string_value(json_object_get(permit, "number")), "WP-700001") &&
	           !strcmp(json_string_value(json_object_get(permit, "status")), "valid") &&
	           !strcmp(json_string_value(
	                           json_object_get(json_object_get(permit, "profession"), "isco")),
	                   "5223") &&
	           !strcmp(json_string_value(json_object_get(json_object_get(permit, "employer"),
	                                                     "cr_number")),
	                   "1000001"),
	   "... WP-700001, valid, ISCO 5223, at CR 1000001");
	json_decref(j);
	query_answer_free(a);
	a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71200002\"}", 0);
	ok(a && a->status == 200 && strstr(a->body, "\"expiring\""),
	   "a permit within 60 days of its expiry is \"expiring\"");
	query_answer_free(a);
	a = ask(q, "/v1/workers/record", "{\"civil_number\":\"90012345\"}", 0);
	ok(a && a->rc == 0 && a->status == 404 && strstr(a->body, "no record"),
	   "a citizen has no work permit: 404 no record");
	query_answer_free(a);
	a = ask(q, "/v1/workers/record", "{\"civil\":\"90012345\"}", 0);
	ok(a && a->status == 400, "a malformed request: 400");
	query_answer_free(a);

	static const struct {
		const char *cr;
		long status;
	} ests[] = {{"1000002", 200},
	            {"1000003", 200},
	            {"1000004", 200},
	            {"1000001", 403},
	            {"9999999", 404}};
	int right = 0;
	for (size_t i = 0; i < sizeof(ests) / sizeof(ests[0]); i++) {
		char body[128];
		snprintf(body, sizeof(body), "{\"cr_number\":\"%s\",\"civil_number\":\"90034567\"}",
		         ests[i].cr);
		a = ask(q, "/v1/establishments/licences", body, 0);
		int rc = -1;
		if (a && a->status == 200)
			rc = schema_parse(&answer_establishment_licences, a->body, a->len, &j, why,
			                  sizeof(why));
		if (rc == 0)
			json_decref(j);
		if (a && a->status == ests[i].status && (a->status != 200 || rc == 0))
			right++;
		else
			printf("# licences of %s: %ld %s\n", ests[i].cr, a ? a->status : -1, why);
		query_answer_free(a);
	}
	is_int(right, 5,
	       "licences for 04-employer3: three establishments read against the schema, 403 for "
	       "another's, 404 for an unknown one");
	a = ask(q, "/v1/establishments/licences",
	        "{\"cr_number\":\"1000001\",\"civil_number\":\"90023456\"}", 0);
	ok(a && a->status == 200 && strstr(a->body, "LL-2024-0001") && strstr(a->body, "\"8322\""),
	   "03-employer's establishment: LL-2024-0001 with its quotas");
	query_answer_free(a);
}

/* ---- 2b. the v2 routes and the access log, and the demo cards against the registry ---- */

/* j's member at path ("permit.employer.cr_number", "history.1.number"): borrowed, or NULL */
static json_t *
at(json_t *j, const char *path)
{
	char part[64];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(part, sizeof(part), "%.*s", (int)n, path);
		if (json_is_array(j))
			j = json_array_get(j, strtoul(part, NULL, 10));
		else
			j = json_object_get(j, part);
		path += n + (path[n] == '.');
	}
	return j;
}

/* the string at path, "(none)" when there is none (null included) */
static const char *
str(json_t *j, const char *path)
{
	const char *s = json_string_value(at(j, path));
	return s ? s : "(none)";
}

static long long
num(json_t *j, const char *path)
{
	json_t *v = at(j, path);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -999;
}

/* Days from ISO date a to ISO date b (b - a); -99999 when either is not a date. */
static long
days_between(const char *a, const char *b)
{
	struct civil_date da, db;
	if (date_parse_iso(a, &da) < 0 || date_parse_iso(b, &db) < 0)
		return -99999;
	return (long)(date_to_days(&db) - date_to_days(&da));
}

/* Asks path with body; a 200 answer read against s: the tree (caller decrefs) or NULL, with
 * the status in *status and the schema's message in why. */
static json_t *
ask_read(struct query *q, const char *path, const char *body, const struct schema *s, long *status,
         char *why, size_t whysize)
{
	struct query_answer *a = ask(q, path, body, 0);
	json_t *j = NULL;
	*status = a && a->rc == 0 ? a->status : -1;
	snprintf(why, whysize, "%s", a && a->rc == 0 && a->status == 200 ? "" : "no 200 answer");
	if (*status == 200 && schema_parse(s, a->body, a->len, &j, why, whysize) < 0)
		j = NULL;
	query_answer_free(a);
	return j;
}

static json_t *
record_v2(struct query *q, const char *civil, long *status, char *why, size_t whysize)
{
	char body[64];
	snprintf(body, sizeof(body), "{\"civil_number\":\"%s\"}", civil);
	return ask_read(q, "/v2/workers/record", body, &answer_worker_record_v2, status, why,
	                whysize);
}

static void
test_record_v2(struct query *q)
{
	/* each worker's state: status, renewal, absence, transfer, older permits, arrival */
	static const struct {
		const char *card, *civil, *permit, *status, *renewal, *absence, *transfer;
		int history;
		bool arrival;
	} w[] = {
	        {"02-resident", "71234567", "WP-700001", "valid", "not_due", NULL, NULL, 0, true},
	        {"07-expiring60", "71200002", "WP-700002", "expiring", "due", NULL, NULL, 0, true},
	        {"08-history", "71200003", "WP-700003", "valid", "renewed", NULL, NULL, 3, true},
	        {"09-newarrival", "71200004", "WP-700004", "valid", "not_due", NULL, NULL, 0,
	         false},
	        {"10-departed", "71200005", "WP-700005", "cancelled", "not_due", NULL, NULL, 0,
	         true},
	        {"11-expiring30", "71200006", "WP-700006", "expiring", "due", NULL, "approved", 0,
	         true},
	        {"12-expiring90", "71200007", "WP-700007", "expiring", "submitted", NULL, NULL, 0,
	         true},
	        {"13-expired", "71200008", "WP-700008", "expired", "overdue", NULL, NULL, 0, true},
	        {"14-absent-open", "71200009", "WP-700009", "cancelled", "not_due", "open", NULL, 0,
	         true},
	        {"15-absent-passed", "71200010", "WP-700010", "cancelled", "not_due", "passed",
	         NULL, 0, true},
	        {"16-transfer", "71200011", "WP-700011", "valid", "not_due", NULL, "requested", 0,
	         true},
	};
	long status;
	char why[160];
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		json_t *j = record_v2(q, w[i].civil, &status, why, sizeof(why));
		const char *absence = w[i].absence ? w[i].absence : "(none)";
		const char *transfer = w[i].transfer ? w[i].transfer : "(none)";
		bool right = j && !strcmp(str(j, "permit.number"), w[i].permit) &&
		             !strcmp(str(j, "permit.status"), w[i].status) &&
		             !strcmp(str(j, "renewal"), w[i].renewal) &&
		             !strcmp(str(j, "absence.state"), absence) &&
		             !strcmp(str(j, "transfer.state"), transfer) &&
		             json_array_size(at(j, "history")) == (size_t)w[i].history &&
		             json_is_null(at(j, "arrival")) == !w[i].arrival &&
		             json_is_object(at(j, "contract")) &&
		             num(j, "contract.wage_baisa") > 0 &&
		             !strcmp(str(j, "contract.end"), str(j, "permit.expires"));
		ok(right,
		   "v2 record of %s: %s %s, renewal %s, absence %s, transfer %s, %d older, %s",
		   w[i].card, w[i].permit, w[i].status, w[i].renewal, absence, transfer,
		   w[i].history, w[i].arrival ? "arrival" : "no arrival");
		if (!right)
			printf("#   %ld %s: %s %s %s %s %s\n", status, why, str(j, "permit.number"),
			       str(j, "permit.status"), str(j, "renewal"), str(j, "absence.state"),
			       str(j, "transfer.state"));
		json_decref(j);
	}

	/* the demo worker: the latest arrival after the latest departure, both at Muscat */
	json_t *j = record_v2(q, "71234567", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "permit.employer.cr_number"), "1000001") &&
	           !strcmp(str(j, "permit.profession.isco"), "5223") &&
	           !strcmp(str(j, "arrival.port_en"), "Muscat International Airport") &&
	           !strcmp(str(j, "arrival.port_ar"), "مطار مسقط الدولي") &&
	           days_between(str(j, "departure.date"), str(j, "arrival.date")) == 30 &&
	           num(j, "contract.wage_baisa") == 325000 && json_is_null(at(j, "absence")) &&
	           json_is_null(at(j, "transfer")),
	   "02-resident: at 1000001 as 5223, back at Muscat airport 30 days after leaving, "
	   "325.000 OMR, no absence, no transfer %s",
	   why);
	json_decref(j);

	/* older permits: newest first, two at another employer, none the current one */
	j = record_v2(q, "71200003", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "history.0.number"), "WP-650033") &&
	           !strcmp(str(j, "history.1.number"), "WP-600032") &&
	           !strcmp(str(j, "history.2.number"), "WP-600031") &&
	           !strcmp(str(j, "history.1.employer.cr_number"), "1000003") &&
	           !strcmp(str(j, "history.2.employer.cr_number"), "1000003") &&
	           !strcmp(str(j, "history.2.profession.isco"), "6222") &&
	           !strcmp(str(j, "history.0.status"), "expired") &&
	           days_between(str(j, "history.0.expires"), str(j, "permit.issued")) == 1 &&
	           !strcmp(str(j, "arrival.port_en"), "Salalah Airport"),
	   "08-history: three older permits newest first (two at 1000003), the last ending the "
	   "day before the current one");
	json_decref(j);

	j = record_v2(q, "71200004", &status, why, sizeof(why));
	ok(j && json_is_null(at(j, "arrival")) && json_is_null(at(j, "departure")),
	   "09-newarrival: arrival and departure null");
	json_decref(j);
	j = record_v2(q, "71200005", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "departure.date"), "2025-01-15") &&
	           !strcmp(str(j, "departure.port_en"), "Muscat International Airport") &&
	           !strcmp(str(j, "arrival.date"), "2022-02-01"),
	   "10-departed: the departure recorded at the border (2025-01-15, Muscat airport)");
	json_decref(j);

	/* absence: the deadline is 60 days after the report; open or passed */
	int right = 0;
	static const char *const absent[] = {"71200009", "71200010"};
	for (int i = 0; i < 2; i++) {
		j = record_v2(q, absent[i], &status, why, sizeof(why));
		if (j && days_between(str(j, "absence.reported"),
		                      str(j, "absence.objection_deadline")) == 60)
			right++;
		json_decref(j);
	}
	is_int(right, 2, "an absence's objection deadline is 60 days after the report");

	j = record_v2(q, "71200011", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "transfer.to.cr_number"), "1000005") &&
	           !strcmp(str(j, "transfer.to.name_en"),
	                   "Al Batinah Hospitality and Catering LLC"),
	   "16-transfer: requested to 1000005");
	json_decref(j);
	j = record_v2(q, "71200006", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "transfer.to.cr_number"), "1000002"),
	   "11-expiring30: the approved transfer is to 1000002");
	json_decref(j);

	/* v1 keeps its 60-day window and its shape; v2 says "expiring" within 90 */
	struct query_answer *a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71200007\"}", 0);
	json_t *v1 = NULL;
	ok(a && a->status == 200 &&
	           schema_parse(&answer_worker_record, a->body, a->len, &v1, why, sizeof(why)) ==
	                   0 &&
	           !strcmp(str(v1, "permit.status"), "valid"),
	   "v1 record of 12-expiring90 (75 days left): still \"valid\", v1's shape %s", why);
	json_decref(v1);
	query_answer_free(a);

	j = record_v2(q, "90012345", &status, why, sizeof(why));
	ok(!j && status == 404, "v2 record of a citizen: 404 (%ld)", status);
	a = ask(q, "/v2/workers/record", "{\"civil_number\":\"7123x567\"}", 0);
	ok(a && a->status == 400, "v2 record, civil number not digits: 400");
	query_answer_free(a);
}

static json_t *
licences_v2(struct query *q, const char *cr, const char *civil, long *status, char *why,
            size_t whysize)
{
	char body[128];
	snprintf(body, sizeof(body), "{\"cr_number\":\"%s\",\"civil_number\":\"%s\"}", cr, civil);
	return ask_read(q, "/v2/establishments/licences", body, &answer_establishment_licences_v2,
	                status, why, whysize);
}

/* The quota of isco in the licence (borrowed), or NULL. */
static json_t *
quota_of(json_t *licence, const char *isco)
{
	size_t i;
	json_t *qt;
	json_array_foreach(at(licence, "quotas"), i, qt)
	{
		if (!strcmp(str(qt, "isco"), isco))
			return qt;
	}
	return NULL;
}

static const char *const count_names[] = {"authorised", "registered", "approved", "used",
                                          "remaining"};

/* Every quota's remaining and state follow the documented rule, every licence's totals are
 * its quotas' sums and the establishment's the sums over its active licences: the number of
 * places where that does not hold. */
static int
licences_wrong(json_t *j)
{
	int wrong = 0;
	long long est[5] = {0};
	size_t i, k;
	json_t *l, *qt;
	json_array_foreach(at(j, "licences"), i, l)
	{
		long long sum[5] = {0};
		json_array_foreach(at(l, "quotas"), k, qt)
		{
			long long a = num(qt, "authorised"), r = num(qt, "registered"),
			          ap = num(qt, "approved"), u = num(qt, "used");
			long long left = a - u - ap - r > 0 ? a - u - ap - r : 0;
			const char *state = u + ap > a ? "over" : left == 0 ? "full" : "open";
			wrong += num(qt, "remaining") != left || strcmp(str(qt, "state"), state);
			for (int c = 0; c < 5; c++)
				sum[c] += num(qt, count_names[c]);
		}
		for (int c = 0; c < 5; c++) {
			char path[32];
			snprintf(path, sizeof(path), "totals.%s", count_names[c]);
			wrong += num(l, path) != sum[c];
			if (!strcmp(str(l, "state"), "active"))
				est[c] += sum[c];
		}
	}
	for (int c = 0; c < 5; c++) {
		char path[32];
		snprintf(path, sizeof(path), "totals.%s", count_names[c]);
		wrong += num(j, path) != est[c];
	}
	return wrong;
}

static void
test_licences_v2(struct query *q)
{
	long status;
	char why[160];
	json_t *j = licences_v2(q, "1000005", "90056789", &status, why, sizeof(why));
	ok(j != NULL,
	   "v2 licences of 1000005 for 17-employer-batinah: 200, reads against "
	   "answer_establishment_licences_v2 %s",
	   why);
	json_t *big = at(j, "licences.0");
	ok(!strcmp(str(big, "licence_no"), "LL-2025-0007") &&
	           json_array_size(at(big, "quotas")) == 11,
	   "LL-2025-0007 has 11 professions (two pages of 6 on the kiosk)");
	json_t *qt = quota_of(big, "5151");
	ok(qt && num(qt, "remaining") == 0 && !strcmp(str(qt, "state"), "full") &&
	           num(qt, "used") == num(qt, "authorised"),
	   "5151: every place used, \"full\"");
	qt = quota_of(big, "4224");
	ok(qt && num(qt, "remaining") == 0 && !strcmp(str(qt, "state"), "full") &&
	           num(qt, "registered") == 1,
	   "4224: the last place held by a pending visa application, \"full\"");
	qt = quota_of(big, "9412");
	ok(qt && num(qt, "used") == 6 && num(qt, "authorised") == 5 && num(qt, "remaining") == 0 &&
	           !strcmp(str(qt, "state"), "over"),
	   "9412: 6 used of 5 authorised, \"over\", remaining 0");
	qt = quota_of(big, "5414");
	ok(qt && num(qt, "used") == 3 && num(qt, "approved") == 2 &&
	           !strcmp(str(qt, "state"), "over"),
	   "5414: used + approved above authorised, \"over\"");
	qt = quota_of(big, "3434");
	ok(qt && num(qt, "remaining") == 1 && !strcmp(str(qt, "state"), "open"), "3434: \"open\"");
	ok(num(big, "totals.authorised") == 45 && num(big, "totals.registered") == 7 &&
	           num(big, "totals.approved") == 7 && num(big, "totals.used") == 28 &&
	           num(big, "totals.remaining") == 7,
	   "LL-2025-0007 totals: 45 authorised, 7 registered, 7 approved, 28 used, 7 remaining");
	ok(!strcmp(str(j, "licences.1.state"), "expired") && num(j, "totals.authorised") == 45 &&
	           num(j, "totals.used") == 28,
	   "the establishment's totals leave the expired LL-2022-0006 out");
	ok(num(j, "omanisation.percent") == 45 && num(j, "omanisation.required") == 40 &&
	           !strcmp(str(j, "omanisation.sector_en"), "Hotels and restaurants"),
	   "Omanisation of 1000005: 45%% of 40%% required (hotels and restaurants)");
	is_int(licences_wrong(j), 0, "every remaining, state and total of 1000005 as documented");
	json_decref(j);

	j = licences_v2(q, "1000006", "90056789", &status, why, sizeof(why));
	ok(j && !strcmp(str(j, "licences.0.licence_no"), "LL-2026-0009") &&
	           !strcmp(str(j, "licences.0.state"), "active") &&
	           json_array_size(at(j, "licences.0.quotas")) == 0 &&
	           num(j, "totals.authorised") == 0 && num(j, "licences.0.totals.remaining") == 0 &&
	           num(j, "omanisation.percent") == 100,
	   "1000006: an active licence with no professions, all totals 0 %s", why);
	json_decref(j);

	j = licences_v2(q, "1000003", "90034567", &status, why, sizeof(why));
	ok(j && json_is_null(at(j, "omanisation")) &&
	           !strcmp(str(j, "licences.1.licence_no"), "LL-2021-0003") &&
	           !strcmp(str(j, "licences.1.state"), "expired") &&
	           num(j, "totals.authorised") == 9,
	   "1000003: no Omanisation data (null), the expired LL-2021-0003 not in the totals %s",
	   why);
	is_int(licences_wrong(j), 0, "... its counts as documented");
	json_decref(j);

	j = licences_v2(q, "1000001", "90023456", &status, why, sizeof(why));
	qt = quota_of(at(j, "licences.0"), "8322");
	ok(j && qt && !strcmp(str(qt, "state"), "full") && num(qt, "remaining") == 0 &&
	           num(j, "omanisation.percent") == 28 && num(j, "omanisation.required") == 30,
	   "1000001 for 03-employer: 8322 full; 28%% Omani of 30%% required");
	is_int(licences_wrong(j), 0, "... its counts as documented");
	json_decref(j);

	int read = 0;
	static const char *const three[] = {"1000002", "1000003", "1000004"};
	for (int i = 0; i < 3; i++) {
		j = licences_v2(q, three[i], "90034567", &status, why, sizeof(why));
		read += j && licences_wrong(j) == 0;
		json_decref(j);
	}
	is_int(read, 3, "04-employer3's three establishments read in v2, counts as documented");
	j = licences_v2(q, "1000005", "90034567", &status, why, sizeof(why));
	ok(!j && status == 403, "v2: another's establishment: 403 (%ld)", status);
	j = licences_v2(q, "9999999", "90056789", &status, why, sizeof(why));
	ok(!j && status == 404, "v2: an unknown establishment: 404 (%ld)", status);
	struct query_answer *a = ask(q, "/v2/establishments/licences", "{\"cr_number\":\"1\"}", 0);
	ok(a && a->status == 400, "v2 licences without a civil number: 400");
	query_answer_free(a);
}

static json_t *
access_page(struct query *q, const char *civil, long page, long per_page, long *status,
            int64_t *took_ms)
{
	char body[128], why[160];
	snprintf(body, sizeof(body), "{\"civil_number\":\"%s\",\"page\":%ld,\"per_page\":%ld}",
	         civil, page, per_page);
	struct query_answer *a = ask(q, "/v1/persons/access-log", body, 0);
	json_t *j = NULL;
	*status = a && a->rc == 0 ? a->status : -1;
	if (took_ms)
		*took_ms = a ? a->took_ms : -1;
	if (*status == 200 &&
	    schema_parse(&answer_access_log, a->body, a->len, &j, why, sizeof(why)) < 0) {
		printf("# access log of %s: %s\n", civil, why);
		j = NULL;
	}
	query_answer_free(a);
	return j;
}

/* true when the entries are newest first: no "at" later than the one before it, the first
 * no later than before (the previous page's last, "" for none) */
static bool
newest_first(json_t *entries, const char *before)
{
	const char *prev = before;
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e)
	{
		const char *t = str(e, "at");
		if (prev[0] && strcmp(t, prev) > 0)
			return false;
		prev = t;
	}
	return true;
}

/* a bitmask of the kinds ("who") among the entries */
static unsigned
kinds(json_t *entries)
{
	static const char *const who[] = {"employer", "sanad", "ministry", "agency", "police"};
	unsigned m = 0;
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e)
	{
		for (int k = 0; k < 5; k++)
			if (!strcmp(str(e, "who"), who[k]))
				m |= 1u << k;
	}
	return m;
}

static void
test_access_log(struct query *q)
{
	long status;
	int64_t took;
	json_t *j = access_page(q, "71234567", 0, 50, &status, NULL);
	ok(j && num(j, "total") == 10 && json_array_size(at(j, "entries")) == 10 &&
	           kinds(at(j, "entries")) == 0x1f && newest_first(at(j, "entries"), "") &&
	           !strcmp(str(j, "entries.0.by_en"), "Al Noor Trading LLC") &&
	           !strcmp(str(j, "entries.0.what"), "permit"),
	   "access log of 02-resident: 10 entries of all five kinds, newest first (its employer "
	   "viewed the permit)");
	json_decref(j);
	j = access_page(q, "90012345", 0, 50, &status, NULL);
	ok(j && num(j, "total") == 9 && json_array_size(at(j, "entries")) == 9 &&
	           kinds(at(j, "entries")) == 0x1f && newest_first(at(j, "entries"), ""),
	   "access log of 01-citizen: 9 entries of all five kinds, newest first");
	json_decref(j);
	j = access_page(q, "90012345", 1, 4, &status, NULL);
	ok(j && num(j, "page") == 1 && num(j, "per_page") == 4 &&
	           json_array_size(at(j, "entries")) == 4 &&
	           !strcmp(str(j, "entries.0.who"), "agency"),
	   "... page 1 of 4 a page: entries 5..8 (the 5th newest is the agency's)");
	json_decref(j);

	/* 5,000 entries */
	j = access_page(q, "90078901", 0, 50, &status, NULL);
	ok(j && num(j, "total") == 5000 && json_array_size(at(j, "entries")) == 50 &&
	           newest_first(at(j, "entries"), ""),
	   "19-accesslog: total 5000, page 0 has 50 entries, newest first");
	char last[32];
	snprintf(last, sizeof(last), "%s", str(j, "entries.49.at"));
	json_decref(j);
	j = access_page(q, "90078901", 1, 50, &status, NULL);
	ok(j && json_array_size(at(j, "entries")) == 50 && newest_first(at(j, "entries"), last) &&
	           strcmp(str(j, "entries.0.at"), last) < 0,
	   "... page 1 goes on where page 0 stopped");
	json_decref(j);
	j = access_page(q, "90078901", 166, 30, &status, NULL);
	ok(j && num(j, "total") == 5000 && json_array_size(at(j, "entries")) == 20,
	   "... the last page of 30 a page (166) has the 20 left");
	json_decref(j);
	j = access_page(q, "90078901", 167, 30, &status, NULL);
	ok(j && num(j, "total") == 5000 && json_array_size(at(j, "entries")) == 0 &&
	           num(j, "page") == 167,
	   "... a page past the end: no entries, the real total");
	json_decref(j);
	j = access_page(q, "90078901", 800, 6, &status, &took);
	ok(j && json_array_size(at(j, "entries")) == 6, "... page 800 of 6 a page: 6 entries");
	printf("# access log page 800 of 5,000 entries: %lld ms round trip\n", (long long)took);
	json_decref(j);
	j = access_page(q, "90078901", 833, 6, &status, NULL);
	ok(j && json_array_size(at(j, "entries")) == 2, "... page 833 of 6 a page: the last 2");
	json_decref(j);

	j = access_page(q, "71299999", 0, 10, &status, NULL);
	ok(j && status == 200 && num(j, "total") == 0 && json_array_size(at(j, "entries")) == 0,
	   "05-norole: nobody looked: 200, total 0");
	json_decref(j);
	j = access_page(q, "11112222", 0, 10, &status, NULL);
	ok(!j && status == 404, "an unknown civil number: 404 (%ld)", status);

	static const char *const bad[] = {
	        "{\"civil_number\":\"90078901\",\"page\":0,\"per_page\":51}",
	        "{\"civil_number\":\"90078901\",\"page\":0,\"per_page\":0}",
	        "{\"civil_number\":\"90078901\",\"page\":-1,\"per_page\":10}",
	        "{\"civil_number\":\"90078901\",\"page\":\"0\",\"per_page\":10}",
	        "{\"civil_number\":\"90078901\",\"page\":1.5,\"per_page\":10}",
	        "{\"civil_number\":\"90078901\",\"per_page\":10}",
	        "{\"civil_number\":90078901,\"page\":0,\"per_page\":10}",
	        "{\"page\":0,\"per_page\":10}",
	};
	int refused = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct query_answer *a = ask(q, "/v1/persons/access-log", bad[i], 0);
		refused += a && a->status == 400;
		query_answer_free(a);
	}
	is_int(refused, (int)(sizeof(bad) / sizeof(bad[0])),
	       "access log: per_page 51 or 0, page -1, \"0\" or 1.5, a member missing: 400");
}

/* Every demo card's civil number and serial is the registry's (06-lostcard's is not); PINs
 * are distinct; one card has its PIN blocked and one a single try left. */
static void
test_cards(struct query *q)
{
	DIR *d = opendir("assets/demo-cards");
	struct dirent *de;
	int cards = 0, confirmed = 0, mismatch = 0, blocked = 0, last_try = 0, dup_pins = 0;
	char pins[64][8];
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".card") || cards >= 64)
			continue;
		char path[300], line[256], civil[32] = "", serial[32] = "", pin[8] = "";
		int tries = -1;
		snprintf(path, sizeof(path), "assets/demo-cards/%s", de->d_name);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			sscanf(line, "civil_number = %31s", civil);
			sscanf(line, "card_serial = %31s", serial);
			sscanf(line, "value = %7s", pin);
			sscanf(line, "tries = %d", &tries);
		}
		if (f)
			fclose(f);
		for (int i = 0; i < cards; i++)
			dup_pins += strcmp(pins[i], pin) == 0;
		snprintf(pins[cards++], sizeof(pins[0]), "%s", pin);
		blocked += tries == 0;
		last_try += tries == 1;
		struct signin_info info;
		long status;
		if (signin(q, civil, serial, &info, &status) == 0) {
			confirmed += info.identity == SIGNIN_CONFIRMED;
			mismatch += info.identity == SIGNIN_MISMATCH &&
			            strcmp(de->d_name, "06-lostcard.card") == 0;
		}
	}
	if (d)
		closedir(d);
	is_int(cards, 21, "21 demo cards");
	ok(confirmed == cards - 1 && mismatch == 1,
	   "each signs in as the registry's person, 06-lostcard as mismatch (%d confirmed)",
	   confirmed);
	is_int(dup_pins, 0, "every demo card has its own PIN");
	ok(blocked == 1 && last_try == 1, "one card with its PIN blocked, one with a try left");

	/* the new people's roles */
	static const struct {
		const char *civil, *serial;
		unsigned roles;
		int establishments;
	} people[] = {
	        {"71200009", "DEMO1000009", SVC_ROLE_WORKER, 0},
	        {"90056789", "DEMO0000017", SVC_ROLE_CITIZEN | SVC_ROLE_EMPLOYER, 2},
	        {"90067890", "DEMO0000018", SVC_ROLE_CITIZEN, 0},
	};
	int right = 0;
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		struct signin_info info;
		long status;
		if (signin(q, people[i].civil, people[i].serial, &info, &status) == 0 &&
		    info.roles == people[i].roles &&
		    info.nestablishments == people[i].establishments)
			right++;
	}
	is_int(right, 3,
	       "a worker reported absent, the employer of two, the long name: their roles");
}

static void
test_faults(struct query *q)
{
	struct signin_info info;
	long status;
	const char *civil = "90034567", *serial = "DEMO0000004";
	static const struct {
		const char *mode;
		int rc;
	} refused[] = {{"missing_field", KERR_PROTO},
	               {"extra_field", KERR_PROTO},
	               {"wrong_type", KERR_PROTO},
	               {"garbage", KERR_PROTO},
	               {"huge", KERR_TOOBIG}};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ok(answer_fault(SIGNIN_PATH, refused[i].mode, 0), "answer fault %s set",
		   refused[i].mode);
		int rc = signin(q, civil, serial, &info, &status);
		ok(rc == refused[i].rc && info.roles == 0,
		   "... the sign-in is unreadable (%s), no role", kerr_name(rc));
	}
	answer_fault(SIGNIN_PATH, "unknown_role", 0);
	ok(signin(q, civil, serial, &info, &status) == 0 && info.unknown_roles == 1 &&
	           info.roles == (SVC_ROLE_CITIZEN | SVC_ROLE_EMPLOYER),
	   "unknown_role: skipped and counted, the known roles kept");
	answer_fault(SIGNIN_PATH, "many_establishments", 0);
	ok(signin(q, civil, serial, &info, &status) == 0 && info.nestablishments == 500,
	   "many_establishments: 500 read");
	answer_fault(SIGNIN_PATH, "status_500", 0);
	struct query_answer *a =
	        ask(q, SIGNIN_PATH, "{\"civil_number\":\"1\",\"card_serial\":\"x\"}", 0);
	ok(a && a->rc == 0 && a->status == 500, "status_500: an answer with HTTP 500");
	query_answer_free(a);

	/* the fault is per route: the others answer as usual */
	a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71234567\"}", 0);
	ok(a && a->status == 200, "a sign-in fault leaves the other routes alone");
	query_answer_free(a);
	answer_fault("/v1/workers/record", "extra_field", 0);
	a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71234567\"}", 0);
	json_t *j = NULL;
	char why[160] = "";
	ok(a && a->status == 200 &&
	           schema_parse(&answer_worker_record, a->body, a->len, &j, why, sizeof(why)) ==
	                   KERR_PROTO &&
	           strcmp(why, "answer: member 'unexpected_member' not allowed") == 0,
	   "extra_field on the record: the closed schema refuses it (%s)", why);
	query_answer_free(a);
	answer_fault("/v1/workers/record", "none", 0);
	ok(admin("POST", "/admin/faults",
	         "{\"answer_fault\":{\"route\":\"/v1/nope\",\"mode\":\"slow\"}}", NULL) == 400 &&
	           admin("POST", "/admin/faults",
	                 "{\"answer_fault\":{\"route\":\"/v1/signin\",\"mode\":\"sideways\"}}",
	                 NULL) == 400,
	   "an unknown route or mode: 400");

	/* the timeout holds: a slow answer and a slow server, each past a short timeout */
	answer_fault(SIGNIN_PATH, "slow", 3000);
	a = ask(q, SIGNIN_PATH, "{\"civil_number\":\"1\",\"card_serial\":\"x\"}", 500);
	ok(a && a->rc == KERR_TIMEOUT && a->status == 0 && !a->body,
	   "slow answer past timeout_ms: KERR_TIMEOUT (after %lld ms)",
	   a ? (long long)a->took_ms : -1LL);
	query_answer_free(a);
	answer_fault(SIGNIN_PATH, "none", 0);
	admin("POST", "/admin/faults", "{\"latency_ms\":3000}", NULL);
	a = ask(q, "/v1/workers/record", "{\"civil_number\":\"71234567\"}", 500);
	ok(a && a->rc == KERR_TIMEOUT, "server latency past timeout_ms: KERR_TIMEOUT");
	query_answer_free(a);
	admin("POST", "/admin/faults", "{\"latency_ms\":0}", NULL);

	/* cancel: one in flight, others waiting; nothing of them is posted */
	answer_fault(SIGNIN_PATH, "slow", 1500);
	long seen = stat_of("signin_requests");
	got_clear();
	uint64_t id;
	struct query_request r = {.method = "POST", .path = SIGNIN_PATH, .body = "{}"};
	int queued = 0;
	for (int i = 0; i < 3; i++)
		queued += query_send(q, &r, &id) == 0;
	for (int i = 0; i < 500 && stat_of("signin_requests") <= seen; i++)
		nap_ms(10);
	ok(queued == 3 && stat_of("signin_requests") == seen + 1,
	   "three sent: one reached the simulator, two wait");
	query_cancel_all(q);
	answer_fault(SIGNIN_PATH, "none", 0);
	struct query_request after = {.method = "POST",
	                              .path = "/v1/workers/record",
	                              .body = "{\"civil_number\":\"71234567\"}"};
	uint64_t last = 0;
	query_send(q, &after, &last);
	ok(wait_answers(1, 30), "a request after the cancel is answered");
	nap_ms(100);
	pthread_mutex_lock(&got.lock);
	ok(got.n == 1 && got.a[0]->id == last && got.a[0]->status == 200,
	   "... and it is the only answer: the in-flight and waiting ones were dropped");
	pthread_mutex_unlock(&got.lock);
	is_int(stat_of("signin_requests"), seen + 1,
	       "the waiting ones never reached the simulator");
	got_clear();

	/* QUERY_PENDING_MAX: the worker is busy with a slow one, the queue fills */
	answer_fault(SIGNIN_PATH, "slow", 2000);
	int accepted = 0, full = 0;
	for (int i = 0; i < QUERY_PENDING_MAX + 3 && !full; i++) {
		int rc = query_send(q, &r, &id);
		if (rc == 0)
			accepted++;
		else if (rc == KERR_FULL)
			full = 1;
	}
	ok(full && accepted >= QUERY_PENDING_MAX && accepted <= QUERY_PENDING_MAX + 1,
	   "KERR_FULL once %d wait (%d accepted)", QUERY_PENDING_MAX, accepted);
	query_cancel_all(q);
	answer_fault(SIGNIN_PATH, "none", 0);
}

/* Round trips against the simulator over mutual TLS, for the figures (never asserted). */
static void
test_round_trip(struct query *q)
{
	char *body = signin_body("90034567", "DEMO0000004");
	int64_t total = 0, worst = 0;
	int n = 0;
	for (int i = 0; i < 50; i++) {
		struct query_answer *a = ask(q, SIGNIN_PATH, body, 0);
		if (a && a->rc == 0 && a->status == 200) {
			n++;
			total += a->took_ms;
			if (a->took_ms > worst)
				worst = a->took_ms;
		}
		query_answer_free(a);
	}
	free(body);
	is_int(n, 50, "50 sign-ins in a row answered");
	printf("# sign-in round trip over mutual TLS: mean %.1f ms, worst %lld ms (%d requests)\n",
	       n ? (double)total / n : 0.0, (long long)worst, n);
}

static void
test_ministry(void)
{
	char simdb[400];
	snprintf(simdb, sizeof(simdb), "%s/query-ministry.db", tap_tmpdir());
	pid_t sim = start_sim(simdb, NULL, &port);
	ok(sim > 0, "ministry-sim started (port %d)", port);
	if (sim <= 0)
		return;
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	ministry_cfg(&cfg, port);
	struct query *q = start(&cfg);
	ok(q != NULL, "query_start (curl backend)");
	if (!q) {
		kill_kid(sim);
		return;
	}
	long before = stat_of("signin_requests");
	test_people(q);
	is_int(stat_of("signin_requests") - before, 7, "/admin/stats counted the 7 sign-ins");
	is_int(stat_of("worker_record_requests"), 4, "... and the 4 record requests");
	is_int(stat_of("establishment_licences_requests"), 6, "... and the 6 licences requests");
	test_record_v2(q);
	test_licences_v2(q);
	test_access_log(q);
	test_cards(q);
	is_int(stat_of("worker_record_v2_requests"), 21, "/admin/stats: 21 v2 record requests");
	is_int(stat_of("establishment_licences_v2_requests"), 10, "... 10 v2 licences requests");
	is_int(stat_of("access_log_requests"), 19, "... 19 access log requests");
	is_int(stat_of("worker_record_requests"), 5, "... and one more v1 record request");
	test_round_trip(q);
	test_faults(q);
	query_stop(q);
	got_clear();

	/* wrong CA */
	snprintf(cfg.backend_ca_file, sizeof(cfg.backend_ca_file), "%s/rogue-ca.pem", pki);
	q = start(&cfg);
	struct query_answer *a = q ? ask(q, SIGNIN_PATH, "{}", 0) : NULL;
	ok(a && a->rc == KERR_TLS && a->status == 0,
	   "a server certificate from another CA: KERR_TLS");
	query_answer_free(a);
	query_stop(q);
	kill_kid(sim);

	/* nothing listening */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	bind(s, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(s, (struct sockaddr *)&sa, &sl);
	close(s); /* the port is free and nobody listens on it */
	ministry_cfg(&cfg, ntohs(sa.sin_port));
	q = start(&cfg);
	a = q ? ask(q, SIGNIN_PATH, "{}", 0) : NULL;
	ok(a && a->rc == KERR_OFFLINE, "nothing listening: KERR_OFFLINE");
	query_answer_free(a);
	/* stop with requests still waiting: they are wiped, nothing leaks */
	struct query_request r = {.method = "POST", .path = SIGNIN_PATH, .body = "{\"x\":1}"};
	uint64_t id;
	for (int i = 0; i < 4; i++)
		query_send(q, &r, &id);
	query_stop(q);
	got_clear();
}

/* ---- 3. the logs ---- */

static int log_fd = -1, saved_stderr = -1;
static char log_path[400];

static void
capture_stderr(void)
{
	snprintf(log_path, sizeof(log_path), "%s/stderr.log", tap_tmpdir());
	log_fd = open(log_path, O_CREAT | O_TRUNC | O_RDWR, 0600);
	saved_stderr = dup(2);
	if (log_fd >= 0)
		dup2(log_fd, 2); /* the simulator inherits it too */
}

static void
check_logs(void)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	FILE *f = fopen(log_path, "r");
	static const char *const secrets[] = {
	        "90012345",     "71234567",  "90023456",
	        "90034567",     "71299999",  "90045678",
	        "11112222",     "DEMO00000", "DEMO77",
	        "Rajesh",       "Salim",     "Khalid",
	        "Maryam",       "Al Noor",   "WP-7000",
	        "WP-6",         "LL-20",     "71200",
	        "90056789",     "90078901",  "DEMO1",
	        "Batinah",      "Amna",      "\xd8\xb3\xd8\xa7\xd9\x84\xd9\x85", /* سالم */
	        "civil_number", "identity",  "roles",
	        "permit",       "{\"",
	};
	int lines = 0, leaks = 0;
	char line[2048];
	while (f && fgets(line, sizeof(line), f)) {
		lines++;
		for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
			if (strstr(line, secrets[i])) {
				leaks++;
				printf("# log line with '%s': %s", secrets[i], line);
				break;
			}
		fputs(line, stderr); /* kept for the test log */
	}
	if (f)
		fclose(f);
	ok(lines > 20, "the kiosk and the simulator logged (%d lines)", lines);
	is_int(leaks, 0, "no civil number, serial, name, permit or body in any log line");
}

int
main(void)
{
	ministry_init(300);
	capture_stderr();
	is_int(net_global_init(), 0, "net_global_init");
	test_sim_backend();
	is_int(make_test_pki("kiosk-test-0001"), 0, "scripts/make-test-pki");
	test_ministry();
	kill_kids();
	net_global_cleanup();
	check_logs();
	return tap_done();
}
