/*
 * test_hijri.c - Hijri dates from the backend (app/hijri.h). A running ministry simulator's table,
 * pulled by the real sync worker into an outbox over mutual TLS: it lists yesterday to 30 days
 * after the Oman today, and every entry is what ICU's islamic-umalqura calendar says for that
 * Gregorian day (asked here through ICU's date formatter, not the simulator's field reads).
 * hijri_for_day() on that outbox finds today's entry and refuses a day outside the table (a stale
 * one) and every kind of malformed table, which it logs once and without data.
 * Links ICU (the Makefile adds it for this test only). Run from the repository root.
 */
#define _DEFAULT_SOURCE
#include "../tap.h"

#include "../../app/hijri.h"
#include "../../app/sync.h"
#include "../../app/sync_hooks.h"
#include "../../common/config.h"
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"
#include "../../offline-cache/refdata.h"

#include "../ministry.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <time.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>
#include <unistd.h>

#define KIOSK_ID "KIOSK-HIJRI-01"

static void
drop_note(struct sync_note *n, void *ctx)
{
	(void)ctx;
	free(n);
}

/* The Oman day now, by the real clock (the simulator's too). */
static void
oman_today(struct civil_date *out)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	date_oman((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out);
}

static void
add_days(const struct civil_date *d, int n, struct civil_date *out)
{
	date_from_days(date_to_days(d) + n, out);
}

/* ICU's islamic-umalqura date of Gregorian day g, formatted "yyyy-MM-dd". */
static int
icu_umalqura(UDateFormat *fmt, const struct civil_date *g, char out[32])
{
	UChar buf[32];
	UErrorCode st = U_ZERO_ERROR;
	UDate noon = (UDate)date_to_days(g) * 86400000.0 + 43200000.0;
	int32_t n = udat_format(fmt, noon, buf, 32, NULL, &st);
	if (U_FAILURE(st) || n <= 0 || n >= 32)
		return -1;
	u_austrcpy(out, buf);
	return 0;
}

/* True when t's keys are exactly today-1 .. today+30. */
static bool
covers(json_t *t, const struct civil_date *today)
{
	if (json_object_size(t) != 32)
		return false;
	for (int k = -1; k <= 30; k++) {
		struct civil_date d;
		char key[11];
		add_days(today, k, &d);
		date_format_iso(&d, key);
		if (!json_object_get(t, key))
			return false;
	}
	return true;
}

/* Pulls the simulator's reference data into the outbox at db with the real sync worker. */
static int
pull_refdata(const char *db, int port, struct queue *q)
{
	struct kiosk_config cfg;
	struct clock_dev clk;
	struct sync *s = NULL;
	char v[64] = "";
	ministry_kiosk_cfg(&cfg, KIOSK_ID, db, port);
	if (clock_open(&clk, &cfg) < 0)
		return -1;
	struct sync_options opt = {.notify = drop_note, .seed = 3};
	int rc = sync_start_opts(&s, &cfg, &clk, &opt);
	for (int i = 0; rc == 0 && i < 1000; i++) { /* bounded: 10 s; heartbeats every second */
		if (refdata_get(q, "_version", v, sizeof(v), NULL, 0, NULL) == 0)
			break;
		nap_ms(10);
	}
	sync_stop(s);
	clock_close(&clk);
	return v[0] ? 0 : -1;
}

static void
served_table(struct queue *q, int port, const char *db, struct civil_date *today)
{
	struct civil_date before, after;
	oman_today(&before);
	ok(pull_refdata(db, port, q) == 0, "the sync worker pulled the reference data");
	oman_today(&after);

	char *text = calloc(1, REFDATA_VALUE_MAX + 1);
	is_int(refdata_get(q, "hijri_dates", text, REFDATA_VALUE_MAX + 1, NULL, 0, NULL), 0,
	       "hijri_dates is in the reference data");
	char old[64];
	is_int(refdata_get(q, "hijri_date", old, sizeof(old), NULL, 0, NULL), KERR_NOTFOUND,
	       "the old one-day hijri_date is gone");
	json_t *t = json_loads(text, 0, NULL);
	free(text);
	ok(json_is_object(t), "the table is a JSON object");
	/* the simulator may have started on the other side of an Oman midnight */
	*today = covers(t, &after) ? after : before;
	char iso[11];
	date_format_iso(today, iso);
	ok(covers(t, today), "it lists yesterday to 30 days after the Oman today (%s): 32 days",
	   iso);

	static const UChar utc[] = {'U', 'T', 'C', 0};
	static const UChar pattern[] = {'y', 'y', 'y', 'y', '-', 'M', 'M', '-', 'd', 'd', 0};
	UErrorCode st = U_ZERO_ERROR;
	UDateFormat *fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, "en@calendar=islamic-umalqura",
	                             utc, -1, pattern, -1, &st);
	ok(U_SUCCESS(st) && fmt, "ICU date formatter with the islamic-umalqura calendar");
	int n = 0, same = 0;
	const char *key;
	json_t *v;
	json_object_foreach(t, key, v)
	{
		struct civil_date g;
		char want[32] = "";
		n++;
		if (fmt && date_parse_iso(key, &g) == 0 && icu_umalqura(fmt, &g, want) == 0 &&
		    json_is_string(v) && strcmp(json_string_value(v), want) == 0)
			same++;
		else
			printf("# %s: served '%s', ICU '%s'\n", key,
			       json_is_string(v) ? json_string_value(v) : "?", want);
	}
	is_int(same, n, "every served day matches ICU islamic-umalqura (%d of %d)", same, n);
	if (fmt)
		udat_close(fmt);

	struct hijri_date h = {0, 0, 0};
	char want[32] = "", got[32];
	date_format_iso(today, iso);
	if (json_is_string(json_object_get(t, iso)))
		snprintf(want, sizeof(want), "%s", json_string_value(json_object_get(t, iso)));
	is_int(hijri_for_day(q, today, &h), 0, "hijri_for_day finds today's entry");
	snprintf(got, sizeof(got), "%04d-%02d-%02d", h.y, h.m, h.d);
	is_str(got, want, "... and it is the table's Hijri date for today");
	struct civil_date d;
	add_days(today, 30, &d);
	is_int(hijri_for_day(q, &d, &h), 0, "30 days ahead: still in the table");
	add_days(today, 31, &d);
	is_int(hijri_for_day(q, &d, &h), KERR_NOTFOUND,
	       "31 days ahead: not in the table, no Hijri date (offline too long)");
	add_days(today, -2, &d);
	is_int(hijri_for_day(q, &d, &h), KERR_NOTFOUND, "the day before yesterday: stale");
	json_decref(t);
}

/* Lines of the log that name the module; *has_data when one holds a Hijri year or the day. */
static int
logged_lines(const char *log, const char *day, bool *has_data)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(log, "r");
	*has_data = false;
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "hijri"))
			n++;
		if (strstr(line, "1448") || strstr(line, "1447") || strstr(line, day))
			*has_data = true;
	}
	if (f)
		fclose(f);
	return n;
}

static void
malformed_tables(struct queue *q, const struct civil_date *today)
{
	char iso[11], good[128];
	date_format_iso(today, iso);
	snprintf(good, sizeof(good), "{\"%s\":\"1448-06-23\"}", iso);
	const char *bad_fmt[] = {
	        "\"1448-06-08\"",             /* the old simulator's one-day JSON string */
	        "1448",                       /* a number */
	        "[\"%s\",\"1448-06-23\"]",    /* an array */
	        "{\"%s\":14480623}",          /* a value that is no string */
	        "{\"%s\":\"1448-13-01\"}",    /* month 13 */
	        "{\"%s\":\"1448-00-10\"}",    /* month 0 */
	        "{\"%s\":\"1448-06-31\"}",    /* day 31: Hijri months have 29 or 30 */
	        "{\"%s\":\"1448-06-00\"}",    /* day 0 */
	        "{\"%s\":\"0000-06-23\"}",    /* year 0 */
	        "{\"%s\":\"1448-6-23\"}",     /* not YYYY-MM-DD */
	        "{\"%s\":\"1448-06-23 AH\"}", /* trailing text */
	        "{\"%s\":\"1448-06-23\",\"2026-02-30\":\"1447-09-12\"}", /* a day that is none */
	        "{\"%s\":\"1448-06-23\",\"tomorrow\":\"1448-06-24\"}",   /* a key that is no day */
	        "{\"%s\":\"1448-06-23\",",                               /* truncated JSON */
	};
	char log[400];
	snprintf(log, sizeof(log), "%s/hijri-log.txt", tap_tmpdir());
	fflush(stderr);
	int saved = dup(2), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);

	int refused = 0, n = (int)(sizeof(bad_fmt) / sizeof(bad_fmt[0]));
	for (int i = 0; i < n; i++) {
		char table[256];
		struct hijri_date h = {7, 7, 7};
		snprintf(table, sizeof(table), bad_fmt[i], iso);
		refdata_put(q, "hijri_dates", table, "t-bad", 0);
		if (hijri_for_day(q, today, &h) == KERR_NOTFOUND && h.y == 7)
			refused++;
		else
			printf("# accepted: %s\n", table);
	}
	fflush(stderr);
	bool data = false;
	int lines_bad = logged_lines(log, iso, &data);
	refdata_put(q, "hijri_dates", good, "t-good", 0);
	struct hijri_date h;
	int good_rc = hijri_for_day(q, today, &h);
	refdata_put(q, "hijri_dates", "{\"x\":1}", "t-bad2", 0);
	int bad_again = hijri_for_day(q, today, &h);
	fflush(stderr);
	int lines_after = logged_lines(log, iso, &data);
	dup2(saved, 2);
	close(saved);

	is_int(refused, n, "%d kinds of malformed table: KERR_NOTFOUND, *out untouched", n);
	is_int(lines_bad, 1, "a malformed table is logged once, however often it is asked for");
	ok(!data, "the log line holds no date from the table");
	ok(good_rc == 0 && h.y == 1448 && h.m == 6 && h.d == 23, "a good table is used again");
	is_int(bad_again, KERR_NOTFOUND, "then a bad one is refused again");
	/* (logged again then, but klog folds a line identical to the last one into its repeat
	 * count, so the file shows it only once the next different line comes) */
	ok(lines_after <= 2, "still no flood of log lines (%d)", lines_after);
}

int
main(void)
{
	ministry_init(120);
	is_int(make_test_pki(KIOSK_ID), 0, "scripts/make-test-pki");
	is_int(net_global_init(), 0, "net_global_init");

	char db[400], simdb[400], empty[400];
	snprintf(db, sizeof(db), "%s/hijri-kiosk.db", tap_tmpdir());
	snprintf(simdb, sizeof(simdb), "%s/hijri-ministry.db", tap_tmpdir());
	snprintf(empty, sizeof(empty), "%s/hijri-empty.db", tap_tmpdir());

	struct queue *q = NULL, *q0 = NULL;
	struct civil_date today;
	struct hijri_date h;
	oman_today(&today);
	is_int(queue_open(empty, &q0), 0, "an outbox without reference data");
	is_int(hijri_for_day(q0, &today, &h), KERR_NOTFOUND, "no table: no Hijri date");
	is_int(hijri_for_day(NULL, &today, &h), KERR_NOTFOUND, "no outbox: no Hijri date");
	queue_close(q0);

	int port = 0;
	pid_t sim = start_sim(simdb, NULL, &port);
	ok(sim > 0, "ministry-sim started");
	if (sim <= 0)
		return tap_done();
	is_int(queue_open(db, &q), 0, "the kiosk's outbox opens");
	served_table(q, port, db, &today);
	kill_kid(sim);
	malformed_tables(q, &today);
	queue_close(q);
	net_global_cleanup();
	return tap_done();
}
