/*
 * net/curl.c - the "curl" network backend: HTTPS to the ministry backend with libcurl.
 *
 * One easy handle per net_dev, kept for the dev's life so the TLS connection is reused between
 * requests. Mutual TLS: the private CA in [backend] ca_file, the kiosk's certificate and key in
 * client_cert/client_key; peer and host verification always on; https only; proxies from the
 * environment ignored. Every request has a finite connect and total timeout and a low-speed
 * limit, so a stalled backend cannot hold the sync worker. The reply goes into the caller's
 * capped kbuf: a reply larger than NET_RESP_MAX fails with KERR_TOOBIG, never truncated.
 * CURLcode is mapped to KERR_* here, once, and curl's message is logged here only (never a body).
 * Also home of net_global_init()/net_global_cleanup() (curl_global_init is not thread-safe).
 */
#include "../net.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CURL_CONNECT_MAX_MS  10000
#define CURL_LOW_SPEED_BYTES 100 /* bytes/s below which ... */
#define CURL_LOW_SPEED_S     20  /* ... for this long the transfer is abandoned */

struct curl_net {
	CURL *h;
	char base_url[CFG_STR_MAX];
	int timeout_ms;
	struct kbuf *sink; /* the current request's reply buffer */
	bool toobig;
	char errbuf[CURL_ERROR_SIZE];
};

int
net_global_init(void)
{
	/* With CURLOPT_NOSIGNAL libcurl no longer ignores SIGPIPE itself; a peer closing a TLS
	 * connection must not kill the kiosk. */
	signal(SIGPIPE, SIG_IGN);
	CURLcode c = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (c != CURLE_OK) {
		klog(KLOG_ERR, "net", "curl_global_init: %s", curl_easy_strerror(c));
		return KERR_INTERNAL;
	}
	return 0;
}

void
net_global_cleanup(void)
{
	curl_global_cleanup();
}

static size_t
curl_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct curl_net *c = userdata;
	size_t n = size * nmemb;
	if (!c->sink || kbuf_add(c->sink, ptr, n) < 0) {
		c->toobig = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	return n;
}

/* The one place CURLcode becomes a KERR_* code. */
static int
curl_map(CURLcode code)
{
	switch (code) {
	case CURLE_OK:
		return 0;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return KERR_OFFLINE;
	case CURLE_OPERATION_TIMEDOUT:
		return KERR_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CLIENTCERT:
		return KERR_TLS;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return KERR_CONFIG;
	case CURLE_OUT_OF_MEMORY:
		return KERR_NOMEM;
	default: /* SEND/RECV errors, GOT_NOTHING, PARTIAL_FILE, HTTP2...: the answer was lost */
		return KERR_IO;
	}
}

static int
curl_open(struct net_dev *dev, const struct kiosk_config *cfg)
{
	struct curl_net *c = xcalloc(1, sizeof(*c));
	dev->priv = c;
	snprintf(c->base_url, sizeof(c->base_url), "%s", cfg->backend_url);
	/* "https://host/" + "/v1/..." would give a double slash */
	size_t n = strlen(c->base_url);
	while (n > 0 && c->base_url[n - 1] == '/')
		c->base_url[--n] = 0;
	c->timeout_ms = cfg->backend_timeout_ms > 0 ? cfg->backend_timeout_ms : 10000;

	c->h = curl_easy_init();
	if (!c->h) {
		klog(KLOG_ERR, "net", "curl_easy_init failed");
		return KERR_NOMEM;
	}
	CURL *h = c->h;
	int bad = 0; /* OR of every CURLcode: any failure is a build or config problem */
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	bad |= curl_easy_setopt(h, CURLOPT_PROXY,
	                        ""); /* never a proxy from the environment: it would break mTLS */
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	bad |= curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	bad |= curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	if (cfg->backend_ca_file[0]) {
		bad |= curl_easy_setopt(h, CURLOPT_CAINFO, cfg->backend_ca_file);
		bad |= curl_easy_setopt(
		        h, CURLOPT_CAPATH,
		        (char *)NULL); /* the private CA only, not the system store */
	}
	if (cfg->backend_client_cert[0]) {
		bad |= curl_easy_setopt(h, CURLOPT_SSLCERT, cfg->backend_client_cert);
		bad |= curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
	}
	if (cfg->backend_client_key[0]) {
		bad |= curl_easy_setopt(h, CURLOPT_SSLKEY, cfg->backend_client_key);
		bad |= curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
	}
	if (cfg->backend_pin[0]) /* a mismatch fails the handshake: nothing is sent */
		bad |= curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, cfg->backend_pin);
	bad |= curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	bad |= curl_easy_setopt(h, CURLOPT_MAXAGE_CONN,
	                        60L); /* a connection idle this long may have died in a flap */
	bad |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, (long)CURL_LOW_SPEED_BYTES);
	bad |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)CURL_LOW_SPEED_S);
	bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, curl_write_cb);
	bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
	bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, "oman-mol-kiosk/0.1");
	if (bad) {
		klog(KLOG_ERR, "net",
		     "libcurl refused an option (TLS files or build without https?)");
		return KERR_CONFIG;
	}
	return 0;
}

static void
curl_close(struct net_dev *dev)
{
	struct curl_net *c = dev->priv;
	if (!c)
		return;
	if (c->h)
		curl_easy_cleanup(c->h);
	free(c);
	dev->priv = NULL;
}

static int
curl_request(struct net_dev *dev, const struct net_request *req, struct net_response *resp)
{
	struct curl_net *c = dev->priv;
	CURL *h = c->h;
	struct curl_slist *hdrs = NULL;
	char url[CFG_STR_MAX + 256];
	char line[320];
	int rc = KERR_INTERNAL;
	int bad = 0;

	if ((size_t)snprintf(url, sizeof(url), "%s%s", c->base_url, req->path) >= sizeof(url))
		return KERR_TOOBIG;
	int timeout = req->timeout_ms > 0 ? req->timeout_ms : c->timeout_ms;
	int connect = timeout < CURL_CONNECT_MAX_MS ? timeout : CURL_CONNECT_MAX_MS;

	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip */
	if (req->body)
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	if (req->idempotency_key) {
		if (strpbrk(req->idempotency_key, "\r\n") ||
		    (size_t)snprintf(line, sizeof(line), "Idempotency-Key: %s",
		                     req->idempotency_key) >= sizeof(line)) {
			rc = KERR_INVAL;
			goto out;
		}
		hdrs = curl_slist_append(hdrs, line);
	}
	if (!hdrs) {
		rc = KERR_NOMEM;
		goto out;
	}

	bad |= curl_easy_setopt(h, CURLOPT_URL, url);
	bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)timeout);
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)connect);
	if (strcmp(req->method, "GET") == 0) {
		bad |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (char *)NULL);
	} else {
		bad |= curl_easy_setopt(h, CURLOPT_POST, 1L);
		bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
		                        strcmp(req->method, "POST") == 0 ? (char *)NULL
		                                                         : req->method);
	}
	if (bad) {
		klog(KLOG_ERR, "net", "%s %s: libcurl refused a request option", req->method,
		     req->path);
		goto out;
	}

	c->sink = &resp->body;
	c->toobig = false;
	c->errbuf[0] = 0;
	CURLcode code = curl_easy_perform(h);
	c->sink = NULL;
	if (code == CURLE_WRITE_ERROR && c->toobig) {
		klog(KLOG_WARN, "net", "%s %s: reply larger than %d bytes", req->method, req->path,
		     NET_RESP_MAX);
		kbuf_free(&resp->body);
		rc = KERR_TOOBIG;
		goto out;
	}
	if (code != CURLE_OK) {
		rc = curl_map(code);
		klog(KLOG_WARN, "net", "%s %s: %s (%s)", req->method, req->path,
		     c->errbuf[0] ? c->errbuf : curl_easy_strerror(code), kerr_name(rc));
		kbuf_free(&resp->body);
		goto out;
	}
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	resp->status = status;
	rc = 0;
out:
	/* the handle keeps a pointer to the list: detach before freeing it */
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	curl_slist_free_all(hdrs);
	return rc;
}

const struct net_ops net_curl_ops = {
        .name = "curl",
        .open = curl_open,
        .close = curl_close,
        .request = curl_request,
        .control = NULL,
};
