/*
 * signin.c - sign-in with roles (see signin.h): the request body built from the card, the
 * answer's closed schema as const data, and the reading of a checked answer into roles.
 *
 * Roles count only when the registry confirmed the card: a "mismatch" (the card was replaced or
 * reported lost) or "unknown" answer gives no role, whatever the answer lists, so a card that is
 * not the holder's current one never acts for anybody.
 * Pure functions, no I/O, no globals but const tables: any thread.
 */
#include "signin.h"

#include "../../common/kerr.h"
#include "../../drivers/card/identity.h"
#include "../../services/answers.h"
#include "../../services/schema.h"
#include "../../services/svc.h"

#include <stdlib.h>
#include <string.h>

#define SIGNIN_ROLES_MAX 32 /* role names in one answer, known or not */

static const char *const identity_values[] = {"confirmed", "mismatch", "unknown", NULL};

static const struct schema role_name = {.type = SCHEMA_CODE, .min = 1, .max = 32};

static const struct schema employer_members[] = {
        {.name = "cr_number", .type = SCHEMA_DIGITS, .min = 1, .max = 16},
        {.name = "name_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "name_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "permit_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.type = SCHEMA_END},
};

static const struct schema signin_members[] = {
        {.name = "identity", .type = SCHEMA_ENUM, .values = identity_values},
        {.name = "roles",
         .type = SCHEMA_ARRAY,
         .min = 0,
         .max = SIGNIN_ROLES_MAX,
         .items = &role_name},
        {.name = "employer",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_OPTIONAL | SCHEMA_NULLABLE,
         .members = employer_members},
        {.name = "establishments",
         .type = SCHEMA_ARRAY,
         .flags = SCHEMA_OPTIONAL,
         .min = 0,
         .max = SIGNIN_ESTABS_MAX,
         .items = &answer_establishment},
        {.type = SCHEMA_END},
};

const struct schema signin_schema = {.type = SCHEMA_OBJECT, .members = signin_members};

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
        {"citizen", SVC_ROLE_CITIZEN},       {"jobseeker", SVC_ROLE_JOBSEEKER},
        {"worker", SVC_ROLE_WORKER},         {"employer", SVC_ROLE_EMPLOYER},
        {"technician", SVC_ROLE_TECHNICIAN},
};

unsigned
signin_role_bit(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

char *
signin_request(const struct card_identity *id)
{
	if (!id || !id->civil_number[0])
		return NULL;
	json_t *j = json_pack("{s:s,s:s,s:s?,s:s}", "civil_number", id->civil_number, "card_serial",
	                      id->card_serial, "card_expiry", id->expiry[0] ? id->expiry : NULL,
	                      "nationality", id->nationality);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return text;
}

int
signin_parse(const char *body, size_t len, json_t **answer, struct signin_info *info, char *why,
             size_t whysize)
{
	json_t *j = NULL;
	memset(info, 0, sizeof(*info));
	*answer = NULL;
	int rc = schema_parse(&signin_schema, body, len, &j, why, whysize);
	if (rc < 0)
		return rc;

	const char *identity = json_string_value(json_object_get(j, "identity"));
	info->identity = strcmp(identity, "confirmed") == 0  ? SIGNIN_CONFIRMED
	                 : strcmp(identity, "mismatch") == 0 ? SIGNIN_MISMATCH
	                                                     : SIGNIN_UNKNOWN;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "roles"), i, r)
	{
		unsigned bit = signin_role_bit(json_string_value(r));
		if (!bit)
			info->unknown_roles++;
		else if (info->identity == SIGNIN_CONFIRMED)
			info->roles |= bit;
	}
	info->nestablishments = (int)json_array_size(json_object_get(j, "establishments"));
	*answer = j;
	return 0;
}
