/*
 * backend/refsync.c - reference data: GET /v1/refdata?version=V after each answered heartbeat;
 * every entry of a newer version is stored (offline-cache/refdata.h) with the version in one
 * commit, so the kiosk holds one whole version or the previous one, never a mix. Keys and
 * versions are short plain names; anything else in the answer keeps what is stored.
 * Runs on the sync worker's thread only.
 */
#include "sync_priv.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/refdata.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reference data key or version the kiosk will store: short, plain characters. */
static bool
refsync_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

/* An answer that is not what the protocol says is logged and the stored data kept. */
void
refsync_pull(struct sync *s)
{
	char have[64] = "", path[128];
	struct net_response resp;
	if (refdata_get(s->q, "_version", have, sizeof(have), NULL, 0, NULL) != 0 ||
	    !refsync_name_ok(have))
		have[0] = '\0';
	snprintf(path, sizeof(path), "/v1/refdata%s%s", have[0] ? "?version=" : "", have);
	struct net_request req = {.method = "GET", .path = path};
	int rc = net_request(&s->net, &req, &resp);
	if (rc < 0 || resp.status != 200) {
		kbuf_free(&resp.body);
		return; /* the heartbeat already said whether the backend is there */
	}
	json_error_t jerr;
	json_t *j = json_loadb((const char *)resp.body.data, resp.body.len, 0, &jerr);
	kbuf_free(&resp.body);
	const char *version = json_string_value(json_object_get(j, "version"));
	json_t *entries = json_object_get(j, "entries");
	if (!version || !refsync_name_ok(version) ||
	    (!json_is_true(json_object_get(j, "unchanged")) && !json_is_object(entries))) {
		klog(KLOG_WARN, "sync", "reference data answer malformed: kept version '%s'", have);
		json_decref(j);
		return;
	}
	if (json_is_true(json_object_get(j, "unchanged")) || strcmp(version, have) == 0) {
		json_decref(j);
		return;
	}
	int64_t now = clock_wall_ms(s->clock);
	const char *key;
	json_t *v;
	int n = 0;
	rc = queue_begin(s->q);
	json_object_foreach(entries, key, v)
	{
		if (rc)
			break;
		if (!refsync_name_ok(key) || key[0] == '_')
			continue; /* not a name the kiosk uses */
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (text && (rc = refdata_put(s->q, key, text, version, now)) == 0)
			n++;
		free(text);
	}
	if (rc == 0)
		rc = refdata_put(s->q, "_version", version, version, now);
	if (rc == 0)
		rc = queue_commit(s->q);
	else
		queue_rollback(s->q);
	if (rc == 0)
		klog(KLOG_INFO, "sync", "reference data %s stored (%d entries)", version, n);
	else
		klog(KLOG_WARN, "sync", "reference data %s not stored: %s", version, kerr_str(rc));
	json_decref(j);
}
