/*
 * answers.c - the answers' closed schemas as const data (see answers.h). Field rules, shared by
 * every answer: CR numbers are digits (1..16), names and titles 1..160 characters of text,
 * references (permit and licence numbers) codes of 1..24, ISCO-08 unit groups 4 digits, dates
 * real calendar dates, counts integers >= 0.
 */
#include "answers.h"

#include <stddef.h>
#include <stdint.h>

static const struct schema establishment_members[] = {
        {.name = "cr_number", .type = SCHEMA_DIGITS, .min = 1, .max = 16},
        {.name = "name_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "name_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.type = SCHEMA_END},
};
const struct schema answer_establishment = {.type = SCHEMA_OBJECT,
                                            .members = establishment_members};

/* an ISCO-08 unit group with its titles */
static const struct schema profession_members[] = {
        {.name = "isco", .type = SCHEMA_DIGITS, .min = 4, .max = 4},
        {.name = "title_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "title_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.type = SCHEMA_END},
};

/* POST /v1/workers/record */

static const char *const permit_status[] = {"valid", "expiring", "expired", "cancelled", NULL};

static const struct schema permit_members[] = {
        {.name = "number", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "status", .type = SCHEMA_ENUM, .values = permit_status},
        {.name = "issued", .type = SCHEMA_DATE},
        {.name = "expires", .type = SCHEMA_DATE},
        {.name = "profession", .type = SCHEMA_OBJECT, .members = profession_members},
        {.name = "employer", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.type = SCHEMA_END},
};

static const struct schema record_members[] = {
        {.name = "permit", .type = SCHEMA_OBJECT, .members = permit_members},
        {.type = SCHEMA_END},
};

const struct schema answer_worker_record = {.type = SCHEMA_OBJECT, .members = record_members};

/* POST /v1/establishments/licences */

static const char *const licence_state[] = {"active", "suspended", "expired", NULL};

/* a profession's quota on a licence: the profession's members and three counts (the backend
 * says what is left: places held by visas in progress count as used there) */
static const struct schema quota_members[] = {
        {.name = "isco", .type = SCHEMA_DIGITS, .min = 4, .max = 4},
        {.name = "title_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "title_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "authorised", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.name = "used", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.name = "remaining", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.type = SCHEMA_END},
};
static const struct schema quota = {.type = SCHEMA_OBJECT, .members = quota_members};

static const struct schema licence_members[] = {
        {.name = "licence_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "state", .type = SCHEMA_ENUM, .values = licence_state},
        {.name = "issued", .type = SCHEMA_DATE},
        {.name = "expires", .type = SCHEMA_DATE},
        {.name = "quotas", .type = SCHEMA_ARRAY, .max = ANSWER_QUOTAS_MAX, .items = &quota},
        {.type = SCHEMA_END},
};
static const struct schema licence = {.type = SCHEMA_OBJECT, .members = licence_members};

static const struct schema licences_members[] = {
        {.name = "establishment", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.name = "licences", .type = SCHEMA_ARRAY, .max = ANSWER_LICENCES_MAX, .items = &licence},
        {.type = SCHEMA_END},
};

const struct schema answer_establishment_licences = {.type = SCHEMA_OBJECT,
                                                     .members = licences_members};

const struct schema *const answer_schemas[] = {&answer_worker_record,
                                               &answer_establishment_licences, NULL};
const char *const answer_schema_names[] = {"worker_record", "establishment_licences", NULL};
