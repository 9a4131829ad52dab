/*
 * hijri.c - the Hijri date of an Oman day from the backend's "hijri_dates" table (see hijri.h):
 * the table is read from the reference data, every entry checked, then the day looked up.
 * Nothing here computes a Hijri date. Start at hijri_for_day().
 */
#include "hijri.h"

#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../offline-cache/refdata.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#define HIJRI_KEY "hijri_dates"

/* Whether the malformed table has been logged: the one mutable static here, so that a table
 * asked for at every receipt is reported once; a good table resets it. */
static atomic_bool warned;

/* "YYYY-MM-DD" of a Hijri date: year 1..9999, month 1..12, day 1..30. */
static int
hijri_parse(const char *s, struct hijri_date *out)
{
	int y, m, d;
	if (date_split_iso(s, &y, &m, &d) < 0 || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > 30)
		return KERR_INVAL;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

/* An object whose every key is a real Gregorian day and every value a Hijri date. */
static bool
table_ok(json_t *t)
{
	const char *key;
	json_t *v;
	struct civil_date g;
	struct hijri_date h;
	if (!json_is_object(t))
		return false;
	json_object_foreach(t, key, v)
	{
		if (date_parse_iso(key, &g) < 0 || !json_is_string(v) ||
		    hijri_parse(json_string_value(v), &h) < 0)
			return false;
	}
	return true;
}

int
hijri_for_day(struct queue *q, const struct civil_date *oman_day, struct hijri_date *out)
{
	char day[11];
	json_t *t = NULL;
	if (!q)
		return KERR_NOTFOUND; /* no outbox database, no reference data */
	char *text = xmalloc(REFDATA_VALUE_MAX + 1);
	int rc = refdata_get(q, HIJRI_KEY, text, REFDATA_VALUE_MAX + 1, NULL, 0, NULL);
	if (rc < 0)
		goto out_free; /* KERR_NOTFOUND: the backend never sent one */
	t = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!table_ok(t)) {
		if (!atomic_exchange(&warned, true))
			klog(KLOG_WARN, "hijri",
			     "reference data %s malformed: no Hijri date is printed until the "
			     "backend "
			     "sends a good table",
			     HIJRI_KEY);
		rc = KERR_NOTFOUND;
		goto out_free;
	}
	atomic_store(&warned, false);
	date_format_iso(oman_day, day);
	json_t *v = json_object_get(t, day);
	rc = v ? hijri_parse(json_string_value(v), out) : KERR_NOTFOUND; /* absent: stale */
out_free:
	json_decref(t);
	free(text);
	return rc;
}
