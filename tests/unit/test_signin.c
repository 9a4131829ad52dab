/*
 * test_signin.c - sign-in (app/engine/signin.c): the request built from a card identity, the
 * answer read against its closed schema (each identity, roles known and unknown, the worker's
 * employer, the representative's establishments), everything else refused.
 */
#include "../tap.h"

#include "../../app/engine/signin.h"
#include "../../common/kerr.h"
#include "../../drivers/card/identity.h"
#include "../../services/schema.h"
#include "../../services/svc.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
parse(const char *text, struct signin_info *info, char *why, size_t whysize)
{
	json_t *j = NULL;
	int rc = signin_parse(text, strlen(text), &j, info, why, whysize);
	if ((rc == 0) != (j != NULL))
		printf("# the tree and the result disagree\n");
	json_decref(j);
	return rc;
}

static void
test_roles(void)
{
	is_int(signin_role_bit("citizen"), SVC_ROLE_CITIZEN, "citizen");
	is_int(signin_role_bit("jobseeker"), SVC_ROLE_JOBSEEKER, "jobseeker");
	is_int(signin_role_bit("worker"), SVC_ROLE_WORKER, "worker");
	is_int(signin_role_bit("employer"), SVC_ROLE_EMPLOYER, "employer");
	is_int(signin_role_bit("technician"), SVC_ROLE_TECHNICIAN, "technician");
	is_int(signin_role_bit("Citizen"), 0, "names are exact");
	is_int(signin_role_bit("inspector"), 0, "a role the kiosk does not know: 0");
	is_int(signin_role_bit(""), 0, "empty: 0");
	is_int(signin_role_bit(NULL), 0, "NULL: 0");
}

static void
test_request(void)
{
	struct card_identity id = {0};
	snprintf(id.civil_number, sizeof(id.civil_number), "90012345");
	snprintf(id.name_ar, sizeof(id.name_ar), "سالم");
	snprintf(id.name_en, sizeof(id.name_en), "Salim");
	snprintf(id.nationality, sizeof(id.nationality), "OMN");
	snprintf(id.expiry, sizeof(id.expiry), "2031-01-01");
	snprintf(id.card_serial, sizeof(id.card_serial), "DEMO0000001");
	char *text = signin_request(&id);
	json_error_t e;
	json_t *j = text ? json_loads(text, JSON_REJECT_DUPLICATES, &e) : NULL;
	ok(json_is_object(j) && json_object_size(j) == 4, "the request has four members");
	is_str(json_string_value(json_object_get(j, "civil_number")), "90012345", "civil_number");
	is_str(json_string_value(json_object_get(j, "card_serial")), "DEMO0000001", "card_serial");
	is_str(json_string_value(json_object_get(j, "card_expiry")), "2031-01-01", "card_expiry");
	is_str(json_string_value(json_object_get(j, "nationality")), "OMN", "nationality");
	ok(text && !strstr(text, "Salim") && !strstr(text, "\xd8\xb3"),
	   "the names stay on the kiosk (the registry has them)");
	json_decref(j);
	free(text);

	id.expiry[0] = 0;
	text = signin_request(&id);
	j = text ? json_loads(text, 0, &e) : NULL;
	ok(json_is_null(json_object_get(j, "card_expiry")), "no expiry on the card: null");
	json_decref(j);
	free(text);
	id.civil_number[0] = 0;
	ok(signin_request(&id) == NULL, "no civil number: no request");
	ok(signin_request(NULL) == NULL, "NULL identity: no request");
}

static void
test_answers(void)
{
	struct signin_info info;
	char why[160];

	is_int(parse("{\"identity\":\"confirmed\",\"roles\":[\"citizen\"]}", &info, why,
	             sizeof(why)),
	       0, "a citizen");
	ok(info.identity == SIGNIN_CONFIRMED && info.roles == SVC_ROLE_CITIZEN &&
	           info.unknown_roles == 0 && info.nestablishments == 0,
	   "... confirmed, citizen only");

	const char *worker =
	        "{\"identity\":\"confirmed\",\"roles\":[\"worker\"],\"employer\":{\"cr_number\":"
	        "\"1000001\",\"name_ar\":\"شركة النور للتجارة\",\"name_en\":\"Al Noor Trading "
	        "LLC\",\"permit_no\":\"WP-700001\"}}";
	json_t *j = NULL;
	is_int(signin_parse(worker, strlen(worker), &j, &info, why, sizeof(why)), 0, "a worker");
	ok(info.roles == SVC_ROLE_WORKER, "... worker");
	is_str(json_string_value(json_object_get(json_object_get(j, "employer"), "permit_no")),
	       "WP-700001", "... the checked tree is handed back with the employer");
	json_decref(j);

	const char *rep = "{\"identity\":\"confirmed\",\"roles\":[\"citizen\",\"employer\"],"
	                  "\"employer\":null,\"establishments\":[{\"cr_number\":\"1000001\","
	                  "\"name_ar\":\"أ\",\"name_en\":\"A\"},{\"cr_number\":\"1000002\","
	                  "\"name_ar\":\"ب\",\"name_en\":\"B\"}]}";
	is_int(parse(rep, &info, why, sizeof(why)), 0, "a representative of two establishments");
	ok(info.roles == (SVC_ROLE_CITIZEN | SVC_ROLE_EMPLOYER) && info.nestablishments == 2,
	   "... citizen and employer, 2 establishments");

	is_int(parse("{\"identity\":\"confirmed\",\"roles\":[\"citizen\",\"inspector\",\"worker\","
	             "\"x.y-z\"]}",
	             &info, why, sizeof(why)),
	       0, "unknown role names are read");
	ok(info.roles == (SVC_ROLE_CITIZEN | SVC_ROLE_WORKER) && info.unknown_roles == 2,
	   "... skipped and counted (%d), the known ones kept", info.unknown_roles);

	is_int(parse("{\"identity\":\"confirmed\",\"roles\":[],\"establishments\":[]}", &info, why,
	             sizeof(why)),
	       0, "no role at all");
	ok(info.roles == 0 && info.identity == SIGNIN_CONFIRMED, "... confirmed, roles 0");

	is_int(parse("{\"identity\":\"mismatch\",\"roles\":[\"citizen\"]}", &info, why,
	             sizeof(why)),
	       0, "mismatch");
	ok(info.identity == SIGNIN_MISMATCH && info.roles == 0,
	   "... a card that is not the current one gives no role");
	is_int(parse("{\"identity\":\"unknown\",\"roles\":[]}", &info, why, sizeof(why)), 0,
	       "unknown");
	ok(info.identity == SIGNIN_UNKNOWN && info.roles == 0, "... no role");

	/* SIGNIN_ESTABS_MAX establishments, and one more */
	for (int extra = 0; extra <= 1; extra++) {
		size_t cap = (size_t)(SIGNIN_ESTABS_MAX + 1) * 64 + 128;
		char *big = malloc(cap);
		size_t k = (size_t)snprintf(big, cap,
		                            "{\"identity\":\"confirmed\",\"roles\":[\"employer\"],"
		                            "\"establishments\":[");
		for (int i = 0; i < SIGNIN_ESTABS_MAX + extra; i++)
			k += (size_t)snprintf(big + k, cap - k,
			                      "%s{\"cr_number\":\"%d\",\"name_ar\":\"م\","
			                      "\"name_en\":\"E\"}",
			                      i ? "," : "", 2000000 + i);
		snprintf(big + k, cap - k, "]}");
		int rc = parse(big, &info, why, sizeof(why));
		if (extra)
			ok(rc == KERR_PROTO && strcmp(why, "establishments: too many items") == 0,
			   "%d establishments: refused (%s)", SIGNIN_ESTABS_MAX + 1, why);
		else
			ok(rc == 0 && info.nestablishments == SIGNIN_ESTABS_MAX,
			   "%d establishments: read", SIGNIN_ESTABS_MAX);
		free(big);
	}
}

static const struct {
	const char *json;
	const char *why;
} refused[] = {
        {"{\"roles\":[]}", "identity: missing"},
        {"{\"identity\":\"confirmed\"}", "roles: missing"},
        {"{\"identity\":\"maybe\",\"roles\":[]}", "identity: not one of the allowed values"},
        {"{\"identity\":\"confirmed\",\"roles\":\"citizen\"}", "roles: not an array"},
        {"{\"identity\":\"confirmed\",\"roles\":[1]}", "roles[0]: not a string"},
        {"{\"identity\":\"confirmed\",\"roles\":[\"citizen\",\"\"]}", "roles[1]: too short"},
        {"{\"identity\":\"confirmed\",\"roles\":[\"a role\"]}", "roles[0]: not a code"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"extra\":1}",
         "answer: member 'extra' not allowed"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"P\",\"phone\":\"1\"}}",
         "employer: member 'phone' not allowed"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\"}}",
         "employer.permit_no: missing"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"CR1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"P\"}}",
         "employer.cr_number: not digits"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":"
         "\"12345678901234567\",\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"P\"}}",
         "employer.cr_number: too long"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"1\","
         "\"name_ar\":\"\",\"name_en\":\"b\",\"permit_no\":\"P\"}}",
         "employer.name_ar: too short"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"WP 1\"}}",
         "employer.permit_no: not a code"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"P123456789012345678901234\"}}",
         "employer.permit_no: too long"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"employer\":[]}", "employer: not an object"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"establishments\":null}",
         "establishments: null not allowed"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"establishments\":[{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\",\"permit_no\":\"P\"}]}",
         "establishments[0]: member 'permit_no' not allowed"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"establishments\":[{\"cr_number\":\"1\","
         "\"name_ar\":\"a\",\"name_en\":\"b\"},{\"cr_number\":\"2\",\"name_ar\":\"a\"}]}",
         "establishments[1].name_en: missing"},
        {"{\"identity\":\"confirmed\",\"roles\":[],\"establishments\":[{\"cr_number\":\"1\","
         "\"name_ar\":\"a\\u0000\",\"name_en\":\"b\"}]}",
         NULL}, /* NUL inside a string: not JSON, any message */
        {"{\"identity\":\"confirmed\",\"identity\":\"unknown\",\"roles\":[]}", NULL},
        {"<html>502 Bad Gateway</html>", NULL},
        {"", NULL},
};

static void
test_refused(void)
{
	struct signin_info info;
	char why[160];
	int n = (int)(sizeof(refused) / sizeof(refused[0])), right = 0;
	for (int i = 0; i < n; i++) {
		memset(&info, 0xa5, sizeof(info));
		json_t *j = (json_t *)&info;
		int rc = signin_parse(refused[i].json, strlen(refused[i].json), &j, &info, why,
		                      sizeof(why));
		bool good = rc == KERR_PROTO && !j && info.roles == 0 && info.unknown_roles == 0 &&
		            (!refused[i].why || strcmp(why, refused[i].why) == 0);
		if (good)
			right++;
		else
			printf("# refused %d: rc %d, why '%s'\n", i, rc, why);
	}
	is_int(right, n, "%d answers refused with the place named, info zeroed", n);

	/* names: 160 characters read, 161 refused (Arabic: characters, not bytes) */
	char doc[1200];
	for (int extra = 0; extra <= 1; extra++) {
		size_t k = (size_t)snprintf(doc, sizeof(doc),
		                            "{\"identity\":\"confirmed\",\"roles\":[\"worker\"],"
		                            "\"employer\":{\"cr_number\":\"1\",\"name_en\":\"b\","
		                            "\"permit_no\":\"P\",\"name_ar\":\"");
		for (int i = 0; i < 160 + extra; i++) {
			doc[k++] = '\xd9';
			doc[k++] = '\x85';
		}
		snprintf(doc + k, sizeof(doc) - k, "\"}}");
		int rc = parse(doc, &info, why, sizeof(why));
		if (extra)
			ok(rc == KERR_PROTO && strcmp(why, "employer.name_ar: too long") == 0,
			   "a 161-character name is refused");
		else
			is_int(rc, 0, "a 160-character Arabic name (320 bytes) is read");
	}
}

int
main(void)
{
	test_roles();
	test_request();
	test_answers();
	test_refused();
	return tap_done();
}
