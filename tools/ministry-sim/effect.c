/*
 * effect.c - the table of effects (effect.h): which transaction type changes the record, and
 * the small helpers the effects share (reading the payload, running a bound statement).
 */
#include "effect.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"

#include <stdio.h>
#include <string.h>

static const struct effect *const effects[] = {
        &effect_objection,
        &effect_renewal,
        &effect_transfer,
        &effect_jobseeker,
};

const struct effect *
effect_find(const char *type)
{
	for (size_t i = 0; i < sizeof(effects) / sizeof(effects[0]); i++)
		if (strcmp(effects[i]->type, type) == 0)
			return effects[i];
	return NULL;
}

json_t *
effect_get(json_t *payload, const char *path)
{
	char name[64];
	json_t *j = payload;
	while (j && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof(name))
			return NULL;
		memcpy(name, path, n);
		name[n] = 0;
		j = json_object_get(j, name);
		path += n + (path[n] == '.');
	}
	return j;
}

const char *
effect_str(json_t *payload, const char *path)
{
	return json_string_value(effect_get(payload, path));
}

const char *
effect_party_civil(json_t *payload, size_t i)
{
	return json_string_value(json_object_get(
	        json_array_get(json_object_get(payload, "party"), i), "civil_number"));
}

int
effect_exec(sqlite3 *db, const char *sql, int n, const char *const args[])
{
	sqlite3_stmt *st = NULL;
	int rc = KERR_DB;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	for (int i = 0; i < n; i++)
		if (args[i])
			sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (step == SQLITE_DONE)
		rc = 0;
out:
	if (rc < 0)
		klog(KLOG_ERR, "effect", "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}
