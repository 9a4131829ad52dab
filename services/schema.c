/*
 * schema.c - the one checker of the backend's answers against closed schemas (see schema.h).
 *
 * A recursive walk of the schema and the tree side by side. The place of each value is built in
 * a small buffer as the walk goes down ("licences[0].quotas[2].used") and put in front of the
 * rule that failed; the value itself is never copied into a message. The walk goes no deeper
 * than the schema (a closed schema names every member), and never deeper than SCHEMA_DEPTH_MAX.
 * No state, no allocation besides jansson's tree in schema_parse(): any thread.
 * Where to start: check().
 */
#include "schema.h"

#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PLACE_MAX 192 /* a longer place is cut: the message still names the rule */

struct walk {
	char place[PLACE_MAX];
	size_t len; /* of place */
	char *why;
	size_t whysize;
};

static int __attribute__((format(printf, 2, 3))) fail(struct walk *w, const char *fmt, ...)
{
	if (!w->why || w->whysize == 0)
		return KERR_PROTO;
	char rule[96];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rule, sizeof(rule), fmt, ap);
	va_end(ap);
	/* a place too long for the buffer is cut, so the rule always shows */
	const char *place = w->len ? w->place : "answer";
	size_t room = strlen(rule) + 3 < w->whysize ? w->whysize - strlen(rule) - 3 : 0;
	snprintf(w->why, w->whysize, "%.*s: %s", (int)(room < PLACE_MAX ? room : PLACE_MAX), place,
	         rule);
	return KERR_PROTO;
}

/* Appends ".name" (or "name" at the root) or "[i]" to the place; returns the length to restore. */
static size_t
place_push(struct walk *w, const char *name, size_t index)
{
	size_t was = w->len;
	int n;
	if (name)
		n = snprintf(w->place + w->len, sizeof(w->place) - w->len, "%s%s",
		             w->len ? "." : "", name);
	else
		n = snprintf(w->place + w->len, sizeof(w->place) - w->len, "[%zu]", index);
	if (n < 0 || (size_t)n >= sizeof(w->place) - w->len)
		w->len = sizeof(w->place) - 1; /* cut */
	else
		w->len += (size_t)n;
	return was;
}

static void
place_pop(struct walk *w, size_t was)
{
	w->len = was;
	w->place[was] = '\0';
}

/* A member name the message may repeat: a short lower-case identifier ("phone"), never
 * something that could be a value (digits, names, anything long). */
static bool
name_is_plain(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 32)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
			return false;
	return true;
}

/* Code points that may not stand in text shown or printed: C0 and C1 controls, DEL, and the
 * explicit bidi embeddings, overrides and isolates (the text engine alone decides direction;
 * an override inside a name could reorder what is around it on screen). */
static bool
cp_forbidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The text of a string value, refusing an embedded NUL (len bytes must all be before it). */
static const char *
string_of(const json_t *j, size_t *len)
{
	const char *v = json_string_value(j);
	if (!v)
		return NULL;
	*len = json_string_length(j);
	return strlen(v) == *len ? v : NULL;
}

static int
check_string(struct walk *w, const struct schema *s, const json_t *j)
{
	size_t len;
	const char *v = string_of(j, &len);
	if (!v)
		return fail(w, "not a string");
	long long chars = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t used;
		if (utf8_next(v + i, len - i, &cp, &used) < 0)
			return fail(w, "not UTF-8");
		if (s->type == SCHEMA_STRING && cp_forbidden(cp))
			return fail(w, "control character");
		if (s->type == SCHEMA_DIGITS && !(cp >= '0' && cp <= '9'))
			return fail(w, "not digits");
		if (s->type == SCHEMA_CODE &&
		    !((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
		      (cp >= '0' && cp <= '9') || cp == '.' || cp == '_' || cp == '/' || cp == '-'))
			return fail(w, "not a code");
		i += used;
		if (++chars > SCHEMA_STRING_MAX)
			return fail(w, "too long");
	}
	if (chars < s->min)
		return fail(w, "too short");
	if (s->max && chars > s->max)
		return fail(w, "too long");
	return 0;
}

/* "YYYY-MM-DDTHH:MM": exactly 16 characters, a real date, 00:00..23:59. */
static bool
datetime_ok(const char *v, size_t len)
{
	char day[11];
	struct civil_date d;
	if (len != 16 || v[10] != 'T' || v[13] != ':')
		return false;
	for (int i = 11; i < 16; i++)
		if (i != 13 && !(v[i] >= '0' && v[i] <= '9'))
			return false;
	memcpy(day, v, 10);
	day[10] = '\0';
	int hour = (v[11] - '0') * 10 + (v[12] - '0');
	int minute = (v[14] - '0') * 10 + (v[15] - '0');
	return date_parse_iso(day, &d) == 0 && hour <= 23 && minute <= 59;
}

static int check(struct walk *w, const struct schema *s, const json_t *j, int depth);

static int
check_object(struct walk *w, const struct schema *s, const json_t *j, int depth)
{
	if (!json_is_object(j))
		return fail(w, "not an object");
	size_t known = 0;
	for (const struct schema *m = s->members; m && m->type != SCHEMA_END; m++) {
		const json_t *v = m->name ? json_object_get(j, m->name) : NULL;
		size_t was = place_push(w, m->name ? m->name : "?", 0);
		int rc = 0;
		if (!m->name)
			rc = fail(w, "schema member without a name");
		else if (!v && !(m->flags & SCHEMA_OPTIONAL))
			rc = fail(w, "missing");
		else if (v)
			rc = check(w, m, v, depth + 1);
		place_pop(w, was);
		if (rc < 0)
			return rc;
		if (v)
			known++;
	}
	if (known == json_object_size(j))
		return 0;
	/* a member the schema does not name: closed schemas refuse the whole answer */
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)j, key, v)
	{
		bool named = false;
		for (const struct schema *m = s->members; m && m->type != SCHEMA_END && !named; m++)
			named = m->name && strcmp(m->name, key) == 0;
		if (named)
			continue;
		if (name_is_plain(key))
			return fail(w, "member '%s' not allowed", key);
		return fail(w, "a member not allowed");
	}
	return fail(w, "a member not allowed");
}

static int
check_array(struct walk *w, const struct schema *s, const json_t *j, int depth)
{
	if (!json_is_array(j))
		return fail(w, "not an array");
	size_t n = json_array_size(j);
	if ((long long)n < s->min)
		return fail(w, "too few items");
	if (s->max && (long long)n > s->max)
		return fail(w, "too many items");
	if (!s->items)
		return n ? fail(w, "schema array without items") : 0;
	for (size_t i = 0; i < n; i++) {
		size_t was = place_push(w, NULL, i);
		int rc = check(w, s->items, json_array_get(j, i), depth + 1);
		place_pop(w, was);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
check(struct walk *w, const struct schema *s, const json_t *j, int depth)
{
	if (depth >= SCHEMA_DEPTH_MAX)
		return fail(w, "nested too deep");
	if (json_is_null(j))
		return s->flags & SCHEMA_NULLABLE ? 0 : fail(w, "null not allowed");
	switch (s->type) {
	case SCHEMA_OBJECT:
		return check_object(w, s, j, depth);
	case SCHEMA_ARRAY:
		return check_array(w, s, j, depth);
	case SCHEMA_STRING:
	case SCHEMA_CODE:
	case SCHEMA_DIGITS:
		return check_string(w, s, j);
	case SCHEMA_DATE: {
		size_t len;
		const char *v = string_of(j, &len);
		struct civil_date d;
		if (!v)
			return fail(w, "not a string");
		return date_parse_iso(v, &d) == 0 ? 0 : fail(w, "not a date");
	}
	case SCHEMA_DATETIME: {
		size_t len;
		const char *v = string_of(j, &len);
		if (!v)
			return fail(w, "not a string");
		return datetime_ok(v, len) ? 0 : fail(w, "not a date and time");
	}
	case SCHEMA_INT: {
		if (!json_is_integer(j))
			return fail(w, "not an integer");
		json_int_t v = json_integer_value(j);
		return v >= s->min && v <= s->max ? 0 : fail(w, "out of range");
	}
	case SCHEMA_BOOL:
		return json_is_boolean(j) ? 0 : fail(w, "not a boolean");
	case SCHEMA_ENUM: {
		size_t len;
		const char *v = string_of(j, &len);
		if (!v)
			return fail(w, "not a string");
		for (const char *const *e = s->values; e && *e; e++)
			if (strcmp(*e, v) == 0)
				return 0;
		return fail(w, "not one of the allowed values");
	}
	case SCHEMA_END:
		break;
	}
	return fail(w, "schema type unknown");
}

int
schema_check(const struct schema *s, const json_t *j, char *why, size_t whysize)
{
	struct walk w = {.why = why, .whysize = whysize};
	if (why && whysize)
		why[0] = '\0';
	if (!s || !j)
		return fail(&w, "nothing to check");
	return check(&w, s, j, 0);
}

int
schema_parse(const struct schema *s, const char *body, size_t len, json_t **out, char *why,
             size_t whysize)
{
	struct walk w = {.why = why, .whysize = whysize};
	json_error_t jerr;
	*out = NULL;
	if (why && whysize)
		why[0] = '\0';
	if (!body)
		return fail(&w, "no body");
	/* jansson's own message quotes the input: only its kind and position are repeated */
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		if (json_error_code(&jerr) == json_error_duplicate_key)
			return fail(&w, "duplicate member (byte %d)", jerr.position);
		return fail(&w, "not JSON (byte %d)", jerr.position);
	}
	int rc = schema_check(s, j, why, whysize);
	if (rc < 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}
