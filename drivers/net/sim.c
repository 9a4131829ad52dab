/*
 * net/sim.c - the "sim" network backend: an in-process fake ministry for tests and demo mode.
 *
 * With no script it behaves like a tiny backend: GET /v1/health answers ok, POST /v1/transactions
 * stores each item's idempotency key in memory and answers "accepted" (or "duplicate" with the
 * first reference when the key was seen before), so a kiosk in simulator mode syncs.
 * net_control() scripts faults (thread-safe: a test thread may steer the sync worker's dev):
 *   "offline" | "timeout" | "tls"    every request fails with KERR_OFFLINE / TIMEOUT / TLS
 *   "online"                         clears offline/timeout/tls/status/drop_after_commit
 *   "status N"                       every request answers HTTP N with an error body (0 clears)
 *   "reply TEXT"                     queues a one-shot HTTP 200 answer with body TEXT
 *   "reply_status N TEXT"            queues a one-shot HTTP N answer with body TEXT
 *   "fail offline|timeout|tls|io"    queues a one-shot transport failure
 *   "drop_after_commit [off]"        the fake backend stores the items, then the answer is lost
 *                                    (KERR_IO), as when a connection dies after the server commit
 *   "reset"                          forgets everything: script, store and counters
 *   "requests?" "stored?" "duplicates?"  return that count (>= 0) instead of 0
 *   "card_health?" "printer_health?"      the last heartbeat's report: 0 unknown, 1 ok, 2 fault
 * Scripted answers are used before the fake backend; "status N" applies when the script is empty.
 */
#include "../net.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sim_reply {
	int err; /* < 0: a transport failure instead of an answer */
	long status;
	char *body;
	struct sim_reply *next;
};

struct sim_key {
	char *key;
	char ref[32];
};

struct sim_net {
	pthread_mutex_t lock;
	int fail;          /* persistent transport failure (KERR_*), 0 for none */
	long force_status; /* persistent HTTP status, 0 for none */
	bool drop_after_commit;
	struct sim_reply *head, *tail;
	struct sim_key *keys;
	size_t nkeys, akeys;
	int requests, duplicates, next_ref;
	int hb_card, hb_printer; /* last heartbeat's device health: 0 unknown, 1 ok, 2 fault */
};

static int
health_code(json_t *devices, const char *name)
{
	const char *v = json_string_value(json_object_get(devices, name));
	return !v ? 0 : strcmp(v, "ok") == 0 ? 1 : strcmp(v, "fault") == 0 ? 2 : 0;
}

/* Remembers the device health a heartbeat reports ("card_health?", "printer_health?"). */
static void
sim_heartbeat(struct sim_net *s, const struct net_request *req)
{
	json_t *root = req->body ? json_loadb(req->body, req->body_len, 0, NULL) : NULL;
	json_t *devices = json_object_get(root, "devices");
	s->hb_card = health_code(devices, "card");
	s->hb_printer = health_code(devices, "printer");
	json_decref(root);
}

static int
sim_open(struct net_dev *dev, const struct kiosk_config *cfg)
{
	(void)cfg;
	struct sim_net *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	dev->priv = s;
	return 0;
}

static void
sim_forget(struct sim_net *s)
{
	while (s->head) {
		struct sim_reply *r = s->head;
		s->head = r->next;
		free(r->body);
		free(r);
	}
	s->tail = NULL;
	for (size_t i = 0; i < s->nkeys; i++)
		free(s->keys[i].key);
	free(s->keys);
	s->keys = NULL;
	s->nkeys = s->akeys = 0;
	s->fail = 0;
	s->force_status = 0;
	s->drop_after_commit = false;
	s->requests = s->duplicates = s->next_ref = 0;
}

static void
sim_close(struct net_dev *dev)
{
	struct sim_net *s = dev->priv;
	if (!s)
		return;
	sim_forget(s);
	pthread_mutex_destroy(&s->lock);
	free(s);
	dev->priv = NULL;
}

static int
sim_err_by_name(const char *name)
{
	if (strcmp(name, "offline") == 0)
		return KERR_OFFLINE;
	if (strcmp(name, "timeout") == 0)
		return KERR_TIMEOUT;
	if (strcmp(name, "tls") == 0)
		return KERR_TLS;
	if (strcmp(name, "io") == 0)
		return KERR_IO;
	return 0;
}

static void
sim_push(struct sim_net *s, int err, long status, const char *body)
{
	struct sim_reply *r = xcalloc(1, sizeof(*r));
	r->err = err;
	r->status = status;
	r->body = xstrdup(body ? body : "");
	if (s->tail)
		s->tail->next = r;
	else
		s->head = r;
	s->tail = r;
}

static long
sim_status_arg(const char *p, const char **rest)
{
	char *end;
	errno = 0;
	long v = strtol(p, &end, 10);
	if (errno || end == p || v < 0 || v > 999)
		return -1;
	while (*end == ' ')
		end++;
	*rest = end;
	return v;
}

static int
sim_control(struct net_dev *dev, const char *cmd)
{
	struct sim_net *s = dev->priv;
	const char *rest;
	long v;
	int rc = 0;

	pthread_mutex_lock(&s->lock);
	if (strcmp(cmd, "offline") == 0 || strcmp(cmd, "timeout") == 0 || strcmp(cmd, "tls") == 0) {
		s->fail = sim_err_by_name(cmd);
	} else if (strcmp(cmd, "online") == 0) {
		s->fail = 0;
		s->force_status = 0;
		s->drop_after_commit = false;
	} else if (strncmp(cmd, "status ", 7) == 0) {
		v = sim_status_arg(cmd + 7, &rest);
		if (v < 0 || *rest)
			rc = KERR_INVAL;
		else
			s->force_status = v;
	} else if (strncmp(cmd, "reply ", 6) == 0) {
		sim_push(s, 0, 200, cmd + 6);
	} else if (strncmp(cmd, "reply_status ", 13) == 0) {
		v = sim_status_arg(cmd + 13, &rest);
		if (v < 100)
			rc = KERR_INVAL;
		else
			sim_push(s, 0, v, rest);
	} else if (strncmp(cmd, "fail ", 5) == 0) {
		int e = sim_err_by_name(cmd + 5);
		if (e == 0)
			rc = KERR_INVAL;
		else
			sim_push(s, e, 0, NULL);
	} else if (strcmp(cmd, "drop_after_commit") == 0) {
		s->drop_after_commit = true;
	} else if (strcmp(cmd, "drop_after_commit off") == 0) {
		s->drop_after_commit = false;
	} else if (strcmp(cmd, "reset") == 0) {
		sim_forget(s);
	} else if (strcmp(cmd, "requests?") == 0) {
		rc = s->requests;
	} else if (strcmp(cmd, "stored?") == 0) {
		rc = (int)s->nkeys;
	} else if (strcmp(cmd, "duplicates?") == 0) {
		rc = s->duplicates;
	} else if (strcmp(cmd, "card_health?") == 0) {
		rc = s->hb_card;
	} else if (strcmp(cmd, "printer_health?") == 0) {
		rc = s->hb_printer;
	} else {
		rc = KERR_INVAL;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static struct sim_key *
sim_find(struct sim_net *s, const char *key)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].key, key) == 0)
			return &s->keys[i];
	return NULL;
}

/* The fake backend's POST /v1/transactions. Returns the HTTP status; *out is a jansson string. */
static long
sim_transactions(struct sim_net *s, const struct net_request *req, char **out)
{
	json_error_t jerr;
	json_t *root = json_loadb(req->body ? req->body : "", req->body_len, 0, &jerr);
	json_t *items = root ? json_object_get(root, "items") : NULL;
	if (!json_is_array(items) || json_array_size(items) == 0) {
		json_decref(root);
		*out = xstrdup("{\"error\":\"malformed request\"}");
		return 400;
	}
	json_t *results = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_t *seq = json_object_get(it, "seq");
		const char *key = json_string_value(json_object_get(it, "idempotency_key"));
		json_t *r = json_object();
		json_object_set(r, "seq", seq ? seq : json_null());
		if (!key || !key[0]) {
			json_object_set_new(r, "status", json_string("rejected"));
			json_object_set_new(r, "reason", json_string("missing idempotency_key"));
		} else {
			struct sim_key *k = sim_find(s, key);
			if (k) {
				s->duplicates++;
				json_object_set_new(r, "status", json_string("duplicate"));
			} else {
				if (s->nkeys == s->akeys) {
					s->akeys = s->akeys ? 2 * s->akeys : 64;
					s->keys = xrealloc(s->keys, s->akeys * sizeof(*s->keys));
				}
				k = &s->keys[s->nkeys++];
				k->key = xstrdup(key);
				snprintf(k->ref, sizeof(k->ref), "SIM-%08d", ++s->next_ref);
				json_object_set_new(r, "status", json_string("accepted"));
			}
			json_object_set_new(r, "reference", json_string(k->ref));
		}
		json_array_append_new(results, r);
	}
	json_t *reply = json_object();
	json_object_set_new(reply, "results", results);
	char *text = json_dumps(reply, JSON_COMPACT);
	json_decref(reply);
	json_decref(root);
	*out = xstrdup(text ? text : "{}");
	free(text);
	return 200;
}

static int
sim_request(struct net_dev *dev, const struct net_request *req, struct net_response *resp)
{
	struct sim_net *s = dev->priv;
	char *body = NULL;
	long status = 0;
	int rc = 0;

	pthread_mutex_lock(&s->lock);
	s->requests++;
	if (s->fail) {
		rc = s->fail;
		goto out;
	}
	if (s->head) {
		struct sim_reply *r = s->head;
		s->head = r->next;
		if (!s->head)
			s->tail = NULL;
		rc = r->err;
		status = r->status;
		body = r->body;
		free(r);
		goto out;
	}
	if (s->force_status) {
		status = s->force_status;
		body = xstrdup("{\"error\":\"simulated failure\"}");
		goto out;
	}
	if (strcmp(req->method, "GET") == 0 && strcmp(req->path, "/v1/health") == 0) {
		status = 200;
		body = xstrdup("{\"status\":\"ok\"}");
	} else if (strcmp(req->method, "POST") == 0 && strcmp(req->path, "/v1/transactions") == 0) {
		status = sim_transactions(s, req, &body);
	} else if (strcmp(req->method, "POST") == 0 && strcmp(req->path, "/v1/heartbeat") == 0) {
		sim_heartbeat(s, req);
		status = 200;
		body = xstrdup("{\"status\":\"ok\"}");
	} else {
		status = 404;
		body = xstrdup("{\"error\":\"not found\"}");
	}
	if (s->drop_after_commit)
		rc = KERR_IO;
out:
	pthread_mutex_unlock(&s->lock);
	if (rc == 0) {
		resp->status = status;
		rc = kbuf_addstr(&resp->body, body ? body : "");
	}
	if (rc < 0) {
		resp->status = 0;
		kbuf_free(&resp->body);
	}
	free(body);
	return rc;
}

const struct net_ops net_sim_ops = {
        .name = "sim",
        .open = sim_open,
        .close = sim_close,
        .request = sim_request,
        .control = sim_control,
};
