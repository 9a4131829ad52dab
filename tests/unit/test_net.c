/*
 * test_net.c - the network class: the curl backend against the real ministry simulator over
 * mutual TLS (PKI from scripts/make-test-pki in $TMPDIR), its failure mapping (wrong CA, missing
 * or foreign client certificate, server down, stalled server, oversized reply), and the sim
 * backend's script. Binaries are found through $KIOSK_BUILD (default "build"); run from the
 * repository root. Every child is killed at exit, also when a check fails.
 */
#define _DEFAULT_SOURCE
#include "../ministry.h"
#include "../tap.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dbfile[300];

static void
pki_path(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", pki, name);
}

static void
cfg_for(struct kiosk_config *cfg, int port, const char *ca, const char *cert, const char *key)
{
	config_defaults(cfg, NULL);
	snprintf(cfg->net_backend, sizeof(cfg->net_backend), "curl");
	snprintf(cfg->backend_url, sizeof(cfg->backend_url), "https://127.0.0.1:%d/", port);
	cfg->backend_ca_file[0] = cfg->backend_client_cert[0] = cfg->backend_client_key[0] = 0;
	if (ca)
		pki_path(cfg->backend_ca_file, sizeof(cfg->backend_ca_file), ca);
	if (cert)
		pki_path(cfg->backend_client_cert, sizeof(cfg->backend_client_cert), cert);
	if (key)
		pki_path(cfg->backend_client_key, sizeof(cfg->backend_client_key), key);
	cfg->backend_timeout_ms = 5000;
}

/* One request on a fresh dev; returns the net_request() code, status and body in *resp. */
static int
one(const struct kiosk_config *cfg, const char *method, const char *path, const char *body,
    struct net_response *resp)
{
	struct net_dev dev;
	int rc = net_open(&dev, cfg);
	if (rc < 0) {
		kbuf_init(&resp->body, 16);
		resp->status = 0;
		return rc;
	}
	struct net_request req = {.method = method,
	                          .path = path,
	                          .body = body,
	                          .body_len = body ? strlen(body) : 0,
	                          .idempotency_key =
	                                  body ? "6f1c3a56-1111-4c1e-9d55-000000000001" : NULL};
	rc = net_request(&dev, &req, resp);
	net_close(&dev);
	return rc;
}

static const char txn_body[] =
        "{\"kiosk_id\":\"kiosk-test-0001\",\"items\":[{\"seq\":1,"
        "\"idempotency_key\":\"6f1c3a56-1111-4c1e-9d55-000000000001\",\"type\":\"test\","
        "\"created\":\"2025-01-01T10:00:00+04:00\",\"payload\":{\"n\":1}}]}";

static void
test_curl(void)
{
	struct kiosk_config cfg;
	struct net_response resp;
	int port = 0, rc;

	pid_t sim = start_sim(dbfile, NULL, &port);
	ok(sim > 0, "ministry-sim started on a free port (%d)", port);
	if (sim <= 0)
		return;

	cfg_for(&cfg, port, "ca.pem", "client.pem", "client.key");
	rc = one(&cfg, "GET", "/v1/health", NULL, &resp);
	is_int(rc, 0, "health with the test CA and the kiosk certificate");
	is_int(resp.status, 200, "health answers 200");
	ok(resp.body.data && strstr((char *)resp.body.data, "\"status\":\"ok\""), "health body ok");
	kbuf_free(&resp.body);

	/* reuse of one dev for several requests (connection reuse path) */
	struct net_dev dev;
	rc = net_open(&dev, &cfg);
	is_int(rc, 0, "net_open curl");
	int good = 0;
	for (int i = 0; i < 5 && rc == 0; i++) {
		struct net_request req = {.method = "GET", .path = "/v1/health"};
		if (net_request(&dev, &req, &resp) == 0 && resp.status == 200)
			good++;
		kbuf_free(&resp.body);
	}
	is_int(good, 5, "five requests on one handle all succeed");
	net_close(&dev);
	net_close(&dev); /* closing twice is harmless */

	cfg_for(&cfg, port, "rogue-ca.pem", "client.pem", "client.key");
	rc = one(&cfg, "GET", "/v1/health", NULL, &resp);
	is_int(rc, KERR_TLS, "a server certificate from another CA fails with KERR_TLS");
	is_int(resp.status, 0, "no status when TLS failed");
	kbuf_free(&resp.body);

	cfg_for(&cfg, port, "ca.pem", NULL, NULL);
	rc = one(&cfg, "POST", "/v1/transactions", txn_body, &resp);
	ok(rc == KERR_TLS || (rc == 0 && resp.status >= 400 && resp.status < 500),
	   "no client certificate: refused (rc %d, status %ld)", rc, resp.status);
	kbuf_free(&resp.body);
	is_int(sim_count(dbfile), 0, "nothing stored for a client without a certificate");

	cfg_for(&cfg, port, "ca.pem", "rogue-client.pem", "rogue-client.key");
	rc = one(&cfg, "POST", "/v1/transactions", txn_body, &resp);
	ok(rc == KERR_TLS || (rc == 0 && resp.status >= 400 && resp.status < 500),
	   "client certificate from a foreign CA: refused (rc %d, status %ld)", rc, resp.status);
	kbuf_free(&resp.body);
	is_int(sim_count(dbfile), 0, "nothing stored for a foreign client certificate");

	cfg_for(&cfg, port, "ca.pem", "client.pem", "client.key");
	rc = one(&cfg, "POST", "/v1/transactions", txn_body, &resp);
	is_int(rc, 0, "POST /v1/transactions with the kiosk certificate");
	is_int(resp.status, 200, "... answers 200");
	ok(resp.body.data && strstr((char *)resp.body.data, "\"accepted\""), "... item accepted");
	kbuf_free(&resp.body);
	rc = one(&cfg, "POST", "/v1/transactions", txn_body, &resp);
	ok(rc == 0 && resp.body.data && strstr((char *)resp.body.data, "\"duplicate\""),
	   "the same key again is a duplicate");
	kbuf_free(&resp.body);
	is_int(sim_count(dbfile), 1, "the simulator stored the transaction once");

	rc = one(&cfg, "POST", "/v1/transactions", "{not json", &resp);
	is_int(resp.status, 400, "malformed JSON gets 400");
	kbuf_free(&resp.body);

	kill_kid(sim);
	cfg_for(&cfg, port, "ca.pem", "client.pem", "client.key");
	rc = one(&cfg, "GET", "/v1/health", NULL, &resp);
	is_int(rc, KERR_OFFLINE, "server not running -> KERR_OFFLINE");
	kbuf_free(&resp.body);
}

/* A TCP listener that never answers: the TLS handshake stalls until the request timeout. */
static void
test_stall(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	int ready = s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	            listen(s, 4) == 0 && getsockname(s, (struct sockaddr *)&sa, &sl) == 0;
	ok(ready, "silent listener ready");
	if (!ready)
		return;
	struct kiosk_config cfg;
	struct net_response resp;
	cfg_for(&cfg, ntohs(sa.sin_port), "ca.pem", "client.pem", "client.key");
	cfg.backend_timeout_ms = 600;
	int rc = one(&cfg, "GET", "/v1/health", NULL, &resp);
	is_int(rc, KERR_TIMEOUT, "a server that never answers -> KERR_TIMEOUT");
	kbuf_free(&resp.body);
	close(s);
}

/* openssl s_server -WWW serves files over TLS: a reply larger than NET_RESP_MAX. */
static void
test_toobig(void)
{
	char www[400], big[450], cert[400], key[400];
	snprintf(www, sizeof(www), "%s/www", tap_tmpdir());
	mkdir(www, 0700);
	snprintf(big, sizeof(big), "%s/big.json", www);
	FILE *f = fopen(big, "w");
	for (int i = 0; f && i < NET_RESP_MAX / 1000 + 10; i++)
		fprintf(f, "%01000d", 0);
	if (f)
		fclose(f);
	pki_path(cert, sizeof(cert), "server.pem");
	pki_path(key, sizeof(key), "server.key");
	char *argv[] = {(char *)"openssl", (char *)"s_server",
	                (char *)"-accept", (char *)"127.0.0.1:0",
	                (char *)"-cert",   cert,
	                (char *)"-key",    key,
	                (char *)"-WWW",    NULL};
	int fd;
	pid_t pid = spawn(argv, www, &fd);
	int port = pid > 0 ? wait_port(fd, "ACCEPT") : -1;
	if (pid > 0)
		close(fd);
	ok(port > 0, "openssl s_server serving a %d-byte file (port %d)", NET_RESP_MAX + 10000,
	   port);
	if (port <= 0)
		return;
	struct kiosk_config cfg;
	struct net_response resp;
	cfg_for(&cfg, port, "ca.pem", "client.pem", "client.key");
	int rc = one(&cfg, "GET", "/big.json", NULL, &resp);
	is_int(rc, KERR_TOOBIG, "a reply bigger than NET_RESP_MAX -> KERR_TOOBIG");
	ok(resp.body.data == NULL && resp.body.len == 0, "and no truncated body is left");
	kbuf_free(&resp.body);
	kill_kid(pid);
}

static void
test_sim(void)
{
	struct kiosk_config cfg;
	struct net_dev dev;
	struct net_response resp;
	struct net_request health = {.method = "GET", .path = "/v1/health"};
	struct net_request post = {.method = "POST",
	                           .path = "/v1/transactions",
	                           .body = txn_body,
	                           .body_len = strlen(txn_body),
	                           .idempotency_key = "k"};

	config_defaults(&cfg, NULL);
	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "sim");
	is_int(net_open(&dev, &cfg), 0, "sim backend opens");
	is_int(net_request(&dev, &health, &resp), 0, "sim health");
	is_int(resp.status, 200, "sim health 200");
	kbuf_free(&resp.body);

	net_request(&dev, &post, &resp);
	ok(resp.status == 200 && strstr((char *)resp.body.data, "\"accepted\""), "sim accepts");
	kbuf_free(&resp.body);
	net_request(&dev, &post, &resp);
	ok(resp.status == 200 && strstr((char *)resp.body.data, "\"duplicate\""),
	   "sim dedupes by key");
	kbuf_free(&resp.body);
	is_int(net_control(&dev, "stored?"), 1, "sim stored one");
	is_int(net_control(&dev, "duplicates?"), 1, "sim counted one duplicate");

	net_control(&dev, "offline");
	is_int(net_request(&dev, &health, &resp), KERR_OFFLINE, "control offline");
	kbuf_free(&resp.body);
	net_control(&dev, "online");
	net_control(&dev, "status 503");
	net_request(&dev, &health, &resp);
	is_int(resp.status, 503, "control status 503");
	kbuf_free(&resp.body);
	net_control(&dev, "status 0");
	net_control(&dev, "reply_status 201 {\"x\":1}");
	net_control(&dev, "fail timeout");
	net_request(&dev, &health, &resp);
	ok(resp.status == 201 && strcmp((char *)resp.body.data, "{\"x\":1}") == 0,
	   "scripted reply first");
	kbuf_free(&resp.body);
	is_int(net_request(&dev, &health, &resp), KERR_TIMEOUT, "then the scripted failure");
	kbuf_free(&resp.body);
	net_request(&dev, &health, &resp);
	is_int(resp.status, 200, "script used up: back to the fake backend");
	kbuf_free(&resp.body);

	net_control(&dev, "drop_after_commit");
	struct net_request post2 = post;
	const char *b2 = "{\"items\":[{\"seq\":2,\"idempotency_key\":\"k2\"}]}";
	post2.body = b2;
	post2.body_len = strlen(b2);
	is_int(net_request(&dev, &post2, &resp), KERR_IO, "drop_after_commit loses the answer");
	kbuf_free(&resp.body);
	is_int(net_control(&dev, "stored?"), 2, "... but the item was stored");
	is_int(net_control(&dev, "bogus"), KERR_INVAL, "unknown control command -> KERR_INVAL");
	is_int(net_control(&dev, "requests?"), 9, "sim counted every request");

	/* a scripted answer over the cap is refused, not truncated */
	size_t n = NET_RESP_MAX + 16;
	char *cmd = malloc(n + 7);
	memcpy(cmd, "reply ", 6);
	memset(cmd + 6, 'x', n);
	cmd[6 + n] = 0;
	net_control(&dev, "reset");
	net_control(&dev, cmd);
	free(cmd);
	is_int(net_request(&dev, &health, &resp), KERR_TOOBIG, "sim reply over NET_RESP_MAX");
	kbuf_free(&resp.body);
	net_close(&dev);

	snprintf(cfg.net_backend, sizeof(cfg.net_backend), "carrier-pigeon");
	is_int(net_open(&dev, &cfg), KERR_CONFIG, "unknown backend name -> KERR_CONFIG");
	net_close(&dev);
}

int
main(void)
{
	ministry_init(120);
	snprintf(dbfile, sizeof(dbfile), "%s/sim.db", tap_tmpdir());

	is_int(net_global_init(), 0, "net_global_init");
	is_int(make_test_pki("kiosk-test-0001"), 0, "scripts/make-test-pki");

	test_sim();
	test_curl();
	test_stall();
	test_toobig();

	kill_kids();
	net_global_cleanup();
	return tap_done();
}
