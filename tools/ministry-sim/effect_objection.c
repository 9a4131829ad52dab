/*
 * effect_objection.c - "absence-objection": the worker (party[0]) objects to the open absence
 * report on their permit (its deadline not passed), once; the objection is kept in the
 * objections table with the reason id (payload.reason.id) and the words (payload.form.details).
 */
#include "effect.h"

#include "../../common/kerr.h"

static const char *
objection_problem(sqlite3 *db, json_t *payload, const char *kiosk_id)
{
	(void)kiosk_id;
	const char *civil = effect_party_civil(payload, 0);
	const char *reason = effect_str(payload, "reason.id");
	if (!civil || !reason)
		return "objection without its worker or reason";
	sqlite3_stmt *q = NULL;
	const char *why = "no open absence report";
	if (sqlite3_prepare_v2(db,
	                       "SELECT (SELECT count(*) FROM objections o WHERE o.civil_number = ?1"
	                       " AND o.reported = a.reported) FROM absence_reports a JOIN workers w"
	                       " ON w.permit_no = a.permit_no WHERE w.civil_number = ?1 AND"
	                       " a.objection_deadline >= date('now', '+4 hours')",
	                       -1, &q, NULL) != SQLITE_OK)
		return "the record could not be read";
	sqlite3_bind_text(q, 1, civil, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		why = sqlite3_column_int(q, 0) > 0 ? "an objection is already filed" : NULL;
	sqlite3_finalize(q);
	return why;
}

static int
objection_apply(sqlite3 *db, json_t *payload, const char *ref, const char *now, json_t *result)
{
	(void)result;
	const char *details = effect_str(payload, "form.details");
	const char *args[] = {effect_party_civil(payload, 0), effect_str(payload, "reason.id"),
	                      details ? details : "", now, ref};
	return effect_exec(db,
	                   "INSERT INTO objections SELECT ?1, a.reported, ?2, ?3, ?4, ?5"
	                   " FROM absence_reports a JOIN workers w ON w.permit_no = a.permit_no"
	                   " WHERE w.civil_number = ?1",
	                   5, args);
}

const struct effect effect_objection = {
        .type = "absence-objection",
        .problem = objection_problem,
        .apply = objection_apply,
};
