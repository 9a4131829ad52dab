/*
 * date.h - civil (calendar) dates: the one home of the days <-> year/month/day algorithm, the
 * validity check of a date read from outside (cards, server answers), and "today" in Oman.
 *
 * Oman keeps Gulf Standard Time, UTC+4, with no daylight saving: the Oman calendar day of a
 * wall-clock instant is the UTC day of (instant + 4 h). Every "today" the kiosk uses (card
 * expiry, screens, receipts, the Hijri date) comes from date_oman(), never from a UTC day.
 *
 * Pure functions, no allocation, no locale, no time zone tables: any thread.
 */
#ifndef KIOSK_DATE_H
#define KIOSK_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_OMAN_OFFSET_S (4 * 3600) /* Gulf Standard Time */

struct civil_date {
	int y; /* 1..9999 */
	int m; /* 1..12 */
	int d; /* 1..31, as the month allows */
};

/* True when y-m-d exists in the proleptic Gregorian calendar (year 1..9999): no 29 February of
 * a common year, no 31 April. */
bool date_valid(int y, int m, int d);

/* Days in month m of year y (28..31), 0 for a month outside 1..12. */
int date_days_in_month(int y, int m);

/* Days since 1970-01-01 of a valid date (H. Hinnant's days_from_civil). */
int64_t date_to_days(const struct civil_date *dt);

/* The civil date of days since 1970-01-01 (civil_from_days). */
void date_from_days(int64_t days, struct civil_date *out);

/* The Oman calendar day (UTC+4) of wall_ms, milliseconds since 1970-01-01 UTC. */
void date_oman(int64_t wall_ms, struct civil_date *out);

/* Seconds since Oman midnight of wall_ms (0..86399). */
int date_oman_seconds(int64_t wall_ms);

/* <0, 0, >0 as a is before, the same day as, or after b. */
int date_cmp(const struct civil_date *a, const struct civil_date *b);

/* "YYYY-MM-DD" exactly (ten characters, then the end of the string), a valid date.
 * 0 and *out, or KERR_INVAL (out untouched). */
int date_parse_iso(const char *s, struct civil_date *out);

/* The shape of "YYYY-MM-DD" only (ten characters, digits and two '-', then the end of the
 * string), no calendar check: for a date of another calendar (the Hijri date, app/hijri.h),
 * whose month lengths are not Gregorian. 0 and *y *m *d, or KERR_INVAL (untouched). */
int date_split_iso(const char *s, int *y, int *m, int *d);

/* "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format_iso(const struct civil_date *dt, char out[11]);

#endif
