/*
 * sync_reply.c - strict parsing of the backend's per-item results (see sync_reply.h).
 * Everything is checked before anything is reported: all-or-nothing.
 */
#include "sync_reply.h"

#include "../../common/kerr.h"
#include "../../common/utf8.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Copies s into out, refusing what does not fit or is not printable ASCII (a reference). */
static int
copy_ref(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= size)
		return KERR_PROTO;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return KERR_PROTO;
	memcpy(out, s, n + 1);
	return 0;
}

/* Copies a free-text reason, cut to fit (on a UTF-8 boundary), control characters -> ' '. */
static void
copy_reason(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		n = utf8_cut(s, size - 1);
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	out[n] = 0;
}

static int
parse_one(json_t *r, const int64_t *seqs, int n, bool *seen, struct sync_item_result *out)
{
	if (!json_is_object(r))
		return KERR_PROTO;
	json_t *jseq = json_object_get(r, "seq");
	const char *status = json_string_value(json_object_get(r, "status"));
	json_t *jref = json_object_get(r, "reference");
	json_t *jreason = json_object_get(r, "reason");
	if (!json_is_integer(jseq) || !status)
		return KERR_PROTO;
	json_int_t seq = json_integer_value(jseq);
	int i;
	for (i = 0; i < n; i++)
		if (seqs[i] == seq)
			break;
	if (i == n || seen[i])
		return KERR_PROTO; /* not sent, or answered twice */
	seen[i] = true;
	if (jref && !json_is_string(jref))
		return KERR_PROTO;
	if (jreason && !json_is_string(jreason) && !json_is_null(jreason))
		return KERR_PROTO;

	struct sync_item_result *res = &out[i];
	if (strcmp(status, "accepted") == 0 || strcmp(status, "duplicate") == 0) {
		if (!jref || copy_ref(res->ref, sizeof(res->ref), json_string_value(jref)) < 0)
			return KERR_PROTO;
		res->status = status[0] == 'a' ? SYNC_ITEM_ACCEPTED : SYNC_ITEM_DUPLICATE;
		const char *pay = json_string_value(json_object_get(r, "pay_url"));
		if (pay && (strncmp(pay, "https://", 8) != 0 || strchr(pay, ' ') ||
		            copy_ref(res->pay_url, sizeof(res->pay_url), pay) < 0))
			res->pay_url[0] = '\0'; /* a payment link is extra: a bad one is left out */
		const char *no = json_string_value(json_object_get(r, "registration_no"));
		if (no && copy_ref(res->number, sizeof(res->number), no) < 0)
			res->number[0] = '\0'; /* the same: extra */
	} else if (strcmp(status, "rejected") == 0) {
		const char *why = json_string_value(jreason);
		copy_reason(res->reason, sizeof(res->reason), why && why[0] ? why : "rejected");
		res->status = SYNC_ITEM_REJECTED;
	} else {
		return KERR_PROTO;
	}
	return 0;
}

int
sync_reply_parse(const char *body, size_t len, const int64_t *seqs, int n,
                 struct sync_item_result *out)
{
	json_error_t jerr;
	json_t *root = NULL;
	bool seen[256];
	int rc = KERR_PROTO;

	if (n < 0 || n > (int)(sizeof(seen) / sizeof(seen[0])))
		return KERR_INVAL;
	memset(out, 0, (size_t)n * sizeof(*out));
	memset(seen, 0, sizeof(seen));
	if (!body)
		return KERR_PROTO;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *results = json_object_get(root, "results");
	if (!json_is_object(root) || !json_is_array(results) ||
	    json_array_size(results) > (size_t)n)
		goto out;
	size_t k;
	json_t *r;
	json_array_foreach(results, k, r)
	{
		if (parse_one(r, seqs, n, seen, out) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		memset(out, 0, (size_t)n * sizeof(*out));
	json_decref(root);
	return rc;
}
