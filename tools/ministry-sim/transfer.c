/*
 * transfer.c - the transfer of services rules (transfer.h): the eligibility answer from the
 * worker's current permit, its contract, absence report and no-objections, and the new
 * employer's licences and quotas; the hash the worker's consent is given on. Tables: workers,
 * professions, establishments, contracts, no_objections, absence_reports, labour_licences,
 * quotas.
 */
#include "transfer.h"

#include "store.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?1 the worker, ?2 the new employer: one row, the columns below by number */
static const char facts_sql[] =
        "SELECT w.civil_number, w.name_ar, w.name_en, w.permit_no, p.isco, p.title_ar,"
        " p.title_en, e.cr_number, e.name_ar, e.name_en,"                   /* 0-9 */
        " n.cr_number, n.name_ar, n.name_en,"                               /* 10-12 */
        " w.state IN ('departed', 'absconded'), w.permit_expires,"          /* 13-14 */
        " w.permit_expires < date('now', '+4 hours'),"                      /* 15 */
        " (SELECT c.end FROM contracts c WHERE c.permit_no = w.permit_no)," /* 16 */
        " (SELECT c.end < date('now', '+4 hours') FROM contracts c"
        "  WHERE c.permit_no = w.permit_no)," /* 17 */
        " EXISTS (SELECT 1 FROM no_objections o WHERE o.permit_no = w.permit_no AND"
        "  o.from_cr = w.establishment AND (o.to_cr IS NULL OR o.to_cr = ?2)),"        /* 18 */
        " (SELECT a.reported FROM absence_reports a WHERE a.permit_no = w.permit_no)," /* 19 */
        " (SELECT a.objection_deadline >= date('now', '+4 hours') FROM absence_reports a"
        "  WHERE a.permit_no = w.permit_no)," /* 20 */
        " (SELECT l.licence_no FROM labour_licences l WHERE l.establishment = ?2 AND"
        "  l.state = 'active' AND l.expires >= date('now', '+4 hours')"
        "  ORDER BY l.issued DESC LIMIT 1)," /* 21 */
        " (SELECT max(0, q.allowed - q.used - q.approved - q.registered) FROM quotas q"
        "  JOIN labour_licences l ON l.licence_no = q.licence_no WHERE l.establishment = ?2"
        "  AND l.state = 'active' AND l.expires >= date('now', '+4 hours') AND"
        "  q.isco = w.isco ORDER BY l.issued DESC LIMIT 1)" /* 22 */
        " FROM workers w JOIN professions p ON p.isco = w.isco JOIN establishments e"
        " ON e.cr_number = w.establishment JOIN establishments n ON n.cr_number = ?2"
        " WHERE w.civil_number = ?1"
        " ORDER BY w.state = 'ended', w.state IN ('departed', 'absconded'),"
        " w.permit_expires DESC LIMIT 1";

static void
rule(json_t *rules, const char *id, bool passed, const char *fix_by, json_t *detail)
{
	json_array_append_new(rules, json_pack("{s:s,s:b,s:s,s:o}", "id", id, "passed", passed,
	                                       "fix_by", fix_by, "detail", detail));
}

static json_t *
text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null()
	                                                   : json_string(store_text(st, col));
}

static json_t *
answer(sqlite3_stmt *st)
{
	json_t *rules = json_array();
	bool contract_ended = sqlite3_column_int(st, 17) != 0;
	bool noc = sqlite3_column_int(st, 18) != 0;
	rule(rules, "contract_or_noc", contract_ended || noc, "current_employer",
	     json_pack("{s:o,s:b,s:b}", "contract_end", text_or_null(st, 16), "contract_ended",
	               contract_ended, "no_objection", noc));
	bool absent = sqlite3_column_type(st, 19) != SQLITE_NULL;
	rule(rules, "no_open_absence", !absent,
	     absent && sqlite3_column_int(st, 20) ? "worker" : "ministry",
	     absent ? json_pack("{s:s}", "reported", store_text(st, 19)) : json_object());
	bool licence = sqlite3_column_type(st, 21) != SQLITE_NULL;
	json_int_t remaining = sqlite3_column_int64(st, 22);
	rule(rules, "quota", licence && remaining > 0, "new_employer",
	     json_pack("{s:s,s:I}", "isco", store_text(st, 4), "remaining", remaining));
	rule(rules, "licence_valid", licence, "new_employer",
	     json_pack("{s:o}", "licence_no", text_or_null(st, 21)));
	bool cancelled = sqlite3_column_int(st, 13) != 0;
	bool expired = sqlite3_column_int(st, 15) != 0;
	rule(rules, "permit_valid", !cancelled && !expired,
	     cancelled ? "ministry" : "current_employer",
	     json_pack("{s:s,s:s}", "expires", store_text(st, 14), "status",
	               cancelled ? "cancelled"
	               : expired ? "expired"
	                         : "valid"));
	bool same = strcmp(store_text(st, 7), store_text(st, 10)) == 0;
	rule(rules, "not_same_employer", !same, "new_employer", json_object());

	bool eligible = true;
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r)
	{
		eligible = eligible && json_is_true(json_object_get(r, "passed"));
	}
	return json_pack("{s:{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}},s:{s:s,s:s,s:s},"
	                 "s:b,s:{s:s,s:s,s:s,s:s,s:s},s:o}",
	                 "worker", "civil_number", store_text(st, 0), "name_ar", store_text(st, 1),
	                 "name_en", store_text(st, 2), "permit_no", store_text(st, 3), "profession",
	                 "isco", store_text(st, 4), "title_ar", store_text(st, 5), "title_en",
	                 store_text(st, 6), "employer", "cr_number", store_text(st, 7), "name_ar",
	                 store_text(st, 8), "name_en", store_text(st, 9), "to", "cr_number",
	                 store_text(st, 10), "name_ar", store_text(st, 11), "name_en",
	                 store_text(st, 12), "eligible", eligible, "request", "worker",
	                 store_text(st, 0), "permit_no", store_text(st, 3), "from",
	                 store_text(st, 7), "to", store_text(st, 10), "profession",
	                 store_text(st, 4), "rules", rules);
}

json_t *
transfer_eligibility(sqlite3 *db, const char *civil, const char *to_cr)
{
	sqlite3_stmt *st = NULL;
	json_t *j = NULL;
	if (sqlite3_prepare_v2(db, facts_sql, -1, &st, NULL) != SQLITE_OK) {
		klog(KLOG_ERR, "transfer", "%s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, civil, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to_cr, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		j = answer(st);
	else if (step == SQLITE_DONE)
		j = json_null();
out:
	sqlite3_finalize(st);
	return j;
}

int
transfer_request_hash(json_t *request, char out[65])
{
	unsigned char digest[32];
	char *text = json_dumps(request, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return KERR_INVAL;
	int rc = gnutls_hash_fast(GNUTLS_DIG_SHA256, text, strlen(text), digest);
	free(text);
	if (rc < 0)
		return KERR_INVAL;
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	return 0;
}
