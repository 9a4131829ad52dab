/*
 * effect_transfer.c - "service-transfer": a new employer (party[0]) asks for a worker
 * (party[1]) whose consent, agreed or declined, is given on the hash of the eligibility
 * answer's "request" (transfer.c). The simulator recomputes the answer from its own data:
 * refused when the consenting person is not the worker, when a transfer agreed for this
 * worker's permit is already on record (one request at the ministry), when the hash is not
 * that of the request now, or, agreed, when a rule fails now. Applied: a transfer_requests
 * row either way; agreed, the permit moves to the new establishment, the new employer's quota
 * of the profession on its active licence gets used + 1, and the transfers table an approved
 * row (the worker's record shows it).
 */
#include "effect.h"
#include "transfer.h"

#include "../../common/kerr.h"

#include <stdbool.h>
#include <string.h>

/* "not eligible: <rule id>" for each rule id of transfer.h */
static const char *const not_eligible[] = {
        "not eligible: contract_or_noc", "not eligible: no_open_absence",
        "not eligible: quota",           "not eligible: licence_valid",
        "not eligible: permit_valid",    "not eligible: not_same_employer",
};

static const char *
failed_rule(json_t *answer)
{
	size_t i;
	json_t *r;
	json_t *rules = json_object_get(answer, "rules");
	json_array_foreach(rules, i, r)
	{
		if (json_is_true(json_object_get(r, "passed")))
			continue;
		const char *id = json_string_value(json_object_get(r, "id"));
		for (size_t k = 0; id && k < sizeof(not_eligible) / sizeof(not_eligible[0]); k++)
			if (strcmp(not_eligible[k] + strlen("not eligible: "), id) == 0)
				return not_eligible[k];
		return "not eligible";
	}
	return NULL;
}

/* An agreed transfer of this permit already on record. -1 on a database error. */
static int
on_record(sqlite3 *db, const char *permit)
{
	sqlite3_stmt *q = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT count(*) FROM transfer_requests WHERE permit_no = ?1"
	                       " AND decision = 'agreed'",
	                       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, permit, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int(q, 0);
	}
	sqlite3_finalize(q);
	return n;
}

static const char *
transfer_problem(sqlite3 *db, json_t *payload, const char *kiosk_id)
{
	(void)kiosk_id;
	const char *worker = effect_str(payload, "eligibility.request.worker");
	const char *permit = effect_str(payload, "eligibility.request.permit_no");
	const char *to = effect_str(payload, "establishment.cr_number");
	const char *decision = effect_str(payload, "consent.decision");
	const char *hash = effect_str(payload, "consent.request_hash");
	const char *consenting = effect_party_civil(payload, 1);
	if (!worker || !permit || !to || !hash)
		return "transfer without its worker, new employer or consent";
	if (!decision || (strcmp(decision, "agreed") != 0 && strcmp(decision, "declined") != 0))
		return "consent decision must be agreed or declined";
	if (!consenting || strcmp(consenting, worker) != 0)
		return "consent was not given by the worker";
	int n = on_record(db, permit);
	if (n < 0)
		return "the record could not be read";
	if (n > 0)
		return "a transfer for this worker is already on record";
	json_t *now = transfer_eligibility(db, worker, to);
	char mine[65];
	const char *why = NULL;
	if (!now)
		why = "the record could not be read";
	else if (json_is_null(now))
		why = "the worker has no work permit or the new employer is unknown";
	else if (transfer_request_hash(json_object_get(now, "request"), mine) < 0 ||
	         strcmp(mine, hash) != 0)
		why = "the request changed since the worker consented";
	else if (strcmp(decision, "agreed") == 0)
		why = failed_rule(now);
	json_decref(now);
	return why;
}

static int
transfer_apply(sqlite3 *db, json_t *payload, const char *ref, const char *now, json_t *result)
{
	(void)result;
	const char *args[] = {
	        effect_str(payload, "eligibility.request.worker"),
	        effect_str(payload, "eligibility.request.permit_no"),
	        effect_str(payload, "eligibility.request.from"),
	        effect_str(payload, "establishment.cr_number"),
	        effect_str(payload, "consent.decision"),
	        effect_str(payload, "consent.request_hash"),
	        ref,
	        now,
	};
	if (effect_exec(db,
	                "INSERT INTO transfer_requests (civil_number, permit_no, from_cr, to_cr,"
	                " decision, request_hash, reference, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	                " ?7, ?8)",
	                8, args) < 0)
		return KERR_DB;
	if (strcmp(args[4], "agreed") != 0)
		return 0;
	/* the quota first: it is the new employer's licence for the worker's profession */
	if (effect_exec(db,
	                "UPDATE quotas SET used = used + 1 WHERE isco = (SELECT isco FROM workers"
	                " WHERE permit_no = ?2) AND licence_no = (SELECT l.licence_no FROM"
	                " labour_licences l JOIN quotas q ON q.licence_no = l.licence_no WHERE"
	                " l.establishment = ?4 AND l.state = 'active' AND l.expires >="
	                " date('now', '+4 hours') AND q.isco = (SELECT isco FROM workers WHERE"
	                " permit_no = ?2) ORDER BY l.issued DESC LIMIT 1)",
	                4, args) < 0 ||
	    effect_exec(db, "UPDATE workers SET establishment = ?4 WHERE permit_no = ?2", 4, args) <
	            0 ||
	    effect_exec(db,
	                "UPDATE transfers SET state = 'approved' WHERE permit_no = ?2 AND"
	                " to_cr = ?4 AND state = 'requested'",
	                4, args) < 0 ||
	    effect_exec(db,
	                "INSERT INTO transfers (permit_no, from_cr, to_cr, requested, state)"
	                " SELECT ?2, ?3, ?4, date('now', '+4 hours'), 'approved' WHERE NOT EXISTS"
	                " (SELECT 1 FROM transfers WHERE permit_no = ?2 AND to_cr = ?4 AND"
	                " state = 'approved')",
	                4, args) < 0)
		return KERR_DB;
	return 0;
}

const struct effect effect_transfer = {
        .type = "service-transfer",
        .problem = transfer_problem,
        .apply = transfer_apply,
};
