/*
 * renewal.c - the permit renewal rules (renewal.h): the listed permits and the fee. Tables:
 * workers, professions (fee_category), renewals, refdata ("renewal_fees").
 */
#include "renewal.h"

#include "store.h"

#include "../../common/klog.h"

#include <stdio.h>

/* ?1 the establishment; the columns of renewal_json() and then whether it is listed */
#define RENEWAL_SELECT                                                                             \
	"SELECT w.permit_no, w.civil_number, w.name_ar, w.name_en, p.isco, p.title_en,"            \
	" p.title_ar, p.fee_category, w.permit_expires, CASE WHEN w.state = 'renewed' OR"          \
	" w.renewal_submitted IS NOT NULL OR EXISTS (SELECT 1 FROM renewals r WHERE"               \
	" r.permit_no = w.permit_no) THEN 'submitted' WHEN w.permit_expires <"                     \
	" date('now', '+4 hours') THEN 'overdue' ELSE 'due' END,"                                  \
	" w.permit_expires <= date('now', '+4 hours', ?2) AND w.permit_expires >="                 \
	" date('now', '+4 hours', '" RENEWAL_OVERDUE_MAX "') AS listed"                            \
	" FROM workers w JOIN professions p ON p.isco = w.isco WHERE w.establishment = ?1"         \
	" AND w.state NOT IN ('ended', 'departed', 'absconded')"

static json_t *
renewal_json(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:s}", "permit_no",
	                 store_text(st, 0), "civil_number", store_text(st, 1), "name_ar",
	                 store_text(st, 2), "name_en", store_text(st, 3), "profession", "isco",
	                 store_text(st, 4), "title_en", store_text(st, 5), "title_ar",
	                 store_text(st, 6), "fee_category", store_text(st, 7), "expires",
	                 store_text(st, 8), "renewal", store_text(st, 9));
}

static void
bind_window(sqlite3_stmt *st, int days)
{
	char window[24];
	snprintf(window, sizeof(window), "+%d days", days);
	sqlite3_bind_text(st, 2, window, -1, SQLITE_TRANSIENT);
}

json_t *
renewal_list(sqlite3 *db, const char *cr, int within_days)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = NULL;
	if (sqlite3_prepare_v2(db,
	                       "SELECT * FROM (" RENEWAL_SELECT ") WHERE listed"
	                       " ORDER BY permit_expires, permit_no",
	                       -1, &st, NULL) != SQLITE_OK) {
		klog(KLOG_ERR, "renewal", "%s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, cr, -1, SQLITE_STATIC);
	bind_window(st, within_days);
	arr = store_rows(st, renewal_json, NULL);
out:
	sqlite3_finalize(st);
	return arr;
}

json_t *
renewal_find(sqlite3 *db, const char *cr, const char *permit_no, bool *listed)
{
	sqlite3_stmt *st = NULL;
	json_t *j = NULL;
	*listed = false;
	if (sqlite3_prepare_v2(db, RENEWAL_SELECT " AND w.permit_no = ?3", -1, &st, NULL) !=
	    SQLITE_OK) {
		klog(KLOG_ERR, "renewal", "%s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, cr, -1, SQLITE_STATIC);
	bind_window(st, RENEWAL_WINDOW_MAX);
	sqlite3_bind_text(st, 3, permit_no, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		j = renewal_json(st, NULL);
		*listed = sqlite3_column_int(st, 10) != 0;
	} else if (step == SQLITE_DONE) {
		j = json_null();
	}
out:
	sqlite3_finalize(st);
	return j;
}

json_t *
renewal_fee(sqlite3 *db, const char *cat, const char *expires)
{
	sqlite3_stmt *st = NULL;
	json_t *table = NULL, *fee = NULL;
	if (sqlite3_prepare_v2(
	            db,
	            "SELECT (SELECT value FROM refdata WHERE key = 'renewal_fees'),"
	            " CAST(julianday(date('now', '+4 hours')) - julianday(?1) AS INTEGER)",
	            -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, expires, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	table = json_loads(store_text(st, 0), 0, NULL);
	json_int_t late_days = sqlite3_column_int64(st, 1);
	json_t *base = json_object_get(json_object_get(table, "categories"), cat);
	json_t *per_month = json_object_get(table, "fine_per_month_baisa");
	json_t *cap = json_object_get(table, "fine_cap_baisa");
	const char *version = json_string_value(json_object_get(table, "version"));
	if (!json_is_integer(base) || !json_is_integer(per_month) || !json_is_integer(cap) ||
	    !version)
		goto out;
	json_int_t months = late_days > 0 ? (late_days + 29) / 30 : 0;
	json_int_t fine = months * json_integer_value(per_month);
	if (fine > json_integer_value(cap))
		fine = json_integer_value(cap);
	fee = json_pack("{s:s,s:I,s:I,s:I,s:s,s:I}", "category", cat, "renewal_baisa",
	                json_integer_value(base), "fine_baisa", fine, "months_late", months,
	                "version", version, "total_baisa", json_integer_value(base) + fine);
out:
	if (!fee)
		klog(KLOG_ERR, "renewal", "no fee: the renewal_fees table or the database");
	json_decref(table);
	sqlite3_finalize(st);
	return fee;
}
