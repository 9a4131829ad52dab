/*
 * payload.c - the one generic commit: the running service's part of the bag as the JSON text
 * that goes to the outbox (and, from there, to the backend and onto the receipt).
 *
 *   {"service": id, "created": "YYYY-MM-DDTHH:MM:SS+04:00", "lang": "ar",
 *    "kiosk_location": ..., "party": [{civil_number, name_ar, name_en, nationality,
 *    card_serial, roles}, ...], "establishment": {...}, "form": {...}, <svc_def.commit keys>,
 *    "fees": [{"label": key, "amount_baisa": n}], "total_baisa": n}
 * and, for one request of a COMMIT with `each`, <each_as>: the item, "batch": {id, index, count}.
 *
 * Only parties whose PIN was verified are committed; the receipt's lines are paths into this.
 */
#include "../../common/klog.h"
#include "../../drivers/clock.h"
#include "engine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fee item's amount in baisa: the reference data's fees[refdata], or an integer in the bag. */
static json_int_t
fee_amount(struct engine *e, const struct svc_fee *f)
{
	if (f->refdata && e->p.refdata) {
		char text[4096];
		if (e->p.refdata(e->p.ctx, "fees", text, sizeof(text)) == 0) {
			json_t *fees = json_loads(text, 0, NULL);
			json_t *v = json_object_get(fees, f->refdata);
			json_int_t n = json_is_integer(v) ? json_integer_value(v) : -1;
			json_decref(fees);
			if (n >= 0)
				return n;
		}
		klog(KLOG_WARN, "engine", "no fee '%s' in the reference data: 0 charged",
		     f->refdata);
		return 0;
	}
	const json_t *v = f->path ? session_get(&e->s, f->path) : NULL;
	return json_is_integer(v) && json_integer_value(v) >= 0 ? json_integer_value(v) : 0;
}

/* The bag's value at key (a path: "licences.totals") into dst at the same path. */
static void
copy_key(json_t *dst, const struct session *s, const char *key)
{
	const json_t *v = session_get(s, key);
	char part[64];
	if (!v)
		return;
	for (const char *dot; (dot = strchr(key, '.'));) {
		size_t n = (size_t)(dot - key);
		if (n >= sizeof(part))
			return;
		memcpy(part, key, n);
		part[n] = '\0';
		json_t *next = json_object_get(dst, part);
		if (!json_is_object(next)) {
			next = json_object();
			json_object_set_new(dst, part, next);
		}
		dst = next;
		key = dot + 1;
	}
	json_object_set_new(dst, key, json_deep_copy(v));
}

char *
payload_build(struct engine *e)
{
	const struct svc_def *def = e->svc;
	char created[40];
	clock_format_oman(eng_wall(e), created, sizeof(created));
	json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "service", def->id, "created", created,
	                      "lang", e->lang, "kiosk_location", e->cfg.location);
	if (!p)
		return NULL;
	json_t *parties = json_array();
	const json_t *bag_parties = session_get(&e->s, "party");
	for (int i = 0; i < e->s.nparties; i++)
		if (e->s.party[i].pin_ok)
			json_array_append_new(
			        parties, json_deep_copy(json_array_get(bag_parties, (size_t)i)));
	json_object_set_new(p, "party", parties);
	copy_key(p, &e->s, "establishment");
	copy_key(p, &e->s, "form");
	for (const char *const *k = def->commit; k && *k; k++)
		copy_key(p, &e->s, *k);
	const struct svc_step *st = step_cur(e);
	if (st && st->each_as) { /* one request of a batch: its item and its place */
		copy_key(p, &e->s, st->each_as);
		copy_key(p, &e->s, "batch");
	}
	json_t *fees = json_array();
	json_int_t total = 0;
	for (int i = 0; i < def->nfees; i++) {
		json_int_t n = fee_amount(e, &def->fees[i]);
		total += n;
		json_array_append_new(fees, json_pack("{s:s, s:I}", "label", def->fees[i].label,
		                                      "amount_baisa", n));
	}
	json_object_set_new(p, "fees", fees);
	json_object_set_new(p, "total_baisa", json_integer(total));
	char *text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_wipe_decref(p);
	return text;
}
