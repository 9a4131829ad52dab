/*
 * test_date.c - common/date.h, the one civil-date module: every day from 0001-01-01 to 9999-12-31
 * through days <-> y/m/d against a naive day-by-day counter, the validity table, the Oman day
 * (UTC+4) at the midnight edges and before 1970, ISO text refused unless exact (and its bare
 * shape, for Hijri dates), and
 * clock_format_oman() (drivers/clock.c) on top of it.
 */
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../tap.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The test's own calendar rule, written out independently of date.c. */
static int
naive_mdays(int y, int m)
{
	static const int len[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m != 2)
		return len[m];
	if (y % 400 == 0)
		return 29;
	if (y % 100 == 0)
		return 28;
	return y % 4 == 0 ? 29 : 28;
}

static void
every_day(void)
{
	struct civil_date c = {1, 1, 1}, back;
	int64_t day = -719162; /* 0001-01-01 is 719162 days before 1970-01-01 */
	long n = 0, bad_to = 0, bad_from = 0, bad_valid = 0;
	int64_t epoch = 0;
	for (;;) {
		if (date_to_days(&c) != day)
			bad_to++;
		date_from_days(day, &back);
		if (date_cmp(&back, &c) != 0)
			bad_from++;
		if (!date_valid(c.y, c.m, c.d) ||
		    date_days_in_month(c.y, c.m) != naive_mdays(c.y, c.m))
			bad_valid++;
		if (c.y == 1970 && c.m == 1 && c.d == 1)
			epoch = day;
		n++;
		if (c.y == 9999 && c.m == 12 && c.d == 31)
			break;
		day++;
		if (++c.d > naive_mdays(c.y, c.m)) {
			c.d = 1;
			if (++c.m > 12) {
				c.m = 1;
				c.y++;
			}
		}
	}
	is_int(n, 3652059, "0001-01-01..9999-12-31 is 3,652,059 days");
	is_int(day, 2932896, "9999-12-31 is day 2932896");
	is_int(epoch, 0, "1970-01-01 is day 0");
	is_int(bad_to, 0, "date_to_days matches the counter on every day");
	is_int(bad_from, 0, "date_from_days gives back every day");
	is_int(bad_valid, 0, "every day is valid, month lengths as the naive rule says");
}

static void
validity(void)
{
	static const struct {
		int y, m, d;
		bool valid;
		const char *what;
	} t[] = {
	        {1900, 2, 29, false, "29 Feb 1900 (century, not /400)"},
	        {2000, 2, 29, true, "29 Feb 2000 (/400)"},
	        {2023, 2, 29, false, "29 Feb 2023 (common year)"},
	        {2024, 2, 29, true, "29 Feb 2024 (leap year)"},
	        {2024, 2, 30, false, "30 Feb 2024"},
	        {2026, 4, 31, false, "31 April"},
	        {2026, 4, 30, true, "30 April"},
	        {2026, 6, 31, false, "31 June"},
	        {2026, 9, 31, false, "31 September"},
	        {2026, 11, 31, false, "31 November"},
	        {2026, 12, 31, true, "31 December"},
	        {2026, 0, 10, false, "month 0"},
	        {2026, 13, 10, false, "month 13"},
	        {2026, 1, 0, false, "day 0"},
	        {2026, 1, 32, false, "day 32"},
	        {2026, 1, -1, false, "day -1"},
	        {0, 1, 1, false, "year 0"},
	        {1, 1, 1, true, "0001-01-01"},
	        {9999, 12, 31, true, "9999-12-31"},
	        {10000, 1, 1, false, "year 10000"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(date_valid(t[i].y, t[i].m, t[i].d) == t[i].valid, "%s: %s", t[i].what,
		   t[i].valid ? "valid" : "invalid");
	is_int(date_days_in_month(2024, 0), 0, "days in month 0: 0");
	is_int(date_days_in_month(2024, 13), 0, "days in month 13: 0");
}

/* ms since 1970 of y-m-d hh:mm:ss.mmm UTC */
static int64_t
utc_ms(int y, int m, int d, int hh, int mm, int ss, int ms)
{
	struct civil_date c = {y, m, d};
	return ((date_to_days(&c) * 24 + hh) * 60 + mm) * 60000 + ss * 1000 + ms;
}

/* the day as text, so a failure shows both */
static const char *
iso(const struct civil_date *d, char out[11])
{
	date_format_iso(d, out);
	return out;
}

#define is_day(got, yy, mm, dd, what)                                                              \
	do {                                                                                       \
		char gs_[11], ws_[11];                                                             \
		is_str(iso(&(got), gs_), iso(&(struct civil_date){yy, mm, dd}, ws_), what);        \
	} while (0)

static void
oman_day(void)
{
	struct civil_date d;
	int64_t t = utc_ms(2031, 1, 1, 19, 59, 59, 999);
	date_oman(t, &d);
	is_day(d, 2031, 1, 1, "2031-01-01T19:59:59.999Z is still 1 January in Oman");
	is_int(date_oman_seconds(t), 86399, "... at 23:59:59");
	date_oman(t + 1, &d);
	is_day(d, 2031, 1, 2, "2031-01-01T20:00:00.000Z is 2 January in Oman");
	is_int(date_oman_seconds(t + 1), 0, "... at 00:00:00");
	date_oman(utc_ms(2031, 1, 1, 23, 30, 0, 0), &d);
	is_day(d, 2031, 1, 2, "23:30Z is 03:30 the next day in Oman");
	date_oman(utc_ms(2031, 1, 1, 0, 0, 0, 0), &d);
	is_day(d, 2031, 1, 1, "00:00Z is 04:00 the same day in Oman");
	date_oman(utc_ms(2024, 2, 28, 20, 0, 0, 0), &d);
	is_day(d, 2024, 2, 29, "28 Feb 20:00Z 2024 is the leap day in Oman");
	date_oman(utc_ms(2023, 12, 31, 20, 0, 0, 0), &d);
	is_day(d, 2024, 1, 1, "New Year in Oman at 20:00Z on 31 December");

	date_oman(0, &d);
	is_day(d, 1970, 1, 1, "the epoch: 04:00 on 1970-01-01 in Oman");
	is_int(date_oman_seconds(0), 4 * 3600, "... 14400 s after Oman midnight");
	date_oman(-1, &d);
	is_day(d, 1970, 1, 1, "-1 ms: 03:59:59.999 in Oman, same day");
	is_int(date_oman_seconds(-1), 4 * 3600 - 1, "... second 14399 (floored, not rounded)");
	date_oman(-4 * 3600 * 1000, &d);
	is_day(d, 1970, 1, 1, "-4 h: Oman midnight of 1970-01-01");
	is_int(date_oman_seconds(-4 * 3600 * 1000), 0, "... second 0");
	date_oman(-4 * 3600 * 1000 - 1, &d);
	is_day(d, 1969, 12, 31, "-4 h - 1 ms: 31 December 1969 in Oman");
	is_int(date_oman_seconds(-4 * 3600 * 1000 - 1), 86399, "... second 86399");
	date_oman(utc_ms(1, 1, 1, 20, 0, 0, 0), &d);
	is_day(d, 1, 1, 2, "0001-01-01T20:00Z: 2 January of year 1 in Oman");
	date_oman(utc_ms(9999, 12, 31, 19, 59, 59, 999), &d);
	is_day(d, 9999, 12, 31, "the last Oman instant of 9999");
}

static void
iso_text(void)
{
	struct civil_date d = {7, 7, 7};
	is_int(date_parse_iso("2026-02-03", &d), 0, "2026-02-03 parses");
	ok(d.y == 2026 && d.m == 2 && d.d == 3, "... to 2026, 2, 3");
	is_int(date_parse_iso("2024-02-29", &d), 0, "the leap day parses");
	is_int(date_parse_iso("0001-01-01", &d), 0, "the first day parses");
	is_int(date_parse_iso("9999-12-31", &d), 0, "the last day parses");
	d = (struct civil_date){7, 7, 7};
	static const char *const bad[] = {
	        "2026-2-03",   "2026-02-3",   "26-02-03",    "2026-02-30",
	        "2023-02-29",  "2026-04-31",  "2026-13-01",  "2026-00-10",
	        "2026-01-00",  "0000-01-01",  "2026-02-03x", "2026-02-03 ",
	        "2026-02-03T", " 2026-02-03", "2O26-02-03",  "2026-0a-03",
	        "2026/02/03",  "2026-02/03",  "+026-02-03",  "-026-02-03",
	        "2026-+2-03",  "2026-02- 3",  "20260203",    "",
	        "2026-02-",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(date_parse_iso(bad[i], &d), KERR_INVAL, "'%s' refused", bad[i]);
	is_int(date_parse_iso(NULL, &d), KERR_INVAL, "NULL refused");
	ok(d.y == 7 && d.m == 7 && d.d == 7, "a refusal leaves *out untouched");

	int y = 1, m = 2, dd = 3;
	is_int(date_split_iso("1448-06-30", &y, &m, &dd), 0, "split: a Hijri 30th");
	ok(y == 1448 && m == 6 && dd == 30, "... 1448, 6, 30");
	is_int(date_split_iso("2023-02-29", &y, &m, &dd), 0, "split checks the shape, not the day");
	static const char *const bad_shape[] = {"1448-6-30", "1448-06-30x", "1448-0x-30", ""};
	for (size_t i = 0; i < sizeof(bad_shape) / sizeof(bad_shape[0]); i++)
		is_int(date_split_iso(bad_shape[i], &y, &m, &dd), KERR_INVAL, "split: '%s' refused",
		       bad_shape[i]);
	ok(y == 2023 && m == 2 && dd == 29, "split: a refusal leaves the numbers untouched");

	char s[11];
	date_format_iso(&(struct civil_date){2026, 12, 3}, s);
	is_str(s, "2026-12-03", "format pads to YYYY-MM-DD");
	date_format_iso(&(struct civil_date){1, 1, 1}, s);
	is_str(s, "0001-01-01", "format of year 1");
	date_format_iso(&(struct civil_date){12345, -3, 400}, s);
	is_int((int)strlen(s), 10, "out-of-range fields are clamped, never overflow the buffer");

	struct civil_date a = {2026, 12, 3}, b = {2026, 12, 4}, c = {2027, 1, 1};
	ok(date_cmp(&a, &b) < 0 && date_cmp(&b, &a) > 0 && date_cmp(&a, &a) == 0, "cmp by day");
	ok(date_cmp(&b, &c) < 0, "cmp by year first");
}

static void
clock_format(void)
{
	char s[32];
	clock_format_oman(utc_ms(2031, 1, 1, 19, 59, 59, 999), s, sizeof(s));
	is_str(s, "2031-01-01T23:59:59+04:00", "clock_format_oman keeps its format");
	clock_format_oman(utc_ms(2031, 1, 1, 20, 0, 0, 0), s, sizeof(s));
	is_str(s, "2031-01-02T00:00:00+04:00", "clock_format_oman at Oman midnight");
	clock_format_oman(1798761600000LL, s, sizeof(s));
	is_str(s, "2027-01-01T04:00:00+04:00", "clock_format_oman of the fake clock's default");
	clock_format_oman(-1, s, sizeof(s));
	is_str(s, "1970-01-01T03:59:59+04:00", "clock_format_oman before the epoch");
}

int
main(void)
{
	every_day();
	validity();
	oman_day();
	iso_text();
	clock_format();
	return tap_done();
}
