/*
 * reply.c - the simulator's replies (see sim.h): JSON answers and errors, plain text, and the
 * broken replies the faults need (a TCP reset, an answer cut half-way); the request body read
 * as JSON; the clock and the sleeps of the latency faults.
 */
#include "sim.h"

#include "../../common/xalloc.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

int64_t
sim_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sim_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	while (ms > 0 && nanosleep(&ts, &ts) != 0)
		;
}

/* Resets the TCP connection: SO_LINGER 0 makes the close send RST instead of FIN. */
enum MHD_Result
reply_reset(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci) {
		struct linger l = {.l_onoff = 1, .l_linger = 0};
		setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		shutdown(ci->connect_fd, SHUT_RDWR);
	}
	return MHD_NO;
}

struct trunc_body {
	char *text;
	size_t len; /* bytes sent before the cut */
};

static ssize_t
trunc_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct trunc_body *t = cls;
	if (pos >= t->len)
		return MHD_CONTENT_READER_END_WITH_ERROR; /* cut: fewer bytes than Content-Length */
	size_t n = t->len - (size_t)pos < max ? t->len - (size_t)pos : max;
	memcpy(buf, t->text + pos, n);
	return (ssize_t)n;
}

static void
trunc_free(void *cls)
{
	struct trunc_body *t = cls;
	free(t->text);
	free(t);
}

/* Announces the whole JSON answer's length, sends half, then cuts the connection. Steals j. */
enum MHD_Result
reply_truncated(struct MHD_Connection *conn, json_t *j)
{
	struct trunc_body *t = xcalloc(1, sizeof(*t));
	t->text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!t->text) {
		free(t);
		return MHD_NO;
	}
	size_t full = strlen(t->text);
	t->len = full / 2;
	struct MHD_Response *r =
	        MHD_create_response_from_callback(full, 1024, trunc_read, t, trunc_free);
	if (!r) {
		trunc_free(t);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* Queues a JSON answer; steals j. */
enum MHD_Result
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

enum MHD_Result
reply_error(struct MHD_Connection *conn, unsigned int status, const char *msg)
{
	return reply_json(conn, status, json_pack("{s:s}", "error", msg));
}

enum MHD_Result
reply_text(struct MHD_Connection *conn, unsigned int status, const char *type, char *text,
           size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

json_t *
req_json(const struct req_ctx *ctx)
{
	json_error_t jerr;
	json_t *j = json_loadb(ctx->body.data ? (const char *)ctx->body.data : "", ctx->body.len,
	                       JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

const char *
req_digits(const json_t *o, const char *name, size_t max)
{
	const char *v = json_string_value(json_object_get(o, name));
	size_t n = v ? strlen(v) : 0;
	if (n == 0 || n > max)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return NULL;
	return v;
}

bool
req_refused(const struct req_ctx *ctx, bool well_formed, const char *msg, unsigned *status,
            json_t **answer)
{
	if (!ctx->too_big && well_formed)
		return false;
	*status = ctx->too_big ? MHD_HTTP_CONTENT_TOO_LARGE : MHD_HTTP_BAD_REQUEST;
	*answer = json_pack("{s:s}", "error", msg);
	return true;
}
