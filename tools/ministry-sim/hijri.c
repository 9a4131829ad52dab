/*
 * hijri.c - the simulator's sample Hijri dates: the "hijri_dates" reference data entry,
 * {"YYYY-MM-DD": "YYYY-MM-DD", ...}, Gregorian Oman day -> Hijri year-month-day, from yesterday
 * to HIJRI_DAYS_AHEAD days after the simulator's Oman today (docs/backend-api.md).
 *
 * The values come from ICU's islamic-umalqura calendar (the Saudi Umm al-Qura tables). They are
 * sample data: Oman fixes its Hijri months by its own moon-sighting committee and can be a day
 * apart, so the ministry's backend is the authority and the kiosk never computes a Hijri date.
 *
 * How the table gets into the reference data: store.c's seed calls the SQL function
 * sim_hijri_dates() when the store opens (a new database gets the entry, an old one has it
 * rebuilt), so the table is built at start-up. The function is registered on every SQLite
 * connection of the process with sqlite3_auto_extension(), from a constructor, so that store.c
 * needs no other change; it runs before main() opens the store. Nothing here is exported.
 */
#include "../../common/date.h"
#include "../../common/klog.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucal.h>
#include <unicode/utypes.h>

#define HIJRI_DAYS_BEFORE 1  /* yesterday: a kiosk whose clock is a little behind */
#define HIJRI_DAYS_AHEAD  30 /* a kiosk offline for weeks still prints the right date */

/* The Hijri date ICU's umalqura calendar (cal, in UTC) gives the Gregorian day day. */
static int
umalqura(UCalendar *cal, const struct civil_date *day, char out[16])
{
	UErrorCode st = U_ZERO_ERROR;
	/* noon UTC of that day: the calendar's zone is UTC, so its day is that civil day */
	ucal_setMillis(cal, (UDate)date_to_days(day) * 86400000.0 + 43200000.0, &st);
	int y = ucal_get(cal, UCAL_YEAR, &st);
	int m = ucal_get(cal, UCAL_MONTH, &st) + 1; /* ICU months count from 0 */
	int d = ucal_get(cal, UCAL_DATE, &st);
	if (U_FAILURE(st) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 30)
		return -1;
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* sim_hijri_dates(): the table as JSON text, or an SQL error when ICU cannot give it. */
static void
sql_hijri_dates(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	static const UChar utc[] = {'U', 'T', 'C', 0};
	UErrorCode st = U_ZERO_ERROR;
	struct timespec now;
	struct civil_date today, day;
	(void)argc;
	(void)argv;

	UCalendar *cal = ucal_open(utc, -1, "en@calendar=islamic-umalqura", UCAL_DEFAULT, &st);
	const char *type = cal ? ucal_getType(cal, &st) : NULL;
	if (U_FAILURE(st) || !type || strcmp(type, "islamic-umalqura") != 0) {
		klog(KLOG_ERR, "hijri", "ICU has no islamic-umalqura calendar: %s",
		     u_errorName(st));
		sqlite3_result_error(ctx, "sim_hijri_dates: no ICU islamic-umalqura calendar", -1);
		goto out;
	}
	clock_gettime(CLOCK_REALTIME, &now); /* the simulator's own clock, like its timestamps */
	date_oman((int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, &today);
	json_t *table = json_object();
	int64_t first = date_to_days(&today) - HIJRI_DAYS_BEFORE;
	for (int64_t k = first; k <= date_to_days(&today) + HIJRI_DAYS_AHEAD; k++) {
		char g[11], h[16];
		date_from_days(k, &day);
		if (umalqura(cal, &day, h) < 0) {
			klog(KLOG_ERR, "hijri", "ICU gave no Hijri date for day %lld",
			     (long long)k);
			json_decref(table);
			sqlite3_result_error(ctx, "sim_hijri_dates: ICU conversion failed", -1);
			goto out;
		}
		date_format_iso(&day, g);
		json_object_set_new(table, g, json_string(h));
	}
	char *text = json_dumps(table, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(table);
	if (text)
		sqlite3_result_text(ctx, text, -1, free);
	else
		sqlite3_result_error_nomem(ctx);
out:
	if (cal)
		ucal_close(cal);
}

static int
hijri_sql_init(sqlite3 *db, char **err, const struct sqlite3_api_routines *api)
{
	(void)err;
	(void)api;
	return sqlite3_create_function(db, "sim_hijri_dates", 0, SQLITE_UTF8, NULL, sql_hijri_dates,
	                               NULL, NULL);
}

__attribute__((constructor)) static void
hijri_register(void)
{
	sqlite3_auto_extension((void (*)(void))hijri_sql_init);
}
