/*
 * answers.c - the answers' closed schemas as const data (see answers.h). Field rules, shared by
 * every answer: CR numbers are digits (1..16), names and titles 1..160 characters of text,
 * references (permit and licence numbers) codes of 1..24, ISCO-08 unit groups 4 digits, dates
 * real calendar dates, counts integers >= 0. A v2 answer keeps v1's members as they are and
 * adds its own; the members that may be null say so (SCHEMA_NULLABLE), none is optional.
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

/* POST /v2/workers/record: v1's permit and what v1 does not say */

static const char *const renewal_state[] = {"not_due", "due",     "submitted",
                                            "renewed", "overdue", NULL};
static const char *const absence_state[] = {"open", "passed", NULL};
static const char *const transfer_state[] = {"requested", "approved", NULL};

static const struct schema permit = {.type = SCHEMA_OBJECT, .members = permit_members};

/* a border crossing: the day and the port (airport, border post, sea port) */
static const struct schema movement_members[] = {
        {.name = "date", .type = SCHEMA_DATE},
        {.name = "port_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "port_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.type = SCHEMA_END},
};

static const struct schema contract_members[] = {
        {.name = "start", .type = SCHEMA_DATE},
        {.name = "end", .type = SCHEMA_DATE},
        {.name = "wage_baisa", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.type = SCHEMA_END},
};

static const struct schema absence_members[] = {
        {.name = "reported", .type = SCHEMA_DATE},
        {.name = "objection_deadline", .type = SCHEMA_DATE},
        {.name = "state", .type = SCHEMA_ENUM, .values = absence_state},
        {.type = SCHEMA_END},
};

static const struct schema transfer_members[] = {
        {.name = "state", .type = SCHEMA_ENUM, .values = transfer_state},
        {.name = "requested", .type = SCHEMA_DATE},
        {.name = "to", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.type = SCHEMA_END},
};

static const struct schema record_v2_members[] = {
        {.name = "permit", .type = SCHEMA_OBJECT, .members = permit_members},
        {.name = "renewal", .type = SCHEMA_ENUM, .values = renewal_state},
        {.name = "arrival",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = movement_members},
        {.name = "departure",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = movement_members},
        {.name = "contract",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = contract_members},
        {.name = "absence",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = absence_members},
        {.name = "transfer",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = transfer_members},
        {.name = "history", .type = SCHEMA_ARRAY, .max = ANSWER_HISTORY_MAX, .items = &permit},
        {.type = SCHEMA_END},
};

const struct schema answer_worker_record_v2 = {.type = SCHEMA_OBJECT, .members = record_v2_members};

/* POST /v2/establishments/licences: four counts per profession, totals, Omanisation */

static const char *const quota_state[] = {"open", "full", "over", NULL};

#define COUNT(n)                                                                                   \
	{                                                                                          \
		.name = n, .type = SCHEMA_INT, .min = 0, .max = INT64_MAX                          \
	}

static const struct schema counts_members[] = {
        COUNT("authorised"), COUNT("registered"), COUNT("approved"),
        COUNT("used"),       COUNT("remaining"),  {.type = SCHEMA_END},
};

static const struct schema quota_v2_members[] = {
        {.name = "isco", .type = SCHEMA_DIGITS, .min = 4, .max = 4},
        {.name = "title_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "title_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        COUNT("authorised"),
        COUNT("registered"),
        COUNT("approved"),
        COUNT("used"),
        COUNT("remaining"),
        {.name = "state", .type = SCHEMA_ENUM, .values = quota_state},
        {.type = SCHEMA_END},
};
static const struct schema quota_v2 = {.type = SCHEMA_OBJECT, .members = quota_v2_members};

static const struct schema licence_v2_members[] = {
        {.name = "licence_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "state", .type = SCHEMA_ENUM, .values = licence_state},
        {.name = "issued", .type = SCHEMA_DATE},
        {.name = "expires", .type = SCHEMA_DATE},
        {.name = "totals", .type = SCHEMA_OBJECT, .members = counts_members},
        {.name = "quotas", .type = SCHEMA_ARRAY, .max = ANSWER_QUOTAS_MAX, .items = &quota_v2},
        {.type = SCHEMA_END},
};
static const struct schema licence_v2 = {.type = SCHEMA_OBJECT, .members = licence_v2_members};

static const struct schema omanisation_members[] = {
        {.name = "sector_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "sector_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "percent", .type = SCHEMA_INT, .min = 0, .max = 100},
        {.name = "required", .type = SCHEMA_INT, .min = 0, .max = 100},
        {.type = SCHEMA_END},
};

static const struct schema licences_v2_members[] = {
        {.name = "establishment", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.name = "omanisation",
         .type = SCHEMA_OBJECT,
         .flags = SCHEMA_NULLABLE,
         .members = omanisation_members},
        {.name = "totals", .type = SCHEMA_OBJECT, .members = counts_members},
        {.name = "licences",
         .type = SCHEMA_ARRAY,
         .max = ANSWER_LICENCES_MAX,
         .items = &licence_v2},
        {.type = SCHEMA_END},
};

const struct schema answer_establishment_licences_v2 = {.type = SCHEMA_OBJECT,
                                                        .members = licences_v2_members};

/* POST /v1/persons/access-log */

static const char *const access_who[] = {"employer", "sanad", "ministry", "agency", "police", NULL};
static const char *const access_action[] = {"viewed", "changed", NULL};
static const char *const access_what[] = {"permit",  "contract",  "record",
                                          "absence", "movements", NULL};

static const struct schema access_entry_members[] = {
        {.name = "at", .type = SCHEMA_DATETIME},
        {.name = "who", .type = SCHEMA_ENUM, .values = access_who},
        {.name = "by_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "by_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "action", .type = SCHEMA_ENUM, .values = access_action},
        {.name = "what", .type = SCHEMA_ENUM, .values = access_what},
        {.type = SCHEMA_END},
};
static const struct schema access_entry = {.type = SCHEMA_OBJECT, .members = access_entry_members};

static const struct schema access_log_members[] = {
        {.name = "total", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.name = "page", .type = SCHEMA_INT, .min = 0, .max = INT64_MAX},
        {.name = "per_page", .type = SCHEMA_INT, .min = 1, .max = ANSWER_ENTRIES_MAX},
        {.name = "entries",
         .type = SCHEMA_ARRAY,
         .max = ANSWER_ENTRIES_MAX,
         .items = &access_entry},
        {.type = SCHEMA_END},
};

const struct schema answer_access_log = {.type = SCHEMA_OBJECT, .members = access_log_members};

/* local:receipts and local:receipt: the person's own receipts in the kiosk's outbox
 * (app/ports.c), read against a schema like any answer: the screens trust nothing else */

static const char *const own_status[] = {"submitted", "queued", "rejected", NULL};
static const struct schema own_members[] = {
        {.name = "seq", .type = SCHEMA_INT, .min = 1, .max = INT64_MAX},
        {.name = "reference", .type = SCHEMA_CODE, .min = 1, .max = 48},
        {.name = "type", .type = SCHEMA_CODE, .min = 1, .max = 32},
        {.name = "title_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "title_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "created", .type = SCHEMA_DATETIME},
        {.name = "status", .type = SCHEMA_ENUM, .values = own_status},
        {.type = SCHEMA_END},
};
const struct schema answer_own_receipt = {.type = SCHEMA_OBJECT, .members = own_members};

static const struct schema own_list_members[] = {
        {.name = "receipts", .type = SCHEMA_ARRAY, .max = 50, .items = &answer_own_receipt},
        {.name = "more", .type = SCHEMA_BOOL},
        {.name = "retention_days", .type = SCHEMA_INT, .min = 0, .max = 3650},
        {.type = SCHEMA_END},
};
const struct schema answer_own_receipts = {.type = SCHEMA_OBJECT, .members = own_list_members};

/* POST /v1/establishments/renewals */

static const char *const renewals_state[] = {"due", "overdue", "submitted", NULL};

static const struct schema renewal_worker_members[] = {
        {.name = "permit_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "civil_number", .type = SCHEMA_DIGITS, .min = 8, .max = 8},
        {.name = "name_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "name_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "profession", .type = SCHEMA_OBJECT, .members = profession_members},
        {.name = "fee_category", .type = SCHEMA_CODE, .min = 1, .max = 8},
        {.name = "expires", .type = SCHEMA_DATE},
        {.name = "renewal", .type = SCHEMA_ENUM, .values = renewals_state},
        {.type = SCHEMA_END},
};
static const struct schema renewal_worker = {.type = SCHEMA_OBJECT,
                                             .members = renewal_worker_members};

static const struct schema renewals_members[] = {
        {.name = "cr_number", .type = SCHEMA_DIGITS, .min = 1, .max = 16},
        {.name = "within_days", .type = SCHEMA_INT, .min = 1, .max = 366},
        {.name = "today", .type = SCHEMA_DATE},
        {.name = "workers",
         .type = SCHEMA_ARRAY,
         .max = ANSWER_RENEWALS_MAX,
         .items = &renewal_worker},
        {.type = SCHEMA_END},
};
const struct schema answer_renewals = {.type = SCHEMA_OBJECT, .members = renewals_members};

/* POST /v1/transfers/eligibility */

static const char *const fix_by[] = {"worker", "current_employer", "new_employer", "ministry",
                                     NULL};

#define DETAIL(n, t) .name = n, .type = t, .flags = SCHEMA_OPTIONAL | SCHEMA_NULLABLE
/* what a rule says about itself (each rule some of these; an unknown rule none) */
static const struct schema rule_detail_members[] = {
        {DETAIL("contract_end", SCHEMA_DATE)},
        {DETAIL("contract_ended", SCHEMA_BOOL)},
        {DETAIL("no_objection", SCHEMA_BOOL)},
        {DETAIL("reported", SCHEMA_DATE)},
        {DETAIL("isco", SCHEMA_DIGITS), .min = 4, .max = 4},
        {DETAIL("remaining", SCHEMA_INT), .min = INT64_MIN, .max = INT64_MAX},
        {DETAIL("licence_no", SCHEMA_CODE), .min = 1, .max = 24},
        {DETAIL("expires", SCHEMA_DATE)},
        {DETAIL("status", SCHEMA_CODE), .min = 1, .max = 24},
        {.type = SCHEMA_END},
};
#undef DETAIL

static const struct schema rule_members[] = {
        {.name = "id", .type = SCHEMA_CODE, .min = 1, .max = 40},
        {.name = "passed", .type = SCHEMA_BOOL},
        {.name = "fix_by", .type = SCHEMA_ENUM, .values = fix_by},
        {.name = "detail", .type = SCHEMA_OBJECT, .members = rule_detail_members},
        {.type = SCHEMA_END},
};
static const struct schema rule = {.type = SCHEMA_OBJECT, .members = rule_members};

static const struct schema transfer_worker_members[] = {
        {.name = "civil_number", .type = SCHEMA_DIGITS, .min = 8, .max = 8},
        {.name = "name_ar", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "name_en", .type = SCHEMA_STRING, .min = 1, .max = 160},
        {.name = "permit_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "profession", .type = SCHEMA_OBJECT, .members = profession_members},
        {.name = "employer", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.type = SCHEMA_END},
};

static const struct schema transfer_request_members[] = {
        {.name = "worker", .type = SCHEMA_DIGITS, .min = 8, .max = 8},
        {.name = "permit_no", .type = SCHEMA_CODE, .min = 1, .max = 24},
        {.name = "from", .type = SCHEMA_DIGITS, .min = 1, .max = 16},
        {.name = "to", .type = SCHEMA_DIGITS, .min = 1, .max = 16},
        {.name = "profession", .type = SCHEMA_DIGITS, .min = 4, .max = 4},
        {.type = SCHEMA_END},
};

static const struct schema eligibility_members[] = {
        {.name = "worker", .type = SCHEMA_OBJECT, .members = transfer_worker_members},
        {.name = "to", .type = SCHEMA_OBJECT, .members = establishment_members},
        {.name = "eligible", .type = SCHEMA_BOOL},
        {.name = "request", .type = SCHEMA_OBJECT, .members = transfer_request_members},
        {.name = "rules", .type = SCHEMA_ARRAY, .min = 1, .max = ANSWER_RULES_MAX, .items = &rule},
        {.type = SCHEMA_END},
};
const struct schema answer_transfer_eligibility = {.type = SCHEMA_OBJECT,
                                                   .members = eligibility_members};

const struct schema *const answer_schemas[] = {
        &answer_worker_record,        &answer_establishment_licences,
        &answer_worker_record_v2,     &answer_establishment_licences_v2,
        &answer_access_log,           &answer_own_receipts,
        &answer_own_receipt,          &answer_renewals,
        &answer_transfer_eligibility, NULL};
const char *const answer_schema_names[] = {"worker_record",        "establishment_licences",
                                           "worker_record_v2",     "establishment_licences_v2",
                                           "access_log",           "own_receipts",
                                           "own_receipt",          "renewals",
                                           "transfer_eligibility", NULL};
