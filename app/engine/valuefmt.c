/*
 * valuefmt.c - values written for people (see valuefmt.h): one place for screen and paper.
 * Numbers get the language's digits from text/i18n.h (i18n_fmt() for dates, amounts and counts,
 * i18n_digits() for the rest), and codes are marked with I18N_CODE so they keep theirs: the
 * paper, which formats these values again inside its lines, then shows the same digits.
 */
#include "valuefmt.h"

#include "../../common/date.h"
#include "../../services/svc.h"
#include "../../text/i18n.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define VALUE_MAX 384

static void
put(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

const char *
valuefmt_code(const char *s, char *out, size_t size)
{
	snprintf(out, size, "%s%s", s && s[0] && strncmp(s, I18N_CODE, 3) ? I18N_CODE : "",
	         s ? s : "");
	return out;
}

void
valuefmt_date(const struct i18n *i18n, const char *lang, const char *iso, char *out, size_t size)
{
	struct civil_date d;
	if (date_parse_iso(iso, &d) < 0) {
		put(out, size, iso);
		return;
	}
	char day[8], year[8], mkey[16];
	snprintf(day, sizeof(day), "%d", d.d);
	snprintf(year, sizeof(year), "%d", d.y);
	snprintf(mkey, sizeof(mkey), "month.%d", d.m);
	struct i18n_arg args[] = {
	        {"day", day}, {"month", i18n_tr(i18n, lang, mkey)}, {"year", year}};
	i18n_fmt(i18n, lang, "date.long", args, 3, out, size);
}

void
valuefmt_hijri(const struct i18n *i18n, const char *lang, int y, int m, int d, char *out,
               size_t size)
{
	char day[8], year[8], mkey[24];
	if (m < 1 || m > 12 || d < 1 || d > 30 || y < 1 || y > 9999) {
		put(out, size, "");
		return;
	}
	snprintf(day, sizeof(day), "%d", d);
	snprintf(year, sizeof(year), "%d", y);
	snprintf(mkey, sizeof(mkey), "hijri.month.%d", m);
	struct i18n_arg args[] = {
	        {"day", day}, {"month", i18n_tr(i18n, lang, mkey)}, {"year", year}};
	i18n_fmt(i18n, lang, "date.hijri", args, 3, out, size);
}

void
valuefmt_amount(const struct i18n *i18n, const char *lang, int64_t baisa, char *out, size_t size)
{
	char num[32];
	const char *sign = baisa < 0 ? "-" : "";
	uint64_t v = baisa < 0 ? (uint64_t)0 - (uint64_t)baisa : (uint64_t)baisa;
	snprintf(num, sizeof(num), "%s%" PRIu64 ".%03" PRIu64, sign, v / 1000, v % 1000);
	struct i18n_arg args[] = {{"amount", num}};
	i18n_fmt(i18n, lang, "common.amount", args, 1, out, size);
}

void
valuefmt_datetime(const struct i18n *i18n, const char *lang, const char *iso, char *out,
                  size_t size)
{
	char day[11], date[VALUE_MAX];
	int hh, mm;
	if (strlen(iso) != 16 || iso[10] != 'T' || sscanf(iso + 11, "%2d:%2d", &hh, &mm) != 2 ||
	    hh < 0 || hh > 23 || mm < 0 || mm > 59) {
		put(out, size, iso);
		return;
	}
	memcpy(day, iso, 10);
	day[10] = '\0';
	valuefmt_date(i18n, lang, day, date, sizeof(date));
	char time[8];
	snprintf(time, sizeof(time), "%02d:%02d", hh, mm);
	struct i18n_arg args[] = {{"date", date}, {"time", time}};
	i18n_fmt(i18n, lang, "date.time", args, 2, out, size);
}

/* The day the root counts from: its "today", else the day of its "created". */
static int
root_today(const json_t *root, struct civil_date *d)
{
	const char *t = json_string_value(svc_get(root, "today"));
	char day[11];
	if (!t) {
		t = json_string_value(svc_get(root, "created"));
		if (!t || strlen(t) < 10)
			return -1;
		memcpy(day, t, 10);
		day[10] = '\0';
		t = day;
	}
	return date_parse_iso(t, d);
}

static void
days_left(const struct i18n *i18n, const char *lang, const json_t *root, const char *iso,
          const char *key, char *out, size_t size)
{
	struct civil_date to, today;
	char k[128];
	if (!key || date_parse_iso(iso, &to) < 0 || root_today(root, &today) < 0)
		return;
	long n = (long)(date_to_days(&to) - date_to_days(&today));
	if (n > 0) {
		i18n_nfmt(i18n, lang, key, n, NULL, 0, out, size);
		return;
	}
	char date[VALUE_MAX];
	valuefmt_date(i18n, lang, iso, date, sizeof(date));
	struct i18n_arg args[] = {{"date", date}};
	snprintf(k, sizeof(k), "%s.%s", key, n == 0 ? "today" : "passed");
	i18n_fmt(i18n, lang, k, args, 1, out, size);
}

void
valuefmt(const struct i18n *i18n, const char *lang, const json_t *root, const struct svc_value *v,
         char *out, size_t size)
{
	char path[160];
	const json_t *j;
	out[0] = '\0';
	if (v->fmt == SVC_FMT_LANG) {
		bool ar = strcmp(lang, "ar") == 0;
		snprintf(path, sizeof(path), "%s_%s", v->path, ar ? "ar" : "en");
		j = svc_get(root, path);
		if (!json_string_length(j)) { /* the other language rather than nothing */
			snprintf(path, sizeof(path), "%s_%s", v->path, ar ? "en" : "ar");
			j = svc_get(root, path);
		}
	} else {
		j = svc_get(root, v->path);
	}
	if (!j || json_is_null(j))
		return;
	const char *s = json_string_value(j);
	switch (v->fmt) {
	case SVC_FMT_TEXT:
		/* a string is a code (a permit, licence or CR number, an ISCO code: the answer
		 * schemas), kept as the backend wrote it; an integer is a number for people */
		if (s)
			valuefmt_code(s, out, size);
		else if (json_is_integer(j))
			snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case SVC_FMT_LANG:
		if (s)
			put(out, size, s);
		else if (json_is_integer(j))
			snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case SVC_FMT_DATE:
		if (s)
			valuefmt_date(i18n, lang, s, out, size);
		break;
	case SVC_FMT_AMOUNT:
		if (json_is_integer(j))
			valuefmt_amount(i18n, lang, json_integer_value(j), out, size);
		break;
	case SVC_FMT_MASKED:
		/* LRM first: the stars are neutral, and FriBidi 1.0.8 (Debian 12) sets them after
		 * the digits inside Arabic when an isolated label comes before the value
		 * ("5678****"); with a strong left-to-right mark first they stay where they are
		 * typed */
		if (s) {
			size_t n = strlen(s);
			snprintf(out, size, I18N_CODE "****%s", n >= 4 ? s + n - 4 : "");
		}
		break;
	case SVC_FMT_ENUM:
		if (s && v->key) {
			char key[128];
			snprintf(key, sizeof(key), "%s.%s", v->key, s);
			put(out, size, i18n_tr(i18n, lang, key));
		}
		break;
	case SVC_FMT_COUNT:
		if (json_is_integer(j) && v->key)
			i18n_nfmt(i18n, lang, v->key, (long)json_integer_value(j), NULL, 0, out,
			          size);
		break;
	case SVC_FMT_DATETIME:
		if (s)
			valuefmt_datetime(i18n, lang, s, out, size);
		break;
	case SVC_FMT_DAYS_LEFT:
		if (s)
			days_left(i18n, lang, root, s, v->key, out, size);
		break;
	case SVC_FMT_PERCENT:
		if (json_is_integer(j)) {
			char n[24];
			snprintf(n, sizeof(n), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
			struct i18n_arg args[] = {{"n", n}};
			i18n_fmt(i18n, lang, "common.percent", args, 1, out, size);
		}
		break;
	}
	/* the language's digits for what was not formatted by i18n_fmt() (an integer, a name or
	 * a catalogue text with digits); a no-op on what was, and on codes */
	char plain[VALUE_MAX];
	snprintf(plain, sizeof(plain), "%s", out);
	i18n_digits(i18n, lang, plain, out, size);
}

void
valuefmt_text(const struct i18n *i18n, const char *lang, const json_t *root,
              const struct svc_text *t, char *out, size_t size)
{
	char vals[8][VALUE_MAX];
	struct i18n_arg args[8];
	int n = t->nargs < 8 ? t->nargs : 8;
	out[0] = '\0';
	if (!t->key)
		return;
	for (int i = 0; i < n; i++) {
		valuefmt(i18n, lang, root, &t->args[i].v, vals[i], sizeof(vals[i]));
		args[i].name = t->args[i].name;
		args[i].value = vals[i];
	}
	i18n_fmt(i18n, lang, t->key, args, n, out, size);
}
