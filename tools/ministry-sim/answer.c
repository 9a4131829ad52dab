/*
 * answer.c - a query route's answer through the route's answer fault (sim.h, POST /admin/faults),
 * and the one log line of each query: method, path, status, milliseconds. Never a body: the
 * answers hold personal data, as the requests do.
 *
 * The modes, applied to every answer of the route until "none":
 *   missing_field        a 200 answer loses its first member ("identity", "permit", ...)
 *   extra_field          a 200 answer gets a member no schema names
 *   wrong_type           a 200 answer's first member becomes the number 42
 *   unknown_role         a 200 sign-in lists "inspector" next to the real roles
 *   many_establishments  a 200 sign-in lists 500 establishments
 *   huge                 a 200 answer of 10 MB (valid JSON)
 *   slow                 the answer comes after slow_ms
 *   status_500           500 {"error": ...} instead of the answer
 *   garbage              200 with a body that is not JSON
 * The field modes touch 200 answers only (those are what a schema reads); unknown_role and
 * many_establishments touch the sign-in only.
 */
#include "sim.h"

#include "../../common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HUGE_BYTES (10 * 1024 * 1024)

static const char *const mode_names[ANSWER_MODE_COUNT_] = {
        [ANSWER_NONE] = "none",
        [ANSWER_MISSING_FIELD] = "missing_field",
        [ANSWER_EXTRA_FIELD] = "extra_field",
        [ANSWER_WRONG_TYPE] = "wrong_type",
        [ANSWER_UNKNOWN_ROLE] = "unknown_role",
        [ANSWER_MANY_ESTABLISHMENTS] = "many_establishments",
        [ANSWER_HUGE] = "huge",
        [ANSWER_SLOW] = "slow",
        [ANSWER_STATUS_500] = "status_500",
        [ANSWER_GARBAGE] = "garbage",
};

int
answer_mode_by_name(const char *name)
{
	for (int i = 0; i < ANSWER_MODE_COUNT_; i++)
		if (strcmp(mode_names[i], name) == 0)
			return i;
	return -1;
}

const char *
answer_mode_name(enum answer_mode m)
{
	return (unsigned)m < ANSWER_MODE_COUNT_ ? mode_names[m] : "?";
}

/* The first member's key of an object (jansson keeps the order members were set in), copied:
 * the member may go. */
static const char *
first_key(json_t *j, char *buf, size_t size)
{
	void *it = json_object_iter(j);
	if (!it)
		return NULL;
	snprintf(buf, size, "%s", json_object_iter_key(it));
	return buf;
}

static void
many_establishments(json_t *j)
{
	json_t *arr = json_array();
	for (int i = 0; i < 500; i++) {
		char cr[16], ar[64], en[64];
		snprintf(cr, sizeof(cr), "%d", 3000000 + i);
		snprintf(ar, sizeof(ar), "منشأة تجريبية %d", i + 1);
		snprintf(en, sizeof(en), "Test Establishment %d", i + 1);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "cr_number", cr, "name_ar",
		                                     ar, "name_en", en));
	}
	json_object_set_new(j, "establishments", arr);
}

/* {"identity":"confirmed","roles":[],"padding":"xxx..."}: valid JSON, HUGE_BYTES long. */
static char *
huge_body(size_t *len)
{
	static const char head[] = "{\"identity\":\"confirmed\",\"roles\":[],\"padding\":\"";
	char *b = xmalloc(HUGE_BYTES);
	size_t h = sizeof(head) - 1;
	memcpy(b, head, h);
	memset(b + h, 'x', HUGE_BYTES - h - 2);
	memcpy(b + HUGE_BYTES - 2, "\"}", 2);
	*len = HUGE_BYTES;
	return b;
}

static void
log_answer(const struct req_ctx *ctx, const char *path, unsigned int status, const char *how)
{
	fprintf(stderr, "ministry-sim: POST %s -> %u (%lld ms)%s%s\n", path, status,
	        (long long)(sim_mono_ms() - ctx->start_ms), how ? ", answer fault " : "",
	        how ? how : "");
}

enum MHD_Result
reply_answer(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx, enum sim_query q,
             unsigned int status, json_t *j)
{
	const char *path = route_query_path(q);
	if (!j) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		j = json_pack("{s:s}", "error", "storage error");
	}
	pthread_mutex_lock(&sim->lock);
	struct answer_fault af = sim->answer[q];
	pthread_mutex_unlock(&sim->lock);
	const char *how = af.mode == ANSWER_NONE ? NULL : answer_mode_name(af.mode);
	bool ok200 = status == 200 && json_is_object(j);
	char key[64];

	switch (af.mode) {
	case ANSWER_SLOW:
		sim_sleep_ms(af.slow_ms);
		break;
	case ANSWER_STATUS_500:
		json_decref(j);
		log_answer(ctx, path, 500, how);
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                   "internal error (simulated answer fault)");
	case ANSWER_GARBAGE: {
		json_decref(j);
		log_answer(ctx, path, 200, how);
		char *t = xstrdup("<html><body>Service Unavailable</body></html>\n");
		return reply_text(conn, MHD_HTTP_OK, "text/html", t, strlen(t));
	}
	case ANSWER_HUGE: {
		json_decref(j);
		size_t len;
		char *t = huge_body(&len);
		log_answer(ctx, path, 200, how);
		return reply_text(conn, MHD_HTTP_OK, "application/json", t, len);
	}
	case ANSWER_MISSING_FIELD:
		if (ok200 && first_key(j, key, sizeof(key)))
			json_object_del(j, key);
		break;
	case ANSWER_EXTRA_FIELD:
		if (ok200)
			json_object_set_new(j, "unexpected_member",
			                    json_string("added by the sim"));
		break;
	case ANSWER_WRONG_TYPE:
		if (ok200 && first_key(j, key, sizeof(key)))
			json_object_set_new(j, key, json_integer(42));
		break;
	case ANSWER_UNKNOWN_ROLE:
		if (ok200 && q == SIM_Q_SIGNIN)
			json_array_append_new(json_object_get(j, "roles"),
			                      json_string("inspector"));
		break;
	case ANSWER_MANY_ESTABLISHMENTS:
		if (ok200 && q == SIM_Q_SIGNIN)
			many_establishments(j);
		break;
	case ANSWER_NONE:
	case ANSWER_MODE_COUNT_:
		break;
	}
	log_answer(ctx, path, status, how);
	return reply_json(conn, status, j);
}
