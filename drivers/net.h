/*
 * net.h - the network device class: one HTTPS request at a time to the ministry backend.
 *
 * Backends: "curl" (net/curl.c: libcurl, mutual TLS, finite timeouts) and "sim" (net/sim.c: an
 * in-process fake that records requests and answers from a script, for fault tests without a
 * server). A net_dev is used by one thread at a time: the sync worker owns it.
 */
#ifndef KIOSK_NET_H
#define KIOSK_NET_H

#include <stddef.h>

#include "../common/kbuf.h"

struct kiosk_config;
struct net_dev;

#define NET_RESP_MAX (1024 * 1024) /* a larger reply is an error, never truncated */

struct net_request {
	const char *method; /* "GET", "POST" */
	const char *path;   /* appended to [backend] url, starts with '/' */
	const char *body;   /* NULL for none; JSON */
	size_t body_len;
	const char *idempotency_key; /* sent as Idempotency-Key when not NULL */
	int timeout_ms;              /* whole request, connect included */
};

struct net_response {
	long status;      /* HTTP status; 0 when no answer was received */
	struct kbuf body; /* owned by the caller: kbuf_free() after use */
};

struct net_ops {
	const char *name;
	int (*open)(struct net_dev *dev, const struct kiosk_config *cfg);
	void (*close)(struct net_dev *dev); /* accepts a half-open dev */
	/* 0 when an HTTP answer arrived (any status); KERR_OFFLINE/TIMEOUT/TLS/TOOBIG otherwise. */
	int (*request)(struct net_dev *dev, const struct net_request *req,
	               struct net_response *resp);
	/* Optional: simulator control. NULL -> KERR_NOTSUP. */
	int (*control)(struct net_dev *dev, const char *cmd);
};

struct net_dev {
	const struct net_ops *ops;
	void *priv;
};

int net_open(struct net_dev *dev, const struct kiosk_config *cfg); /* cfg->net_backend */
void net_close(struct net_dev *dev);
/* resp->body is initialised here; the caller frees it with kbuf_free() whatever the result. */
int net_request(struct net_dev *dev, const struct net_request *req, struct net_response *resp);
int net_control(struct net_dev *dev, const char *cmd);

/* Once per process, before any thread starts (curl_global_init). */
int net_global_init(void);
void net_global_cleanup(void);

extern const struct net_ops net_curl_ops;
extern const struct net_ops net_sim_ops;

#endif
