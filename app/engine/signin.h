/*
 * signin.h - sign-in with roles: the request that asks the backend to confirm a card holder's
 * identity with the civil registry and to name their roles, and the strict reading of its answer
 * (docs/backend-api.md, "POST /v1/signin").
 *
 *   request  {"civil_number": "...", "card_serial": "...", "card_expiry": "YYYY-MM-DD",
 *             "nationality": "OMN"}
 *   answer   {"identity": "confirmed" | "mismatch" | "unknown",
 *             "roles": ["citizen", "jobseeker", "worker", "employer", ...],
 *             "employer": {"cr_number", "name_ar", "name_en", "permit_no"}   (workers)
 *             "establishments": [{"cr_number", "name_ar", "name_en"}, ...]     (employers)}
 *
 * The answer is checked against a closed schema (services/schema.h) before anything is read;
 * role names the kiosk does not know are skipped (counted, for the log), so a new role on the
 * backend never locks anybody out of the roles the kiosk does know. Roles count only when the
 * identity is "confirmed": a replaced or lost card (mismatch) never acts for its holder.
 * Pure functions, no I/O: any thread (and tests/fuzz/fuzz_answers.c).
 */
#ifndef KIOSK_SIGNIN_H
#define KIOSK_SIGNIN_H

#include <stddef.h>

#include <jansson.h>

struct card_identity;
struct schema;

#define SIGNIN_PATH       "/v1/signin"
#define SIGNIN_ESTABS_MAX 1000 /* establishments one representative may act for */

enum signin_identity {
	SIGNIN_CONFIRMED, /* the civil registry knows this card for this person */
	SIGNIN_MISMATCH,  /* the registry knows the person but not this card (lost, replaced) */
	SIGNIN_UNKNOWN,   /* the registry does not know the civil number */
};

struct signin_info {
	enum signin_identity identity;
	unsigned roles;    /* SVC_ROLE_* bits (services/svc.h); 0 unless SIGNIN_CONFIRMED */
	int unknown_roles; /* role names skipped */
	int nestablishments;
};

extern const struct schema signin_schema; /* the answer's schema */

/* The request body for the holder of id (JSON text, caller frees and wipes: personal data);
 * card_expiry is null when the card has none. NULL when id has no civil number. */
char *signin_request(const struct card_identity *id);

/*
 * Reads an answer: schema, then the roles. 0 with *answer (the checked tree: the caller puts it
 * in the session's bag as "signin", json_decref()s it) and *info; KERR_PROTO with why (no
 * values in it) for anything the schema refuses.
 */
int signin_parse(const char *body, size_t len, json_t **answer, struct signin_info *info, char *why,
                 size_t whysize);

/* The SVC_ROLE_* bit of a role name, 0 for a name the kiosk does not know. */
unsigned signin_role_bit(const char *name);

#endif
