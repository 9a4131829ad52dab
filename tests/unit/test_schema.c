/*
 * test_schema.c - the closed-schema checker (services/schema.c): every rule accepted and
 * refused, the message naming the place and the rule and never the value, the depth and length
 * caps, duplicate members and other malformed JSON refused by schema_parse(); SCHEMA_DATETIME;
 * the services' answers (v1, v2, the access log) and the fuzz seeds of the new ones.
 */
#include "../tap.h"

#include "../../common/kerr.h"
#include "../../services/answers.h"
#include "../../services/schema.h"

#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const colours[] = {"red", "green", NULL};

static const struct schema item_members[] = {
        {.name = "code", .type = SCHEMA_CODE, .min = 2, .max = 8},
        {.name = "n", .type = SCHEMA_INT, .min = 0, .max = 100},
        {.type = SCHEMA_END},
};
static const struct schema item = {.type = SCHEMA_OBJECT, .members = item_members};

static const struct schema root_members[] = {
        {.name = "text", .type = SCHEMA_STRING, .min = 1, .max = 5},
        {.name = "digits", .type = SCHEMA_DIGITS, .min = 2, .max = 4},
        {.name = "day", .type = SCHEMA_DATE},
        {.name = "flag", .type = SCHEMA_BOOL, .flags = SCHEMA_OPTIONAL},
        {.name = "colour", .type = SCHEMA_ENUM, .values = colours},
        {.name = "note", .type = SCHEMA_STRING, .flags = SCHEMA_OPTIONAL | SCHEMA_NULLABLE},
        {.name = "list", .type = SCHEMA_ARRAY, .min = 1, .max = 3, .items = &item},
        {.type = SCHEMA_END},
};
static const struct schema root = {.type = SCHEMA_OBJECT, .members = root_members};

/* The valid answer, with a hole for one member to replace or add: "%s" stands for the rest. */
#define HEAD "{\"digits\":\"123\",\"day\":\"2024-02-29\",\"colour\":\"red\""
#define LIST ",\"list\":[{\"code\":\"AB-1\",\"n\":5}]"
#define TEXT ",\"text\":\"abc\""

struct tcase {
	const char *json;
	const char *why; /* NULL: accepted; else the exact message */
};

/* Values in refused cases carry "Zq" or "9001" so a message that repeats a value is caught. */
static const struct tcase cases[] = {
        {HEAD TEXT LIST "}", NULL},
        {HEAD TEXT LIST ",\"flag\":true}", NULL},
        {HEAD TEXT LIST ",\"flag\":false,\"note\":null}", NULL},
        {HEAD TEXT LIST ",\"note\":\"free text, \\\"quoted\\\", \\u00e9\"}", NULL},
        {HEAD ",\"text\":\"سالم\"" LIST "}", NULL},  /* 4 characters, 8 bytes: max 5 */
        {HEAD ",\"text\":\"abcde\"" LIST "}", NULL}, /* exactly max */
        {HEAD TEXT ",\"list\":[{\"code\":\"a.b_c/-9\",\"n\":0},{\"code\":\"ZZ\",\"n\":100}]}",
         NULL},
        /* STRING */
        {HEAD ",\"text\":\"Zqxxxx\"" LIST "}", "text: too long"},
        {HEAD ",\"text\":\"\"" LIST "}", "text: too short"},
        {HEAD ",\"text\":\"Zq\\u0007\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":\"Zq\\n\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":\"Zq\\u007f\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":\"Zq\\u0085\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":\"Zq\\u202e\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":\"Zq\\u2067\"" LIST "}", "text: control character"},
        {HEAD ",\"text\":9001" LIST "}", "text: not a string"},
        {HEAD ",\"text\":[\"Zq\"]" LIST "}", "text: not a string"},
        {HEAD ",\"text\":null" LIST "}", "text: null not allowed"},
        {HEAD LIST "}", "text: missing"},
        /* DIGITS */
        {"{\"digits\":\"9Zq\",\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "digits: not digits"},
        {"{\"digits\":\"\xd9\xa1\xd9\xa2\",\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "digits: not digits"}, /* Arabic-Indic digits are not ASCII digits */
        {"{\"digits\":\"9\",\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "digits: too short"},
        {"{\"digits\":\"90012\",\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "digits: too long"},
        {"{\"digits\":9001,\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "digits: not a string"},
        /* DATE */
        {"{\"digits\":\"123\",\"day\":\"2023-02-29\",\"colour\":\"red\"" TEXT LIST "}",
         "day: not a date"},
        {"{\"digits\":\"123\",\"day\":\"2024-2-29\",\"colour\":\"red\"" TEXT LIST "}",
         "day: not a date"},
        {"{\"digits\":\"123\",\"day\":\"2024-04-31\",\"colour\":\"red\"" TEXT LIST "}",
         "day: not a date"},
        {"{\"digits\":\"123\",\"day\":\"2024-02-29T10:00\",\"colour\":\"red\"" TEXT LIST "}",
         "day: not a date"},
        {"{\"digits\":\"123\",\"day\":\"Zq\",\"colour\":\"red\"" TEXT LIST "}", "day: not a date"},
        {"{\"digits\":\"123\",\"day\":20240229,\"colour\":\"red\"" TEXT LIST "}",
         "day: not a string"},
        /* BOOL */
        {HEAD TEXT LIST ",\"flag\":\"Zq\"}", "flag: not a boolean"},
        {HEAD TEXT LIST ",\"flag\":1}", "flag: not a boolean"},
        {HEAD TEXT LIST ",\"flag\":null}", "flag: null not allowed"},
        /* ENUM */
        {"{\"digits\":\"123\",\"day\":\"2024-02-29\",\"colour\":\"Zq\"" TEXT LIST "}",
         "colour: not one of the allowed values"},
        {"{\"digits\":\"123\",\"day\":\"2024-02-29\",\"colour\":\"RED\"" TEXT LIST "}",
         "colour: not one of the allowed values"},
        {"{\"digits\":\"123\",\"day\":\"2024-02-29\",\"colour\":9001" TEXT LIST "}",
         "colour: not a string"},
        /* ARRAY */
        {HEAD TEXT ",\"list\":[]}", "list: too few items"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":1},{\"code\":\"AB\",\"n\":1},"
                   "{\"code\":\"AB\",\"n\":1},{\"code\":\"AB\",\"n\":1}]}",
         "list: too many items"},
        {HEAD TEXT ",\"list\":{\"code\":\"Zq\"}}", "list: not an array"},
        {HEAD TEXT ",\"list\":[\"Zq\"]}", "list[0]: not an object"},
        /* CODE and INT inside array items: the place has the index */
        {HEAD TEXT ",\"list\":[{\"code\":\"Z\",\"n\":1}]}", "list[0].code: too short"},
        {HEAD TEXT ",\"list\":[{\"code\":\"ABCDEFGHZq\",\"n\":1}]}", "list[0].code: too long"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":1},{\"code\":\"Z q\",\"n\":1}]}",
         "list[1].code: not a code"},
        {HEAD TEXT ",\"list\":[{\"code\":\"Zq\\u00e9\",\"n\":1}]}", "list[0].code: not a code"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":9001}]}", "list[0].n: out of range"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":-1}]}", "list[0].n: out of range"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":1.5}]}", "list[0].n: not an integer"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":5.0}]}", "list[0].n: not an integer"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":\"9001\"}]}", "list[0].n: not an integer"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":true}]}", "list[0].n: not an integer"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\"}]}", "list[0].n: missing"},
        /* closed objects */
        {HEAD TEXT LIST ",\"phone\":\"Zq\"}", "answer: member 'phone' not allowed"},
        {HEAD TEXT LIST ",\"9001\":\"Zq\"}", "answer: a member not allowed"},
        {HEAD TEXT LIST ",\"Zq Zq\":1}", "answer: a member not allowed"},
        {HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":1,\"extra\":\"Zq\"}]}",
         "list[0]: member 'extra' not allowed"},
        {HEAD TEXT LIST ",\"note\":{\"Zq\":1}}", "note: not a string"},
        {"[\"Zq\"]", "answer: not an object"},
};

/* A message has the shape "place: rule" with no quote (values are strings) and no marker. */
static bool
clean(const char *why)
{
	return why[0] && !strstr(why, "Zq") && !strstr(why, "9001") && !strchr(why, '"') &&
	       !strstr(why, "\xd9\xa1");
}

static void
test_cases(void)
{
	int n = (int)(sizeof(cases) / sizeof(cases[0]));
	int right = 0, leaks = 0;
	for (int i = 0; i < n; i++) {
		char why[160] = "untouched";
		json_t *j = NULL;
		int rc = schema_parse(&root, cases[i].json, strlen(cases[i].json), &j, why,
		                      sizeof(why));
		bool good;
		if (!cases[i].why)
			good = rc == 0 && j && why[0] == '\0';
		else
			good = rc == KERR_PROTO && !j && strcmp(why, cases[i].why) == 0;
		if (good)
			right++;
		else
			printf("# case %d: rc %d, why '%s', want '%s'\n", i, rc, why,
			       cases[i].why ? cases[i].why : "(accepted)");
		if (cases[i].why && !clean(why)) {
			leaks++;
			printf("# case %d: the message repeats a value: '%s'\n", i, why);
		}
		/* the same verdict from schema_check() on a tree parsed without the schema */
		if (j || cases[i].why) {
			json_error_t e;
			json_t *t = json_loads(cases[i].json, 0, &e);
			char why2[160];
			int rc2 = t ? schema_check(&root, t, why2, sizeof(why2)) : KERR_PROTO;
			if (t && (rc2 != rc || (rc < 0 && strcmp(why, why2) != 0))) {
				printf("# case %d: schema_check says %d '%s'\n", i, rc2, why2);
				right--;
			}
			json_decref(t);
		}
		json_decref(j);
	}
	is_int(right, n, "%d answers: each accepted or refused with the expected place and rule",
	       n);
	is_int(leaks, 0, "no message repeats a value");
}

/* SCHEMA_DATETIME: "YYYY-MM-DDTHH:MM", a real day, 00:00..23:59, nothing before or after */
static void
test_datetime(void)
{
	static const struct schema at_members[] = {
	        {.name = "at", .type = SCHEMA_DATETIME},
	        {.name = "maybe",
	         .type = SCHEMA_DATETIME,
	         .flags = SCHEMA_OPTIONAL | SCHEMA_NULLABLE},
	        {.type = SCHEMA_END},
	};
	static const struct schema at_root = {.type = SCHEMA_OBJECT, .members = at_members};
	static const struct {
		const char *json, *why;
	} c[] = {
	        {"{\"at\":\"2026-12-04T09:05\"}", NULL},
	        {"{\"at\":\"2024-02-29T23:59\"}", NULL}, /* a leap day, the last minute */
	        {"{\"at\":\"2026-01-01T00:00\"}", NULL},
	        {"{\"at\":\"2026-01-01T00:00\",\"maybe\":null}", NULL},
	        {"{\"at\":\"2026-12-04T24:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T10:60\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-02-30T10:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2023-02-29T10:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04 10:00\"}", "at: not a date and time"}, /* no T */
	        {"{\"at\":\"2026-12-0410:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04t10:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T10:00:00\"}", "at: not a date and time"}, /* seconds */
	        {"{\"at\":\"2026-12-04T10:00Z\"}", "at: not a date and time"},   /* trailing */
	        {"{\"at\":\"2026-12-04T10:00+04:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T10:0\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T1:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T1a:00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04T10.00\"}", "at: not a date and time"},
	        {"{\"at\":\"2026-12-04\"}", "at: not a date and time"},
	        {"{\"at\":\"\"}", "at: not a date and time"},
	        {"{\"at\":\"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6-12-04T10:00\"}",
	         "at: not a date and time"}, /* Arabic-Indic digits */
	        {"{\"at\":202612041000}", "at: not a string"},
	        {"{\"at\":null}", "at: null not allowed"},
	        {"{}", "at: missing"},
	        {"{\"at\":\"2026-12-04T10:00\",\"maybe\":\"9001\"}", "maybe: not a date and time"},
	};
	int n = (int)(sizeof(c) / sizeof(c[0])), right = 0, leaks = 0;
	for (int i = 0; i < n; i++) {
		char why[160] = "untouched";
		json_t *j = NULL;
		int rc = schema_parse(&at_root, c[i].json, strlen(c[i].json), &j, why, sizeof(why));
		json_decref(j);
		if (c[i].why ? rc == KERR_PROTO && strcmp(why, c[i].why) == 0 : rc == 0)
			right++;
		else
			printf("# datetime %d: rc %d '%s'\n", i, rc, why);
		if (c[i].why && (!clean(why) || strstr(why, "2026")))
			leaks++;
	}
	is_int(right, n,
	       "SCHEMA_DATETIME: %d values read or refused (24:00, 30 February, no T, "
	       "seconds, a zone, trailing bytes)",
	       n);
	is_int(leaks, 0, "... never quoting the value");
}

static void
test_parse(void)
{
	char why[160];
	json_t *j = (json_t *)&why; /* must be set to NULL on failure */
	const char *dup = HEAD TEXT LIST ",\"text\":\"Zq\"}";
	is_int(schema_parse(&root, dup, strlen(dup), &j, why, sizeof(why)), KERR_PROTO,
	       "a duplicate member is refused");
	ok(j == NULL && strncmp(why, "answer: duplicate member", 24) == 0 && clean(why),
	   "... saying so without the member's value (%s)", why);
	const char *dup2 = HEAD TEXT ",\"list\":[{\"code\":\"AB\",\"n\":1,\"n\":2}]}";
	is_int(schema_parse(&root, dup2, strlen(dup2), &j, why, sizeof(why)), KERR_PROTO,
	       "a duplicate member deep inside is refused too");

	static const char *const bad[] = {
	        "",
	        "{",
	        "not json Zq",
	        HEAD TEXT LIST "} trailing",
	        HEAD TEXT LIST "}{}",
	        "{\"digits\":\"12\\u0000Zq\",\"day\":\"2024-02-29\",\"colour\":\"red\"" TEXT LIST
	        "}",
	        "{\"text\":\"\xff\xfe\"}",
	        "{\"n\":99999999999999999999999}",
	};
	int refused = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (schema_parse(&root, bad[i], strlen(bad[i]), &j, why, sizeof(why)) ==
		            KERR_PROTO &&
		    !j && strncmp(why, "answer: not JSON (byte ", 23) == 0 && clean(why))
			refused++;
		else
			printf("# bad %zu: '%s'\n", i, why);
	}
	is_int(refused, (int)(sizeof(bad) / sizeof(bad[0])),
	       "not JSON (empty, cut, trailing bytes, NUL, bad UTF-8, huge number): refused");

	/* the body need not be NUL-terminated: only len bytes are read */
	char buf[256];
	const char *good = HEAD TEXT LIST "}";
	size_t n = strlen(good);
	memcpy(buf, good, n);
	memset(buf + n, 'x', sizeof(buf) - n);
	ok(schema_parse(&root, buf, n, &j, why, sizeof(why)) == 0 && j,
	   "len bytes only (no NUL after the body)");
	json_decref(j);

	ok(schema_parse(&root, good, n, &j, NULL, 0) == 0, "why may be NULL");
	json_decref(j);
	is_int(schema_parse(&root, "[]", 2, &j, NULL, 0), KERR_PROTO, "... also on failure");
	char tiny[8];
	schema_parse(&root, "[]", 2, &j, tiny, sizeof(tiny));
	ok(strlen(tiny) == sizeof(tiny) - 1, "a short why buffer is cut, NUL-terminated");
	is_int(schema_parse(&root, NULL, 0, &j, why, sizeof(why)), KERR_PROTO, "no body");
	is_int(schema_check(&root, NULL, why, sizeof(why)), KERR_PROTO, "nothing to check");
}

/* A chain of n nested objects {"a":{"a":...{"a":"x"}}}: levels[0] is the root. */
static struct schema levels[24][2];

static const struct schema *
chain_schema(int n)
{
	for (int i = 0; i < n; i++) {
		memset(levels[i], 0, sizeof(levels[i]));
		levels[i][0].name = "a";
		levels[i][0].type = i == n - 1 ? SCHEMA_STRING : SCHEMA_OBJECT;
		levels[i][0].members = i == n - 1 ? NULL : levels[i + 1];
	}
	static struct schema top;
	top = (struct schema){.type = SCHEMA_OBJECT, .members = levels[0]};
	return &top;
}

static char *
chain_json(int n)
{
	char *s = malloc((size_t)n * 6 + 8);
	size_t k = 0;
	for (int i = 0; i < n; i++, k += 5)
		memcpy(s + k, "{\"a\":", 5);
	memcpy(s + k, "\"x\"", 3);
	k += 3;
	for (int i = 0; i < n; i++)
		s[k++] = '}';
	s[k] = 0;
	return s;
}

static void
test_caps(void)
{
	char why[200];
	json_t *j;
	/* root object at depth 0 + 15 nested objects = 16 levels, the cap */
	char *text = chain_json(SCHEMA_DEPTH_MAX - 1);
	const struct schema *s = chain_schema(SCHEMA_DEPTH_MAX - 1);
	is_int(schema_parse(s, text, strlen(text), &j, why, sizeof(why)), 0,
	       "%d levels of objects are read", SCHEMA_DEPTH_MAX);
	json_decref(j);
	free(text);
	text = chain_json(SCHEMA_DEPTH_MAX);
	s = chain_schema(SCHEMA_DEPTH_MAX);
	is_int(schema_parse(s, text, strlen(text), &j, why, sizeof(why)), KERR_PROTO,
	       "one more level is refused, whatever the schema says");
	ok(strstr(why, "a.a.a") && strstr(why, ": nested too deep"), "... naming the place (%s)",
	   why);
	free(text);

	/* length: max 0 means no bound of the schema's, but never more than SCHEMA_STRING_MAX */
	static const struct schema free_members[] = {
	        {.name = "s", .type = SCHEMA_STRING},
	        {.name = "big", .type = SCHEMA_STRING, .flags = SCHEMA_OPTIONAL, .max = 100000},
	        {.name = "many", .type = SCHEMA_ARRAY, .flags = SCHEMA_OPTIONAL, .items = &item},
	        {.type = SCHEMA_END},
	};
	static const struct schema free_root = {.type = SCHEMA_OBJECT, .members = free_members};
	size_t cap = SCHEMA_STRING_MAX * 2 + 64;
	char *doc = malloc(cap);
	for (int extra = 0; extra <= 1; extra++) {
		for (int bytes = 1; bytes <= 2; bytes++) {
			size_t k = (size_t)snprintf(doc, cap, "{\"s\":\"");
			for (int i = 0; i < SCHEMA_STRING_MAX + extra; i++) {
				if (bytes == 2) { /* U+0633 ARABIC LETTER SEEN */
					doc[k++] = '\xd8';
					doc[k++] = '\xb3';
				} else {
					doc[k++] = 'z';
				}
			}
			snprintf(doc + k, cap - k, "\"}");
			int rc = schema_parse(&free_root, doc, strlen(doc), &j, why, sizeof(why));
			json_decref(j);
			if (extra)
				ok(rc == KERR_PROTO && strcmp(why, "s: too long") == 0,
				   "%d %d-byte characters: too long", SCHEMA_STRING_MAX + 1, bytes);
			else
				is_int(rc, 0,
				       "%d %d-byte characters: read (the cap counts characters)",
				       SCHEMA_STRING_MAX, bytes);
		}
	}
	size_t k = (size_t)snprintf(doc, cap, "{\"s\":\"\",\"big\":\"");
	for (int i = 0; i <= SCHEMA_STRING_MAX; i++)
		doc[k++] = 'z';
	snprintf(doc + k, cap - k, "\"}");
	ok(schema_parse(&free_root, doc, strlen(doc), &j, why, sizeof(why)) == KERR_PROTO &&
	           strcmp(why, "big: too long") == 0,
	   "a schema cannot ask for more than SCHEMA_STRING_MAX");
	free(doc);

	/* an array with max 0 has no bound of its own */
	size_t acap = 1000 * 24 + 64;
	char *arr = malloc(acap);
	k = (size_t)snprintf(arr, acap, "{\"s\":\"x\",\"many\":[");
	for (int i = 0; i < 1000; i++)
		k += (size_t)snprintf(arr + k, acap - k, "%s{\"code\":\"AB\",\"n\":1}",
		                      i ? "," : "");
	snprintf(arr + k, acap - k, "]}");
	is_int(schema_parse(&free_root, arr, strlen(arr), &j, why, sizeof(why)), 0,
	       "1000 items where the schema sets no maximum");
	json_decref(j);
	/* a bad item far down: the place has its index */
	char *p = strstr(arr + 600 * 19, "\"n\":1");
	if (p)
		p[1] = 'm'; /* "m":1 instead of "n":1 */
	ok(schema_parse(&free_root, arr, strlen(arr), &j, why, sizeof(why)) == KERR_PROTO &&
	           strcmp(why, "many[569].n: missing") == 0,
	   "a bad item among 1000: its index named (%s)", why);
	free(arr);

	/* the place is cut when very long, and the rule still shows */
	static struct schema longname[2];
	static char name[300];
	memset(name, 'k', sizeof(name) - 1);
	longname[0] = (struct schema){.name = name, .type = SCHEMA_INT, .max = 1};
	const struct schema lroot = {.type = SCHEMA_OBJECT, .members = longname};
	char *ldoc = malloc(400);
	snprintf(ldoc, 400, "{\"%s\":2}", name);
	ok(schema_parse(&lroot, ldoc, strlen(ldoc), &j, why, sizeof(why)) == KERR_PROTO &&
	           strstr(why, ": out of range"),
	   "a place too long to name is cut; the rule is kept");
	free(ldoc);
}

/* The services' answers (services/answers.c): the documented shapes read, the rest refused. */
#define PERMIT_OK                                                                                  \
	"{\"permit\":{\"number\":\"WP-700001\",\"status\":\"valid\",\"issued\":\"2024-04-02\","    \
	"\"expires\":\"2027-04-01\",\"profession\":{\"isco\":\"5223\",\"title_ar\":\"بائع\","  \
	"\"title_en\":\"Shop sales assistants\"},\"employer\":{\"cr_number\":\"1000001\","         \
	"\"name_ar\":\"شركة النور للتجارة\",\"name_en\":\"Al Noor Trading LLC\"}}}"
#define LICENCES_OK                                                                                \
	"{\"establishment\":{\"cr_number\":\"1000001\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"     \
	"\"licences\":[{\"licence_no\":\"LL-2024-0001\",\"state\":\"active\",\"issued\":"          \
	"\"2024-03-01\",\"expires\":\"2027-02-28\",\"quotas\":[{\"isco\":\"5223\",\"title_ar\":"   \
	"\"ب\",\"title_en\":\"S\",\"authorised\":4,\"used\":2,\"remaining\":2}]}]}"

#define PERMIT_V2                                                                                   \
	"{\"number\":\"WP-1\",\"status\":\"expiring\",\"issued\":\"2024-04-02\",\"expires\":"       \
	"\"2027-04-01\",\"profession\":{\"isco\":\"5223\",\"title_ar\":\"ب\",\"title_en\":\"S\"}," \
	"\"employer\":{\"cr_number\":\"1\",\"name_ar\":\"ن\",\"name_en\":\"N\"}}"
#define RECORD_V2_OK                                                                                         \
	"{\"permit\":" PERMIT_V2                                                                             \
	",\"renewal\":\"submitted\",\"arrival\":{\"date\":\"2024-04-02\","                                   \
	"\"port_ar\":\"مطار مسقط الدولي\",\"port_en\":\"Muscat International Airport\"},"      \
	"\"departure\":{\"date\":\"2024-01-02\",\"port_ar\":\"منفذ الوجاجة\",\"port_en\":\"W\"}," \
	"\"contract\":{\"start\":\"2024-04-02\",\"end\":\"2027-04-01\",\"wage_baisa\":325000},"              \
	"\"absence\":{\"reported\":\"2026-11-24\",\"objection_deadline\":\"2027-01-23\","                    \
	"\"state\":"                                                                                         \
	"\"open\"},\"transfer\":{\"state\":\"requested\",\"requested\":\"2026-11-22\",\"to\":"               \
	"{\"cr_number\":\"1000005\",\"name_ar\":\"ب\",\"name_en\":\"B\"}},\"history\":[" PERMIT_V2           \
	"]}"
#define RECORD_V2_NULLS                                                                            \
	"{\"permit\":" PERMIT_V2 ",\"renewal\":\"not_due\",\"arrival\":null,\"departure\":null,"   \
	"\"contract\":null,\"absence\":null,\"transfer\":null,\"history\":[]}"
#define COUNTS_OK "{\"authorised\":4,\"registered\":1,\"approved\":0,\"used\":2,\"remaining\":1}"
#define LICENCES_V2_OK                                                                             \
	"{\"establishment\":{\"cr_number\":\"1000001\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"     \
	"\"omanisation\":{\"sector_ar\":\"ت\",\"sector_en\":\"Trade\",\"percent\":28,"            \
	"\"required\":30},"                                                                        \
	"\"totals\":" COUNTS_OK                                                                    \
	",\"licences\":[{\"licence_no\":\"LL-2024-0001\",\"state\":\"active\","                    \
	"\"issued\":\"2024-03-01\",\"expires\":\"2027-02-28\",\"totals\":" COUNTS_OK               \
	",\"quotas\":"                                                                             \
	"[{\"isco\":\"5223\",\"title_ar\":\"ب\",\"title_en\":\"S\",\"authorised\":4,"             \
	"\"registered\":1,"                                                                        \
	"\"approved\":0,\"used\":2,\"remaining\":1,\"state\":\"open\"}]}]}"
#define OWN_RECEIPT_OK                                                                               \
	"{\"seq\":7,\"reference\":\"K1-000007-3\",\"type\":\"visit-receipt\",\"title_ar\":"          \
	"\"إيصال زيارة\",\"title_en\":\"Visit receipt\",\"created\":\"2026-12-01T09:30\"," \
	"\"status\":\"queued\"}"
#define RENEWALS_OK                                                                                \
	"{\"cr_number\":\"1000001\",\"within_days\":60,\"today\":\"2026-11-29\",\"workers\":[{"    \
	"\"permit_no\":\"WP-700006\",\"civil_number\":\"71200006\",\"name_ar\":\"أنيل\","      \
	"\"name_en\":\"Anil\",\"profession\":{\"isco\":\"8322\",\"title_ar\":\"سائق\","        \
	"\"title_en\":\"Driver\"},\"fee_category\":\"B\",\"expires\":\"2026-12-19\","              \
	"\"renewal\":\"due\"}]}"
#define ELIGIBILITY_OK                                                                                 \
	"{\"worker\":{\"civil_number\":\"71200011\",\"name_ar\":\"عامل\",\"name_en\":\"A "         \
	"Worker\","                                                                                    \
	"\"permit_no\":\"WP-700011\",\"profession\":{\"isco\":\"8322\",\"title_ar\":\"سائق\","     \
	"\"title_en\":\"Driver\"},\"employer\":{\"cr_number\":\"1000001\",\"name_ar\":\"النور\"," \
	"\"name_en\":\"Al Noor\"}},\"to\":{\"cr_number\":\"1000005\",\"name_ar\":\"الباطنة\","  \
	"\"name_en\":\"Al Batinah\"},\"eligible\":true,\"request\":{\"worker\":\"71200011\","          \
	"\"permit_no\":\"WP-700011\",\"from\":\"1000001\",\"to\":\"1000005\",\"profession\":"          \
	"\"8322\"},\"rules\":[{\"id\":\"quota\",\"passed\":true,\"fix_by\":\"new_employer\","          \
	"\"detail\":{\"isco\":\"8322\",\"remaining\":2}}]}"
#define OWN_RECEIPTS_OK "{\"receipts\":[" OWN_RECEIPT_OK "],\"more\":false,\"retention_days\":30}"
#define ACCESS_LOG_OK                                                                              \
	"{\"total\":5000,\"page\":0,\"per_page\":2,\"entries\":[{\"at\":\"2026-12-04T09:05\","     \
	"\"who\":"                                                                                 \
	"\"sanad\",\"by_ar\":\"مركز سند الخوير\",\"by_en\":\"Sanad Centre Al "        \
	"Khuwair\",\"action\":"                                                                    \
	"\"viewed\",\"what\":\"record\"},{\"at\":\"2026-12-03T23:59\",\"who\":\"police\",\"by_"    \
	"ar\":"                                                                                    \
	"\"ش\",\"by_en\":\"P\",\"action\":\"changed\",\"what\":\"movements\"}]}"

/* s with the first occurrence of from replaced by to (caller frees), NULL when from is not
 * in s (a case that would test nothing) */
static char *
swap(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (!at)
		return NULL;
	size_t n = strlen(s) + strlen(to) + 1;
	char *t = malloc(n);
	snprintf(t, n, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return t;
}

/* The v2 answers and the access log: the documented shapes read, nulls where allowed, the
 * caps, and each kind of breakage the fuzz seeds carry. */
static void
test_answers_v2(void)
{
	static const struct {
		const struct schema *s;
		const char *json, *from, *to, *why;
	} c[] = {
	        {&answer_worker_record_v2, RECORD_V2_OK, "", "", NULL},
	        {&answer_worker_record_v2, RECORD_V2_NULLS, "", "", NULL},
	        {&answer_worker_record_v2, RECORD_V2_NULLS, "\"history\":[]", "\"history\":null",
	         "history: null not allowed"},
	        {&answer_worker_record_v2, RECORD_V2_NULLS, "{\"permit\":" PERMIT_V2 ",",
	         "{\"permit\":null,", "permit: null not allowed"},
	        {&answer_worker_record_v2, RECORD_V2_NULLS, "\"arrival\":null,", "",
	         "arrival: missing"},
	        {&answer_worker_record_v2, RECORD_V2_NULLS, "not_due", "late",
	         "renewal: not one of the allowed values"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "325000", "-1",
	         "contract.wage_baisa: out of range"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "\"open\"", "\"closed\"",
	         "absence.state: not one of the allowed values"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "\"requested\",\"requested\"",
	         "\"done\",\"requested\"", "transfer.state: not one of the allowed values"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "\"objection_deadline\":\"2027-01-23\"",
	         "\"objection_deadline\":\"2027-02-30\"", "absence.objection_deadline: not a date"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "\"date\":\"2024-04-02\",", "",
	         "arrival.date: missing"},
	        {&answer_worker_record_v2, RECORD_V2_OK, "\"history\":[{\"number\":\"WP-1\"",
	         "\"history\":[{\"number\":\"WP 1\"", "history[0].number: not a code"},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK, "", "", NULL},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK,
	         "{\"sector_ar\":\"ت\",\"sector_en\":\"Trade\",\"percent\":28,\"required\":30}",
	         "null", NULL},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK, "\"percent\":28",
	         "\"percent\":101", "omanisation.percent: out of range"},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK, "\"state\":\"open\"",
	         "\"state\":\"closed\"",
	         "licences[0].quotas[0].state: not one of the allowed values"},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK,
	         "\"registered\":1,\"approved\":0", "\"registered\":-1,\"approved\":0",
	         "totals.registered: out of range"},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK, "\"totals\":" COUNTS_OK ",", "",
	         "totals: missing"},
	        {&answer_establishment_licences_v2, LICENCES_V2_OK, "\"issued\":\"2024-03-01\",",
	         "", "licences[0].issued: missing"},
	        {&answer_access_log, ACCESS_LOG_OK, "", "", NULL},
	        {&answer_access_log, "{\"total\":0,\"page\":7,\"per_page\":50,\"entries\":[]}", "",
	         "", NULL},
	        {&answer_access_log, ACCESS_LOG_OK, "\"per_page\":2", "\"per_page\":51",
	         "per_page: out of range"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"per_page\":2", "\"per_page\":0",
	         "per_page: out of range"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"total\":5000", "\"total\":-1",
	         "total: out of range"},
	        {&answer_access_log, ACCESS_LOG_OK, "T09:05", "T24:00",
	         "entries[0].at: not a date and time"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"at\":\"2026-12-03T23:59\",", "",
	         "entries[1].at: missing"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"police\"", "\"court\"",
	         "entries[1].who: not one of the allowed values"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"changed\"", "\"deleted\"",
	         "entries[1].action: not one of the allowed values"},
	        {&answer_access_log, ACCESS_LOG_OK, "\"movements\"", "\"photo\"",
	         "entries[1].what: not one of the allowed values"},
	};
	int n = (int)(sizeof(c) / sizeof(c[0])), right = 0;
	for (int i = 0; i < n; i++) {
		char why[160] = "";
		json_t *j = NULL;
		char *t = swap(c[i].json, c[i].from, c[i].to);
		int rc = t ? schema_parse(c[i].s, t, strlen(t), &j, why, sizeof(why)) : -1;
		json_decref(j);
		if (t && (c[i].why ? rc == KERR_PROTO && strcmp(why, c[i].why) == 0 : rc == 0))
			right++;
		else
			printf("# v2 answer %d: rc %d '%s'\n", i, rc, why);
		free(t);
	}
	is_int(right, n, "v2 answers and the access log: %d shapes read or refused as documented",
	       n);

	/* the caps: 20 older permits, 50 entries */
	struct {
		const struct schema *s;
		const char *head, *item, *tail;
		int cap;
	} caps[] = {
	        {&answer_worker_record_v2,
	         "{\"permit\":" PERMIT_V2
	         ",\"renewal\":\"due\",\"arrival\":null,\"departure\":null,"
	         "\"contract\":null,\"absence\":null,\"transfer\":null,\"history\":[",
	         PERMIT_V2, "]}", ANSWER_HISTORY_MAX},
	        {&answer_access_log, "{\"total\":99,\"page\":0,\"per_page\":50,\"entries\":[",
	         "{\"at\":\"2026-12-04T09:05\",\"who\":\"agency\",\"by_ar\":\"و\",\"by_en\":\"A\","
	         "\"action\":\"viewed\",\"what\":\"permit\"}",
	         "]}", ANSWER_ENTRIES_MAX},
	};
	for (size_t k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
		for (int extra = 0; extra <= 1; extra++) {
			int items = caps[k].cap + extra;
			size_t cap = strlen(caps[k].head) +
			             (strlen(caps[k].item) + 1) * (size_t)items + 8;
			char *doc = malloc(cap);
			size_t at = (size_t)snprintf(doc, cap, "%s", caps[k].head);
			for (int i = 0; i < items; i++)
				at += (size_t)snprintf(doc + at, cap - at, "%s%s", i ? "," : "",
				                       caps[k].item);
			snprintf(doc + at, cap - at, "%s", caps[k].tail);
			char why[160];
			json_t *j;
			int rc = schema_parse(caps[k].s, doc, strlen(doc), &j, why, sizeof(why));
			json_decref(j);
			if (extra)
				ok(rc == KERR_PROTO && strstr(why, ": too many items"),
				   "%d items: too many (%s)", items, why);
			else
				is_int(rc, 0, "%d items: read", items);
			free(doc);
		}
	}
}

/* The fuzz seeds of the v2 answers and the access log (tests/fuzz/corpus/answers/): each named
 * for its schema, the valid ones read, every other one refused: a seed that stops being what
 * its name says is caught here, not by a fuzzer that never complains about a valid input. */
static void
test_seeds(void)
{
	static const struct {
		const char *prefix;
		const struct schema *s;
	} kinds[] = {{"record2-", &answer_worker_record_v2},
	             {"licences2-", &answer_establishment_licences_v2},
	             {"accesslog-", &answer_access_log},
	             {"mine-", &answer_own_receipts}};
	static const char *const valid[] = {"valid", "nulls", "absent", "no-omanisation",
	                                    "past-end"};
	int seeds[4] = {0}, right = 0, total = 0;
	DIR *d = opendir("tests/fuzz/corpus/answers");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		for (int k = 0; k < 4; k++) {
			size_t n = strlen(kinds[k].prefix);
			if (strncmp(de->d_name, kinds[k].prefix, n) != 0)
				continue;
			bool want = false;
			for (size_t v = 0; v < sizeof(valid) / sizeof(valid[0]); v++) {
				size_t vl = strlen(valid[v]);
				want |= strncmp(de->d_name + n, valid[v], vl) == 0 &&
				        strcmp(de->d_name + n + vl, ".json") == 0;
			}
			char path[300], why[160];
			snprintf(path, sizeof(path), "tests/fuzz/corpus/answers/%s", de->d_name);
			FILE *f = fopen(path, "rb");
			char *body = malloc(65536);
			size_t len = f ? fread(body, 1, 65536, f) : 0;
			if (f)
				fclose(f);
			json_t *j = NULL;
			int rc = schema_parse(kinds[k].s, body, len, &j, why, sizeof(why));
			json_decref(j);
			free(body);
			seeds[k]++;
			total++;
			if ((rc == 0) == want)
				right++;
			else
				printf("# seed %s: %s\n", de->d_name, rc ? why : "read");
		}
	}
	if (d)
		closedir(d);
	ok(seeds[0] >= 5 && seeds[1] >= 5 && seeds[2] >= 5 && seeds[3] >= 4,
	   "fuzz seeds: %d v2 record, %d v2 licences, %d access log, %d my receipts", seeds[0],
	   seeds[1], seeds[2], seeds[3]);
	is_int(right, total, "each seed read or refused as its name says");
}

static void
test_answers(void)
{
	static const struct {
		const struct schema *s;
		const char *json, *why;
	} c[] = {
	        {&answer_worker_record, PERMIT_OK, NULL},
	        {&answer_worker_record, "{\"permit\":null}", "permit: null not allowed"},
	        {&answer_worker_record, "{}", "permit: missing"},
	        {&answer_establishment_licences, LICENCES_OK, NULL},
	        {&answer_establishment_licences,
	         "{\"establishment\":{\"cr_number\":\"1\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"
	         "\"licences\":[]}",
	         NULL},
	        {&answer_establishment_licences,
	         "{\"establishment\":{\"cr_number\":\"1\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"
	         "\"licences\":[{\"licence_no\":\"L\",\"state\":\"revoked\",\"issued\":"
	         "\"2024-03-01\",\"expires\":\"2027-02-28\",\"quotas\":[]}]}",
	         "licences[0].state: not one of the allowed values"},
	        {&answer_establishment_licences,
	         "{\"establishment\":{\"cr_number\":\"1\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"
	         "\"licences\":[{\"licence_no\":\"L\",\"state\":\"active\",\"issued\":"
	         "\"2024-03-01\",\"expires\":\"2027-02-28\",\"quotas\":[{\"isco\":\"5223\","
	         "\"title_ar\":\"ب\",\"title_en\":\"S\",\"authorised\":4,\"used\":-1,\"remaining\":"
	         "5}]}]}",
	         "licences[0].quotas[0].used: out of range"},
	        {&answer_establishment_licences,
	         "{\"establishment\":{\"cr_number\":\"1\",\"name_ar\":\"ن\",\"name_en\":\"N\"},"
	         "\"licences\":[{\"licence_no\":\"L\",\"state\":\"active\",\"issued\":"
	         "\"2024-03-01\",\"expires\":\"2027-02-28\",\"quotas\":[{\"isco\":\"522\","
	         "\"title_ar\":\"ب\",\"title_en\":\"S\",\"authorised\":4,\"used\":1,\"remaining\":"
	         "3}]}]}",
	         "licences[0].quotas[0].isco: too short"},
	};
	int n = (int)(sizeof(c) / sizeof(c[0])), right = 0;
	for (int i = 0; i < n; i++) {
		char why[160];
		json_t *j;
		int rc = schema_parse(c[i].s, c[i].json, strlen(c[i].json), &j, why, sizeof(why));
		json_decref(j);
		if (c[i].why ? rc == KERR_PROTO && strcmp(why, c[i].why) == 0 : rc == 0)
			right++;
		else
			printf("# answer %d: rc %d '%s'\n", i, rc, why);
	}
	is_int(right, n, "the services' answers: %d shapes read or refused as documented", n);

	/* each member of the valid answers is required and none may be added: drop or add any */
	static const char *const valid[] = {PERMIT_OK,      LICENCES_OK,   RECORD_V2_OK,
	                                    LICENCES_V2_OK, ACCESS_LOG_OK, OWN_RECEIPTS_OK,
	                                    OWN_RECEIPT_OK, RENEWALS_OK,   ELIGIBILITY_OK};
	const struct schema *const sch[] = {
	        &answer_worker_record,       &answer_establishment_licences,
	        &answer_worker_record_v2,    &answer_establishment_licences_v2,
	        &answer_access_log,          &answer_own_receipts,
	        &answer_own_receipt,         &answer_renewals,
	        &answer_transfer_eligibility};
	const int nsch = (int)(sizeof(sch) / sizeof(sch[0]));
	int names = 0;
	for (int k = 0; answer_schemas[k] && k < nsch; k++) {
		ok(answer_schemas[k] == sch[k] && answer_schema_names[k], "answer_schemas[%d]: %s",
		   k, answer_schema_names[k]);
		names++;
	}
	ok(names == nsch && !answer_schemas[nsch] && !answer_schema_names[nsch],
	   "both lists end with NULL after the %d schemas", nsch);
	for (int k = 0; k < nsch; k++) {
		const char *v = valid[k];
		int refused = 0, tried = 0;
		/* after every '{' put an extra member: every object is closed */
		for (const char *p = v; *p; p++) {
			if (*p != '{')
				continue;
			size_t at = (size_t)(p - v) + 1, len = strlen(v);
			char *t = malloc(len + 32);
			memcpy(t, v, at);
			memcpy(t + at, "\"zz\":1,", 7);
			memcpy(t + at + 7, v + at, len - at + 1);
			json_t *j;
			char why[160];
			tried++;
			if (schema_parse(sch[k], t, strlen(t), &j, why, sizeof(why)) ==
			            KERR_PROTO &&
			    strstr(why, "member 'zz' not allowed"))
				refused++;
			json_decref(j);
			free(t);
		}
		ok(tried >= 1 && refused == tried,
		   "%s: an extra member in any of its %d objects is refused",
		   answer_schema_names[k], tried);
	}
}

int
main(void)
{
	test_cases();
	test_datetime();
	test_parse();
	test_caps();
	test_answers();
	test_answers_v2();
	test_seeds();
	return tap_done();
}
