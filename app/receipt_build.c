/*
 * receipt_build.c - a receipt from a committed payload (see receipt_build.h): the service's
 * template picks the lines, valuefmt writes the values in Arabic and in English, the facts add
 * what only the outbox knows (references, the acknowledgement, a copy's time). Start at
 * receipt_build().
 */
#include "receipt_build.h"

#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../services/svc.h"
#include "../text/i18n.h"
#include "engine/session.h"
#include "engine/valuefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "YYYY-MM-DDTHH:MM:SS+04:00" (clock_format_oman) back to wall ms; KERR_INVAL otherwise. */
static int
parse_created(const char *s, int64_t *out)
{
	char day[11];
	struct civil_date d;
	int hh, mm, ss;
	if (!s || strlen(s) != 25 || s[10] != 'T' || strcmp(s + 19, "+04:00") != 0)
		return KERR_INVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &d) < 0 || sscanf(s + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3 ||
	    hh > 23 || mm > 59 || ss > 59 || hh < 0 || mm < 0 || ss < 0)
		return KERR_INVAL;
	int64_t secs = date_to_days(&d) * 86400 + hh * 3600 + mm * 60 + ss - DATE_OMAN_OFFSET_S;
	*out = secs * 1000;
	return 0;
}

static void
both(const struct i18n *i18n, const char *key, struct receipt_pair *out)
{
	snprintf(out->ar, sizeof(out->ar), "%s", key ? i18n_tr(i18n, "ar", key) : "");
	snprintf(out->en, sizeof(out->en), "%s", key ? i18n_tr(i18n, "en", key) : "");
}

const char *
receipt_text_key(const struct i18n *i18n, const char *base, enum receipt_status st,
                 const char *service_id, char *key, size_t size)
{
	char id[64];
	snprintf(id, sizeof(id), "%s", service_id ? service_id : "");
	for (char *c = id; *c; c++)
		if (*c == '-')
			*c = '_';
	snprintf(key, size, "%s.%s.%s", base, receipt_status_name(st), id);
	if (id[0] && i18n_lookup(i18n_catalog_of(i18n, "en"), key))
		return key;
	snprintf(key, size, "%s.%s", base, receipt_status_name(st));
	return key;
}

/* The labelled values of lines[0..n) from the payload p; one that p does not have is left out,
 * or says its `missing` text. */
static void
add_lines(const struct i18n *i18n, const json_t *p, const struct svc_line *lines, int n,
          struct receipt *out)
{
	for (int i = 0; i < n && out->nlines < RECEIPT_LINES_MAX; i++) {
		struct receipt_line *l = &out->lines[out->nlines];
		valuefmt(i18n, "ar", p, &lines[i].v, l->value.ar, sizeof(l->value.ar));
		valuefmt(i18n, "en", p, &lines[i].v, l->value.en, sizeof(l->value.en));
		if (!l->value.ar[0] && !l->value.en[0] && lines[i].missing)
			both(i18n, lines[i].missing, &l->value);
		if (!l->value.ar[0] && !l->value.en[0])
			continue; /* an optional value the transaction did not have */
		both(i18n, lines[i].label, &l->label);
		out->nlines++;
	}
}

int
receipt_build(const struct i18n *i18n, const struct svc_def *def, const char *payload,
              const struct receipt_facts *f, struct receipt *out)
{
	json_error_t jerr;
	int rc = KERR_INVAL;
	memset(out, 0, sizeof(*out));
	if (!def || !def->receipt || !payload || !f)
		return KERR_INVAL;
	json_t *p = json_loads(payload, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(p) || !json_is_array(json_object_get(p, "party")) ||
	    parse_created(json_string_value(json_object_get(p, "created")), &out->when_ms) < 0) {
		klog(KLOG_ERR, "receipt", "payload of a %s transaction is not one a commit made",
		     def->id);
		goto out;
	}
	const struct svc_receipt *t = def->receipt;
	snprintf(out->kiosk_id, sizeof(out->kiosk_id), "%s", f->kiosk_id ? f->kiosk_id : "");
	snprintf(out->location, sizeof(out->location), "%s", f->location ? f->location : "");
	snprintf(out->reference, sizeof(out->reference), "%s", f->reference ? f->reference : "");
	snprintf(out->ministry_ref, sizeof(out->ministry_ref), "%s",
	         f->ministry_ref ? f->ministry_ref : "");
	snprintf(out->type, sizeof(out->type), "%s", def->id);
	snprintf(out->hijri.ar, sizeof(out->hijri.ar), "%s", f->hijri_ar ? f->hijri_ar : "");
	snprintf(out->hijri.en, sizeof(out->hijri.en), "%s", f->hijri_en ? f->hijri_en : "");
	snprintf(out->pay_url, sizeof(out->pay_url), "%s", f->pay_url ? f->pay_url : "");
	out->status = f->status;
	out->copy = f->copy;
	out->copy_ms = f->copy_ms;
	both(i18n, t->title, &out->title);
	char nkey[128];
	both(i18n,
	     t->next ? t->next
	             : receipt_text_key(i18n, "receipt.next", f->status, def->id, nkey,
	                                sizeof(nkey)),
	     &out->next);
	add_lines(i18n, p, t->lines, t->nlines, out);
	if (t->rows) {
		size_t k;
		json_t *item;
		json_array_foreach(svc_get(p, t->rows->items), k, item)
		{
			if (out->nlines >= RECEIPT_LINES_MAX - t->nafter)
				break; /* the totals after the rows are always printed */
			struct receipt_line *l = &out->lines[out->nlines++];
			valuefmt(i18n, "ar", item, &t->rows->primary, l->label.ar,
			         sizeof(l->label.ar));
			valuefmt(i18n, "en", item, &t->rows->primary, l->label.en,
			         sizeof(l->label.en));
			valuefmt_text(i18n, "ar", item, &t->rows->secondary, l->value.ar,
			              sizeof(l->value.ar));
			valuefmt_text(i18n, "en", item, &t->rows->secondary, l->value.en,
			              sizeof(l->value.en));
		}
	}
	add_lines(i18n, p, t->after, t->nafter, out);
	size_t k;
	json_t *fee;
	json_array_foreach(json_object_get(p, "fees"), k, fee)
	{
		if (out->nitems >= RECEIPT_ITEMS_MAX)
			break;
		const char *label = json_string_value(json_object_get(fee, "label"));
		json_t *amount = json_object_get(fee, "amount_baisa");
		if (!label || !json_is_integer(amount))
			continue;
		struct receipt_item *it = &out->items[out->nitems++];
		both(i18n, label, &it->label);
		it->amount_baisa = json_integer_value(amount);
	}
	rc = 0;
out:
	json_wipe_decref(p);
	return rc;
}

void
receipt_build_slip(const struct i18n *i18n, const char *title, const struct slip_line *lines,
                   int nlines, const char *next, const char *kiosk_id, const char *location,
                   int64_t when_ms, struct receipt *out)
{
	memset(out, 0, sizeof(*out));
	out->slip = true;
	out->when_ms = when_ms;
	snprintf(out->kiosk_id, sizeof(out->kiosk_id), "%s", kiosk_id ? kiosk_id : "");
	snprintf(out->location, sizeof(out->location), "%s", location ? location : "");
	both(i18n, title, &out->title);
	for (int i = 0; i < nlines && out->nlines < RECEIPT_LINES_MAX; i++) {
		both(i18n, lines[i].label, &out->lines[out->nlines].label);
		both(i18n, lines[i].value, &out->lines[out->nlines].value);
		out->nlines++;
	}
	if (next)
		both(i18n, next, &out->next);
}
