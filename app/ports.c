/*
 * ports.c - the engine's ports wired to the real kiosk (see ports.h): commits go to the SQLite
 * outbox and kick the sync worker, queries go to the query worker, receipts to the print
 * worker, PINs to the card worker, reference data and the offline policy come from the outbox
 * database, time from the kiosk's clock device; the kiosk's own answers ("my receipts": a
 * person's receipts in the outbox, one found by its reference) and the copies of them come
 * from the outbox through its owner gate (offline-cache/owner.c). The engine never sees any of
 * these; tests give it fakes instead (tests/unit/test_engine.c).
 */
#include "ports.h"

#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../drivers/clock.h"
#include "../offline-cache/queue.h"
#include "../offline-cache/refdata.h"
#include "backend/query.h"
#include "cardmon.h"
#include "engine/session.h"
#include "engine/valuefmt.h"
#include "../services/table.h"
#include "../text/i18n.h"
#include "hijri.h"
#include "receipt.h"
#include "kiosk.h"
#include "print.h"
#include "sync.h"
#include "txn.h"

#include <stdio.h>
#include <string.h>

static int
p_commit(void *ctx, const char *type, const char *const *payloads, int n, const char *owner,
         int64_t *seqs, char (*refs)[ENGINE_REF_MAX])
{
	struct kiosk *k = ctx;
	if (!k->queue)
		return KERR_DB;
	int rc = queue_enqueue_batch(k->queue, k->cfg.kiosk_id, type, payloads, n, owner,
	                             clock_wall_ms(&k->clock), seqs, NULL);
	if (rc < 0) {
		klog(KLOG_ERR, "txn", "could not commit %d transaction(s): %s", n, kerr_str(rc));
		return rc;
	}
	for (int i = 0; i < n; i++)
		txn_reference(k->cfg.kiosk_id, seqs[i], refs[i], ENGINE_REF_MAX);
	if (k->sync)
		sync_kick(k->sync);
	return 0;
}

/* ---- my receipts: the person's own transactions in the outbox ---------------------------- */

#define OWN_MAX 50 /* rows of "my receipts" (newest first; the list says when there are more) */

static int64_t
retention_start(struct kiosk *k)
{
	return clock_wall_ms(&k->clock) - (int64_t)k->cfg.cache_retention_days * 86400000LL;
}

static enum receipt_status
status_of(enum queue_state s)
{
	return s == QUEUE_ACKED      ? RECEIPT_SUBMITTED
	       : s == QUEUE_REJECTED ? RECEIPT_REJECTED
	                             : RECEIPT_QUEUED;
}

/* A row of the list: what the person recognises a receipt by (never its payload). */
static json_t *
own_row(struct kiosk *k, int64_t seq, const char *type, int64_t created_ms, enum queue_state st)
{
	char ref[48], when[40];
	const char *title_ar = type, *title_en = type;
	for (int i = 0; i < services_count; i++)
		if (strcmp(services_all[i]->id, type) == 0) {
			title_ar = i18n_tr(k->i18n, "ar", services_all[i]->title);
			title_en = i18n_tr(k->i18n, "en", services_all[i]->title);
		}
	txn_reference(k->cfg.kiosk_id, seq, ref, sizeof(ref));
	clock_format_oman(created_ms, when, sizeof(when));
	when[16] = '\0'; /* "YYYY-MM-DDTHH:MM" */
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)seq, "reference",
	                 ref, "type", type, "title_ar", title_ar, "title_en", title_en, "created",
	                 when, "status", receipt_status_name(status_of(st)));
}

static int
own_list(struct kiosk *k, const char *civil, char **answer)
{
	struct queue_summary rows[OWN_MAX];
	int n = 0;
	bool more = false;
	int rc = queue_list_owned(k->queue, civil, retention_start(k), rows, OWN_MAX, &n, &more);
	if (rc < 0)
		return rc;
	json_t *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, own_row(k, rows[i].seq, rows[i].type,
		                                    rows[i].created_ms, rows[i].state));
	json_t *a = json_pack("{s:o, s:b, s:i}", "receipts", list, "more", more, "retention_days",
	                      k->cfg.cache_retention_days);
	*answer = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return *answer ? 0 : KERR_NOMEM;
}

/* One receipt found by its reference: the person's own inside the retention, else why not
 * (a refusal is audited by queue_get_owned()). */
static int
own_find(struct kiosk *k, const char *civil, const char *ref, char **answer)
{
	int64_t seq;
	struct queue_item it;
	int rc = txn_reference_parse(k->cfg.kiosk_id, ref, &seq);
	if (rc < 0)
		return KERR_NOTFOUND;
	struct queue_summary rows[OWN_MAX];
	int n = 0;
	if ((rc = queue_list_owned(k->queue, civil, retention_start(k), rows, OWN_MAX, &n, NULL)))
		return rc;
	for (int i = 0; i < n; i++) {
		if (rows[i].seq != seq)
			continue;
		json_t *row = own_row(k, seq, rows[i].type, rows[i].created_ms, rows[i].state);
		*answer = row ? json_dumps(row, JSON_COMPACT) : NULL;
		json_decref(row);
		return *answer ? 0 : KERR_NOMEM;
	}
	/* not among the person's own: why (another person's, too old, none) */
	rc = queue_get_owned(k->queue, seq, civil, retention_start(k), clock_wall_ms(&k->clock),
	                     &it);
	queue_item_clear(&it);
	return rc == 0 ? KERR_EXPIRED : rc; /* own but past the newest OWN_MAX: as too old */
}

static int
p_local(void *ctx, const char *path, const char *body, char **answer)
{
	struct kiosk *k = ctx;
	json_t *req = json_loads(body, 0, NULL);
	const char *civil = json_string_value(json_object_get(req, "civil_number"));
	const char *ref = json_string_value(json_object_get(req, "reference"));
	int rc = KERR_INVAL;
	*answer = NULL;
	if (!k->queue)
		rc = KERR_DB;
	else if (civil && strcmp(path, "local:receipts") == 0)
		rc = own_list(k, civil, answer);
	else if (civil && ref && strcmp(path, "local:receipt") == 0)
		rc = own_find(k, civil, ref, answer);
	else
		klog(KLOG_ERR, "engine", "no local question %s", path);
	json_wipe_decref(req);
	return rc;
}

static int
p_copy(void *ctx, int64_t seq, const char *owner, struct engine_copy *out)
{
	struct kiosk *k = ctx;
	struct queue_item it;
	memset(out, 0, sizeof(*out));
	if (!k->queue)
		return KERR_DB;
	int rc = queue_get_owned(k->queue, seq, owner, retention_start(k), clock_wall_ms(&k->clock),
	                         &it);
	if (rc < 0)
		return rc;
	if (!it.payload) {
		queue_item_clear(&it);
		return KERR_CORRUPT;
	}
	snprintf(out->type, sizeof(out->type), "%s", it.type);
	txn_reference(it.kiosk_id, it.seq, out->reference, sizeof(out->reference));
	snprintf(out->ministry_ref, sizeof(out->ministry_ref), "%s", it.server_ref);
	out->status = (int)status_of(it.state);
	out->created_ms = it.created_ms;
	out->payload = it.payload; /* handed over */
	it.payload = NULL;
	queue_item_clear(&it);
	return 0;
}

static int
p_query(void *ctx, const struct query_request *r, uint64_t *id)
{
	struct kiosk *k = ctx;
	return k->query ? query_send(k->query, r, id) : KERR_NODEV;
}

static void
p_query_cancel(void *ctx)
{
	struct kiosk *k = ctx;
	if (k->query)
		query_cancel_all(k->query);
}

static int
p_print(void *ctx, const struct receipt *r, int64_t *job)
{
	struct kiosk *k = ctx;
	int64_t j = k->printer ? print_submit(k->printer, r) : KERR_NODEV;
	if (j < 0)
		return (int)j;
	*job = j;
	return 0;
}

static int
p_print_cancel(void *ctx, int64_t job)
{
	struct kiosk *k = ctx;
	return k->printer ? print_cancel(k->printer, job) : KERR_NODEV;
}

static int
p_verify_pin(void *ctx, const char *pin, size_t len)
{
	struct kiosk *k = ctx;
	return k->cardmon ? cardmon_verify_pin(k->cardmon, pin, len) : KERR_NODEV;
}

static int
p_card_control(void *ctx, const char *cmd)
{
	struct kiosk *k = ctx;
	return k->cardmon ? cardmon_control(k->cardmon, cmd) : KERR_NODEV;
}

static int
p_refdata(void *ctx, const char *key, char *out, size_t size)
{
	struct kiosk *k = ctx;
	return k->queue ? refdata_get(k->queue, key, out, size, NULL, 0, NULL) : KERR_NOTFOUND;
}

static int
p_offline_allowed(void *ctx, const char *type, bool dflt)
{
	struct kiosk *k = ctx;
	char why[96];
	if (!k->queue)
		return KERR_OFFLINE;
	int rc = refdata_offline_allowed(k->queue, type, dflt, clock_wall_ms(&k->clock), why,
	                                 sizeof(why));
	if (rc == KERR_OFFLINE)
		klog(KLOG_INFO, "engine", "%s refused while offline: %s", type, why);
	return rc == KERR_OFFLINE ? KERR_OFFLINE : 0;
}

static void
p_hijri(void *ctx, int64_t wall_ms, char *ar, char *en, size_t size)
{
	struct kiosk *k = ctx;
	struct civil_date day;
	struct hijri_date h;
	ar[0] = en[0] = '\0';
	date_oman(wall_ms, &day);
	if (!k->queue || hijri_for_day(k->queue, &day, &h) < 0)
		return;
	valuefmt_hijri(k->i18n, "ar", h.y, h.m, h.d, ar, size);
	valuefmt_hijri(k->i18n, "en", h.y, h.m, h.d, en, size);
}

static void
p_health(void *ctx, int card, int printer)
{
	static const enum sync_health map[] = {SYNC_HEALTH_UNKNOWN, SYNC_HEALTH_OK,
	                                       SYNC_HEALTH_FAULT};
	struct kiosk *k = ctx;
	sync_set_health(k->sync, SYNC_DEV_CARD, map[(unsigned)card % 3]);
	sync_set_health(k->sync, SYNC_DEV_PRINTER, map[(unsigned)printer % 3]);
}

static int64_t
p_wall(void *ctx)
{
	struct kiosk *k = ctx;
	return clock_wall_ms(&k->clock);
}

static int64_t
p_mono(void *ctx)
{
	struct kiosk *k = ctx;
	return clock_mono_ms(&k->clock);
}

void
ports_init(struct engine_ports *p, struct kiosk *k)
{
	memset(p, 0, sizeof(*p));
	p->ctx = k;
	p->commit = p_commit;
	p->local = p_local;
	p->copy = p_copy;
	p->query = p_query;
	p->query_cancel = p_query_cancel;
	p->print = p_print;
	p->print_cancel = p_print_cancel;
	p->verify_pin = p_verify_pin;
	p->card_control = p_card_control;
	p->refdata = p_refdata;
	p->offline_allowed = p_offline_allowed;
	p->hijri = p_hijri;
	p->health = p_health;
	p->wall_ms = p_wall;
	p->mono_ms = p_mono;
}

void
ports_engine_config(struct engine_config *ec, const struct kiosk_config *cfg)
{
	memset(ec, 0, sizeof(*ec));
	snprintf(ec->kiosk_id, sizeof(ec->kiosk_id), "%s", cfg->kiosk_id);
	snprintf(ec->location, sizeof(ec->location), "%s", cfg->location);
	snprintf(ec->language, sizeof(ec->language), "%s", cfg->language);
	snprintf(ec->verify_url, sizeof(ec->verify_url), "%s", cfg->receipt_verify_url);
	ec->idle_timeout_s = cfg->idle_timeout_s;
	ec->idle_warning_s = cfg->idle_warning_s;
	ec->ack_wait_ms = cfg->receipt_ack_wait_ms;
	ec->query_timeout_ms = cfg->query_timeout_ms;
	ec->sim_controls = strcmp(cfg->card_backend, "sim") == 0;
}
