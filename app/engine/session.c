/*
 * session.c - the session and its bag of values (see session.h): parties from cards, the bag
 * (a jansson object), and the wipe. Start at session_end(): everything else exists so that it
 * can leave nothing of the person behind.
 */
#define _GNU_SOURCE /* malloc_usable_size */
#include "session.h"

#include "../../common/kerr.h"
#include "../../common/xalloc.h"
#include "../../services/svc.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- jansson allocator that zeroes what it frees -------------------------------------------- */

/* Plain malloc blocks (so text from json_dumps() may still be released with free()), zeroed
 * over their whole usable size when jansson releases them. */
static void
wipe_free(void *ptr)
{
	if (!ptr)
		return;
	xwipe(ptr, malloc_usable_size(ptr));
	free(ptr);
}

void
session_json_alloc_init(void)
{
	json_set_alloc_funcs(malloc, wipe_free);
}

/* ---- wiping a JSON tree --------------------------------------------------------------------- */

void
json_wipe(json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	if (!j)
		return;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		json_object_foreach(j, key, v)
		{
			json_wipe(v);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(j, i, v)
		{
			json_wipe(v);
		}
		break;
	case JSON_STRING:
		/* jansson keeps the text in its own heap block: zero it where it lies */
		xwipe((char *)json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		json_integer_set(j, 0);
		break;
	case JSON_REAL:
		json_real_set(j, 0);
		break;
	default:
		break;
	}
}

void
json_wipe_decref(json_t *j)
{
	if (!j)
		return;
	/* only the last reference wipes: a shared value is still in use elsewhere */
	if (j->refcount == 1)
		json_wipe(j);
	json_decref(j);
}

/* ---- the session ---------------------------------------------------------------------------- */

void
session_start(struct session *s, const char *lang)
{
	if (s->active || s->bag)
		session_end(s);
	memset(s, 0, sizeof(*s));
	s->active = true;
	snprintf(s->lang, sizeof(s->lang), "%s", lang && lang[0] ? lang : "ar");
	s->bag = json_object();
	json_object_set_new(s->bag, "party", json_array());
}

static json_t *
party_json(const struct card_identity *id)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[]}", "civil_number",
	                 id->civil_number, "name_ar", id->name_ar, "name_en", id->name_en,
	                 "nationality", id->nationality, "card_serial", id->card_serial, "expiry",
	                 id->expiry, "birth", id->birth, "roles");
}

int
session_add_party(struct session *s, const struct card_identity *id, enum card_auth_result auth)
{
	if (!s->active || s->nparties >= SESSION_PARTIES)
		return KERR_FULL;
	json_t *p = party_json(id);
	if (!p)
		return KERR_INVAL; /* not UTF-8: the card read checked it already */
	int i = s->nparties++;
	struct session_party *sp = &s->party[i];
	memset(sp, 0, sizeof(*sp));
	sp->id = *id;
	sp->auth = auth;
	json_array_append_new(json_object_get(s->bag, "party"), p);
	return i;
}

void
session_drop_party(struct session *s)
{
	if (!s->active || s->nparties == 0)
		return;
	int i = --s->nparties;
	card_identity_wipe(&s->party[i].id);
	xwipe(&s->party[i], sizeof(s->party[i]));
	json_t *arr = json_object_get(s->bag, "party");
	json_t *p = json_array_get(arr, (size_t)i);
	if (p) {
		json_wipe(p);
		json_array_remove(arr, (size_t)i);
	}
}

void
session_set_roles(struct session *s, int i, unsigned roles, const char *const *names, int nnames)
{
	if (!s->active || i < 0 || i >= s->nparties)
		return;
	s->party[i].roles = roles;
	json_t *p = json_array_get(json_object_get(s->bag, "party"), (size_t)i);
	json_t *arr = json_array();
	for (int k = 0; k < nnames; k++)
		json_array_append_new(arr, json_string(names[k]));
	json_object_set_new(p, "roles", arr);
}

int
session_put(struct session *s, const char *key, json_t *value)
{
	if (!s->active || !s->bag || !key || !value) {
		json_wipe_decref(value);
		return KERR_STATE;
	}
	session_del(s, key);
	return json_object_set_new(s->bag, key, value) == 0 ? 0 : KERR_INVAL;
}

void
session_del(struct session *s, const char *key)
{
	if (!s->bag)
		return;
	json_t *old = json_object_get(s->bag, key);
	if (!old)
		return;
	json_incref(old);
	json_object_del(s->bag, key);
	json_wipe_decref(old);
}

const json_t *
session_get(const struct session *s, const char *path)
{
	return s->bag ? svc_get(s->bag, path) : NULL;
}

const char *
session_str(const struct session *s, const char *path)
{
	return json_string_value(session_get(s, path));
}

void
session_end(struct session *s)
{
	for (int i = 0; i < SESSION_PARTIES; i++)
		card_identity_wipe(&s->party[i].id);
	json_wipe_decref(s->bag);
	s->bag = NULL;
	xwipe(s, sizeof(*s));
}
