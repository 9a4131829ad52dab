/*
 * date.c - civil dates (see date.h): validity, days <-> y/m/d (Howard Hinnant's algorithms,
 * exact for the whole proleptic Gregorian calendar), the Oman day of an instant, ISO text (also the
 * bare YYYY-MM-DD shape, for Hijri dates).
 */
#include "date.h"

#include "kerr.h"

#include <stdio.h>

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int64_t
date_to_days(const struct civil_date *dt)
{
	int64_t y = dt->y - (dt->m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = dt->m > 2 ? dt->m - 3 : dt->m + 9;
	int64_t doy = (153 * mp + 2) / 5 + dt->d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_from_days(int64_t z, struct civil_date *out)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(yoe + era * 400 + (out->m <= 2));
}

/* Floor division of the Oman-shifted seconds into days and the rest. */
static void
oman_split(int64_t wall_ms, int64_t *days, int *secs)
{
	int64_t s = wall_ms / 1000 - (wall_ms % 1000 < 0) + DATE_OMAN_OFFSET_S;
	int64_t dd = s / 86400, rem = s % 86400;
	if (rem < 0) {
		rem += 86400;
		dd--;
	}
	*days = dd;
	*secs = (int)rem;
}

void
date_oman(int64_t wall_ms, struct civil_date *out)
{
	int64_t days;
	int secs;
	oman_split(wall_ms, &days, &secs);
	date_from_days(days, out);
}

int
date_oman_seconds(int64_t wall_ms)
{
	int64_t days;
	int secs;
	oman_split(wall_ms, &days, &secs);
	return secs;
}

int
date_cmp(const struct civil_date *a, const struct civil_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* n digits of s as a number, or -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_split_iso(const char *s, int *y, int *m, int *d)
{
	if (!s)
		return KERR_INVAL;
	for (int i = 0; i < 10; i++)
		if (!s[i])
			return KERR_INVAL;
	if (s[4] != '-' || s[7] != '-' || s[10] != '\0')
		return KERR_INVAL;
	int yy = digits(s, 4), mm = digits(s + 5, 2), dd = digits(s + 8, 2);
	if (yy < 0 || mm < 0 || dd < 0)
		return KERR_INVAL;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int
date_parse_iso(const char *s, struct civil_date *out)
{
	int y, m, d;
	if (date_split_iso(s, &y, &m, &d) < 0 || !date_valid(y, m, d))
		return KERR_INVAL;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

void
date_format_iso(const struct civil_date *dt, char out[11])
{
	int y = dt->y < 0 ? 0 : dt->y > 9999 ? 9999 : dt->y;
	int m = dt->m < 0 ? 0 : dt->m > 99 ? 99 : dt->m;
	int d = dt->d < 0 ? 0 : dt->d > 99 ? 99 : dt->d;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}
