/*
 * svc.c - reading a service's values: the path walk behind svc_get() (see svc.h). A path is
 * dot-separated: object members by name, array items by decimal index ("party.0.name_ar").
 * The empty path is the root itself. No allocation; any thread.
 */
#include "svc.h"

#include <string.h>

#define SVC_SEGMENT_MAX 64

const json_t *
svc_get(const json_t *bag, const char *path)
{
	const json_t *cur = bag;
	if (!path)
		return NULL;
	while (cur && *path) {
		char seg[SVC_SEGMENT_MAX];
		size_t n = strcspn(path, ".");
		if (n == 0 || n >= sizeof(seg))
			return NULL;
		memcpy(seg, path, n);
		seg[n] = '\0';
		path += n;
		if (*path == '.' && !*++path)
			return NULL; /* a trailing dot */
		if (json_is_object(cur)) {
			cur = json_object_get(cur, seg);
		} else if (json_is_array(cur)) {
			size_t idx = 0;
			for (size_t i = 0; i < n; i++) {
				if (seg[i] < '0' || seg[i] > '9' || idx > 100000)
					return NULL;
				idx = idx * 10 + (size_t)(seg[i] - '0');
			}
			cur = json_array_get(cur, idx);
		} else {
			return NULL;
		}
	}
	return cur;
}

const json_t *
svc_ctx_get(const struct svc_ctx *ctx, const char *path)
{
	return ctx ? svc_get(ctx->bag, path) : NULL;
}
