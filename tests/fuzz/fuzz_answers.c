/*
 * fuzz_answers.c - libFuzzer harness for the readers of the backend's answers: signin_parse()
 * and schema_parse() with every schema of answer_schemas[] (services/answers.h), on each input.
 * The answers come from the network and hold personal data, so besides not crashing each
 * reader must keep its contract: on failure no tree and a NUL-terminated message that quotes
 * nothing (no '"'); on success a tree that schema_check() accepts again; a sign-in gives only
 * known role bits, none unless the identity is confirmed, at most SIGNIN_ESTABS_MAX
 * establishments. Seeds: tests/fuzz/corpus/answers/ (valid and near-valid answers per route).
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/fuzz_answers.c \
 *         services/schema.c services/answers.c app/engine/signin.c common/date.c \
 *         common/kerr.c common/utf8.c $(pkg-config --cflags --libs jansson)
 */
// fuzz-sources: services/schema.c services/answers.c app/engine/signin.c
#include "../../app/engine/signin.h"
#include "../../services/answers.h"
#include "../../services/schema.h"
#include "../../services/svc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROLES_KNOWN                                                                                \
	(SVC_ROLE_CITIZEN | SVC_ROLE_JOBSEEKER | SVC_ROLE_WORKER | SVC_ROLE_EMPLOYER |             \
	 SVC_ROLE_TECHNICIAN)

static void
check_why(int rc, const json_t *tree, const char *why, size_t size)
{
	if (strnlen(why, size) == size)
		abort(); /* not NUL-terminated */
	if (rc < 0 && (tree || !why[0] || strchr(why, '"')))
		abort(); /* a failure leaves no tree and says where without quoting */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	char why[160];
	json_t *j = NULL;
	struct signin_info info;

	memset(why, 'x', sizeof(why));
	int rc = signin_parse(body, size, &j, &info, why, sizeof(why));
	check_why(rc, j, why, sizeof(why));
	if (rc == 0) {
		if ((info.roles & ~ROLES_KNOWN) ||
		    (info.identity != SIGNIN_CONFIRMED && info.roles) || info.nestablishments < 0 ||
		    info.nestablishments > SIGNIN_ESTABS_MAX || info.unknown_roles < 0 ||
		    schema_check(&signin_schema, j, why, sizeof(why)) != 0)
			abort();
	} else if (info.roles || info.unknown_roles || info.nestablishments) {
		abort(); /* a refused answer tells nothing */
	}
	json_decref(j);

	for (int i = 0; answer_schemas[i]; i++) {
		j = NULL;
		memset(why, 'x', sizeof(why));
		rc = schema_parse(answer_schemas[i], body, size, &j, why, sizeof(why));
		check_why(rc, j, why, sizeof(why));
		if (rc == 0 && schema_check(answer_schemas[i], j, why, sizeof(why)) != 0)
			abort();
		json_decref(j);
	}
	return 0;
}
