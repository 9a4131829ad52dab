/*
 * schema.h - closed schemas for the ministry's answers, and the one checker that holds an
 * answer (a jansson tree) against one.
 *
 * Every answer the kiosk reads from the backend (sign-in, each service's query) is checked
 * against its schema before any of it is used: a missing required member, a member the schema
 * does not name (schemas are closed: additionalProperties false), a wrong type, a string too
 * long or holding control characters, a number out of range, a date that is not a real
 * calendar date, or too many array items all make the whole answer unreadable. The message
 * names the place ("roles[3]", "licences[0].quotas[2].used") and the rule, never a value, so
 * it can be logged (answers hold personal data).
 *
 * Schemas are const data (see services/svc.h); the checker keeps no state: any thread.
 */
#ifndef KIOSK_SCHEMA_H
#define KIOSK_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

enum schema_type {
	SCHEMA_END = 0, /* ends a member list */
	SCHEMA_OBJECT,  /* members: the list of allowed members, ended by {.type = SCHEMA_END} */
	SCHEMA_ARRAY,   /* items: the schema of every item; min/max: item count */
	SCHEMA_STRING,  /* UTF-8 text without control characters (C0, DEL, C1, and the bidi
	                   embeddings, overrides and isolates U+202A..E, U+2066..9: direction is
	                   the text engine's); min/max: length in characters */
	SCHEMA_CODE,    /* an identifier or reference: [A-Za-z0-9._/-] only; min/max: length */
	SCHEMA_DIGITS,  /* decimal digits only (civil numbers, CR numbers); min/max: length */
	SCHEMA_DATE,    /* "YYYY-MM-DD", a real calendar date (common/date.h) */
	SCHEMA_INT,     /* an integer (JSON number without fraction); min/max: value */
	SCHEMA_BOOL,
	SCHEMA_ENUM,     /* a string that is one of values[] (NULL-terminated) */
	SCHEMA_DATETIME, /* "YYYY-MM-DDTHH:MM" exactly: a real calendar date (common/date.h), hour
	                    00..23, minute 00..59; no seconds, no zone (Oman local time) */
};

#define SCHEMA_OPTIONAL 1u /* the member may be absent */
#define SCHEMA_NULLABLE 2u /* the member may be null */

struct schema {
	const char *name; /* member name inside an object; NULL for a root or an array's items */
	enum schema_type type;
	unsigned flags;               /* SCHEMA_OPTIONAL | SCHEMA_NULLABLE */
	long long min, max;           /* see the types; max 0 means "no upper bound" for lengths */
	const struct schema *members; /* SCHEMA_OBJECT */
	const struct schema *items;   /* SCHEMA_ARRAY */
	const char *const *values;    /* SCHEMA_ENUM */
};

/* Hard caps whatever a schema says (a schema cannot ask for more). */
#define SCHEMA_DEPTH_MAX  16
#define SCHEMA_STRING_MAX 4096 /* characters */

/*
 * 0 when j satisfies s; KERR_PROTO otherwise, with why (whysize bytes, may be NULL) saying
 * where and which rule, e.g. "establishments[2].cr_number: not digits". Never a value.
 */
int schema_check(const struct schema *s, const json_t *j, char *why, size_t whysize);

/*
 * Parses body (len bytes, need not be NUL-terminated) as JSON (duplicate keys refused) and
 * checks it against s. 0 and *out (caller json_decref()s), or KERR_PROTO with why.
 */
int schema_parse(const struct schema *s, const char *body, size_t len, json_t **out, char *why,
                 size_t whysize);

#endif
