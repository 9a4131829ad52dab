/*
 * steps.c - the step runner: runs the steps of the service in progress (services/svc.h) one
 * after the other. step_enter() starts a step (a query is sent, a commit made, a print queued;
 * the others show their screen); the person's actions, the backend's answers, the card worker's
 * notes and the printer's results move it on. Back goes to the last screen the person saw
 * (queries are not screens); cancel returns to the home screen and drops what the service
 * collected; after the commit neither undoes anything.
 *
 * Start at step_enter(). The rules: the commit is durable before anything about it is shown or
 * printed (do_commit() -> ports.commit); a service commits at most once; the receipt is built from
 * the committed payload (do_print()); the status printed is the status shown.
 */
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/utf8.h"
#include "../../common/xalloc.h"
#include "../../services/schema.h"
#include "../../text/textedit.h"
#include "../backend/query.h"
#include "../cardmon.h"
#include "../print.h"
#include "../receipt_build.h"
#include "../sync.h"
#include "engine_internal.h"
#include "signin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct svc_step *
step_cur(const struct engine *e)
{
	return e->svc && e->step >= 0 && e->step < e->svc->nsteps ? &e->svc->steps[e->step] : NULL;
}

static void
fail(struct engine *e, const char *key, bool retry)
{
	e->phase = PH_ERROR;
	e->err_key = key;
	e->err_retry = retry;
}

/* A bag value that counts as there: not absent, not null, not an empty array or string. */
static bool
has_value(const struct engine *e, const char *path)
{
	const json_t *v = session_get(&e->s, path);
	if (!v || json_is_null(v))
		return false;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return true;
}

bool
step_link_shown(const struct engine *e, const struct svc_step *st)
{
	return st->link && (!st->link->when || has_value(e, st->link->when));
}

static int
step_index(const struct engine *e, const char *id)
{
	for (int i = 0; id && i < e->svc->nsteps; i++)
		if (strcmp(e->svc->steps[i].id, id) == 0)
			return i;
	return -1;
}

static void
hist_push(struct engine *e, int i)
{
	if (e->nhist > 0 && e->hist[e->nhist - 1] == i)
		return;
	if (e->nhist < ENG_HIST_MAX)
		e->hist[e->nhist++] = i;
}

/* ---- leaving ----------------------------------------------------------------------------------
 */

void
step_leave_service(struct engine *e)
{
	const struct svc_def *def = e->svc;
	if (def) {
		for (int i = 0; i < def->nsteps; i++) {
			const struct svc_step *st = &def->steps[i];
			if (st->query && st->query->save_as)
				session_del(&e->s, st->query->save_as);
			if (st->list && st->list->save_as)
				session_del(&e->s, st->list->save_as);
			if (st->list && st->list->refdata)
				session_del(&e->s, st->list->items);
		}
	}
	session_del(&e->s, "form");
	session_del(&e->s, "signin2");
	session_del(&e->s, "today");
	if (e->s.nparties > 1)
		session_drop_party(&e->s);
	if (e->job > 0 && !e->printed && e->p.print_cancel)
		e->p.print_cancel(e->p.ctx, e->job);
	if (e->query_id && e->p.query_cancel)
		e->p.query_cancel(e->p.ctx);
	if (e->payload) {
		xwipe(e->payload, strlen(e->payload));
		free(e->payload);
		e->payload = NULL;
	}
	xwipe(e->edit, sizeof(e->edit));
	e->query_id = 0;
	e->step = e->nhist = e->field = 0;
	e->phase = PH_SHOW;
	e->committed = e->acked = e->rejected = e->printed = e->past_p2 = false;
	e->return_to_check = false;
	e->seq = e->job = e->ack_deadline = 0;
	e->qpage = e->qpage_want = 0;
	e->ref[0] = e->ministry_ref[0] = '\0';
	e->err_key = e->notice_key = NULL;
	e->pin_party = 0;
	e->pin_pending = false;
	eng_go_home(e);
}

/* ---- forms ------------------------------------------------------------------------------------
 */

static const struct svc_field *
cur_field(const struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	return st && st->kind == SVC_STEP_FORM && e->field < st->nfields ? &st->fields[e->field]
	                                                                 : NULL;
}

/* The edit buffer gets the field's stored value (or nothing). */
static void
load_edit(struct engine *e)
{
	const struct svc_field *f = cur_field(e);
	char path[96];
	xwipe(e->edit, sizeof(e->edit));
	if (!f)
		return;
	snprintf(path, sizeof(path), "form.%s", f->key);
	const char *v = session_str(&e->s, path);
	if (v)
		snprintf(e->edit, sizeof(e->edit), "%s", v);
}

static size_t
chars(const char *s)
{
	return utf8_count(s);
}

static bool
all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' '))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1];
}

/* NULL when text is a valid value of f, else the message key of the rule it breaks. */
static const char *
field_problem(struct engine *e, const struct svc_field *f, const char *text)
{
	size_t n = chars(text);
	snprintf(e->notice_args.a, sizeof(e->notice_args.a), "%d", f->min_len);
	snprintf(e->notice_args.b, sizeof(e->notice_args.b), "%d", f->max_len);
	if (n == 0 && f->min_len > 0)
		return "form.err.empty";
	if (n == 0)
		return NULL;
	if ((int)n < f->min_len)
		return "form.err.short";
	if (f->max_len > 0 && (int)n > f->max_len)
		return "form.err.long";
	switch (f->type) {
	case SVC_VAL_DIGITS:
		return all_digits(text) ? NULL : "form.err.digits";
	case SVC_VAL_PHONE:
		return all_digits(text) && strlen(text) == 8 && (text[0] == '7' || text[0] == '9')
		               ? NULL
		               : "form.err.phone";
	case SVC_VAL_EMAIL:
		return email_ok(text) ? NULL : "form.err.email";
	case SVC_VAL_TEXT:
		for (const char *p = text; *p; p++)
			if ((unsigned char)*p < 0x20)
				return "form.err.text";
		return NULL;
	}
	return NULL;
}

static void advance(struct engine *e);

static void
form_next(struct engine *e)
{
	const struct svc_field *f = cur_field(e);
	const struct svc_step *st = step_cur(e);
	char value[ENG_EDIT_MAX];
	if (!f)
		return;
	if (f->type == SVC_VAL_DIGITS || f->type == SVC_VAL_PHONE) {
		if (textedit_ascii_digits(e->edit, value, sizeof(value)) < 0)
			value[0] = '\0';
	} else {
		snprintf(value, sizeof(value), "%s", e->edit);
	}
	/* leading and trailing blanks are not part of an answer */
	char *v = value;
	while (*v == ' ')
		v++;
	for (size_t n = strlen(v); n > 0 && v[n - 1] == ' '; n--)
		v[n - 1] = '\0';
	const char *why = field_problem(e, f, v);
	if (why) {
		e->notice_key = why;
		xwipe(value, sizeof(value));
		return;
	}
	e->notice_key = NULL;
	json_t *form = (json_t *)session_get(&e->s, "form");
	if (!form) {
		session_put(&e->s, "form", json_object());
		form = (json_t *)session_get(&e->s, "form");
	}
	json_t *old = json_object_get(form, f->key);
	if (old)
		json_wipe(old);
	json_object_set_new(form, f->key, json_string(v));
	xwipe(value, sizeof(value));
	if (e->field + 1 < st->nfields) {
		e->field++;
		load_edit(e);
		return;
	}
	advance(e);
}

static void
form_key(struct engine *e, int key)
{
	const struct svc_field *f = cur_field(e);
	if (!f || e->phase != PH_SHOW)
		return;
	if (key == UI_KEY_ENTER) {
		form_next(e);
		return;
	}
	if (key == UI_KEY_BACKSPACE) {
		textedit_backspace(e->edit);
	} else if (key >= 0) {
		if (f->max_len > 0 && (int)chars(e->edit) >= f->max_len) {
			e->notice_key = "form.err.long";
			snprintf(e->notice_args.b, sizeof(e->notice_args.b), "%d", f->max_len);
			return;
		}
		if (textedit_append(e->edit, sizeof(e->edit), (uint32_t)key) < 0)
			return;
	}
	e->notice_key = NULL;
}

/* ---- queries ------------------------------------------------------------------------------- */

static void answer_ok(struct engine *e, const struct svc_query *q, json_t *answer);

/* A question the kiosk answers itself (the outbox): at once, offline too. text is the body,
 * wiped and freed here. */
static void
local_query(struct engine *e, const struct svc_query *q, char *text)
{
	char *answer = NULL, why[160] = "";
	json_t *j = NULL;
	int rc = text && e->p.local ? e->p.local(e->p.ctx, q->path, text, &answer) : KERR_NOTSUP;
	if (text) {
		xwipe(text, strlen(text));
		free(text);
	}
	if (rc == 0 && schema_parse(q->answer, answer, strlen(answer), &j, why, sizeof(why)) < 0) {
		klog(KLOG_ERR, "engine", "local %s: the answer does not read: %s", q->path, why);
		rc = KERR_PROTO;
	}
	if (answer) {
		xwipe(answer, strlen(answer));
		free(answer);
	}
	if (rc < 0) {
		klog(KLOG_INFO, "engine", "local %s: %s", q->path, kerr_name(rc));
		fail(e,
		     rc == KERR_NOTFOUND ? (q->not_found ? q->not_found : "query.err.not_found")
		     : rc == KERR_DENIED && q->denied   ? q->denied
		     : rc == KERR_EXPIRED && q->expired ? q->expired
		                                        : "query.err.local",
		     false);
		return;
	}
	answer_ok(e, q, j);
}

static void
send_query(struct engine *e)
{
	const struct svc_query *q = step_cur(e)->query;
	json_t *body = json_object();
	for (int i = 0; i < q->nargs; i++) {
		const char *v = session_str(&e->s, q->args[i].path);
		if (!v) {
			klog(KLOG_ERR, "engine", "service %s: query %s has no value for '%s'",
			     e->svc->id, q->path, q->args[i].name);
			json_wipe_decref(body);
			fail(e, "query.err.unreadable", false);
			return;
		}
		json_object_set_new(body, q->args[i].name, json_string(v));
	}
	if (q->page_size > 0) {
		json_object_set_new(body, "page", json_integer(e->qpage_want));
		json_object_set_new(body, "per_page", json_integer(q->page_size));
	}
	char *text = json_dumps(body, JSON_COMPACT);
	json_wipe_decref(body);
	if (q->local) {
		local_query(e, q, text);
		return;
	}
	struct query_request r = {.method = "POST",
	                          .path = q->path,
	                          .body = text,
	                          .timeout_ms = e->cfg.query_timeout_ms};
	int rc = text && e->p.query ? e->p.query(e->p.ctx, &r, &e->query_id) : KERR_NODEV;
	if (text) {
		xwipe(text, strlen(text));
		free(text);
	}
	if (rc < 0) {
		e->query_id = 0;
		klog(KLOG_WARN, "engine", "query %s not sent: %s", q->path, kerr_str(rc));
		fail(e, "query.err.offline", true);
		return;
	}
	e->phase = PH_WAIT;
	e->query_deadline = eng_mono(e) + e->cfg.query_timeout_ms + ENG_QUERY_GRACE_MS;
}

/* What the person is told about a query that did not give a usable answer. */
static void
query_failed(struct engine *e, const struct query_answer *a, const char *not_found)
{
	if (a->rc != 0) {
		if (a->rc != KERR_TOOBIG && a->rc != KERR_PROTO)
			e->online = false;
		fail(e,
		     a->rc == KERR_TIMEOUT                         ? "query.err.timeout"
		     : a->rc == KERR_TLS                           ? "query.err.tls"
		     : a->rc == KERR_TOOBIG || a->rc == KERR_PROTO ? "query.err.unreadable"
		                                                   : "query.err.offline",
		     a->rc != KERR_TLS);
	} else if (a->status == 404) {
		fail(e, not_found ? not_found : "query.err.not_found", false);
	} else if (a->status == 403) {
		fail(e, "query.err.forbidden", false);
	} else if (a->status >= 500) {
		fail(e, "query.err.unavailable", true);
	} else if (a->status == 200) {
		fail(e, "query.err.unreadable", true);
	} else {
		fail(e, "query.err.refused", false);
	}
}

static void p2_signin_answer(struct engine *e, const struct query_answer *a);

/* A checked answer goes into the bag; the service walks on. */
static void
answer_ok(struct engine *e, const struct svc_query *q, json_t *answer)
{
	e->online = e->online || !q->local;
	if (q->page_size > 0)
		e->qpage = e->qpage_want;
	session_put(&e->s, q->save_as, answer);
	advance(e);
}

void
step_answer(struct engine *e, const struct query_answer *a)
{
	const struct svc_step *st = step_cur(e);
	if (!st)
		return;
	if (e->phase == PH_P2_SIGNIN) {
		p2_signin_answer(e, a);
		return;
	}
	if (st->kind != SVC_STEP_QUERY || e->phase != PH_WAIT)
		return;
	const struct svc_query *q = st->query;
	klog(KLOG_INFO, "engine", "query %s: %s, HTTP %ld in %lld ms", q->path,
	     a->rc ? kerr_name(a->rc) : "answered", a->status, (long long)a->took_ms);
	if (a->rc != 0 || a->status != 200) {
		query_failed(e, a, q->not_found);
		return;
	}
	json_t *answer = NULL;
	char why[160] = "";
	if (schema_parse(q->answer, a->body, a->len, &answer, why, sizeof(why)) < 0) {
		klog(KLOG_WARN, "engine", "query %s: the answer could not be read: %s", q->path,
		     why);
		query_failed(e, a, NULL);
		return;
	}
	e->online = true;
	answer_ok(e, q, answer);
}

/* ---- the second party ----------------------------------------------------------------------- */

static void
p2_again(struct engine *e, const char *notice)
{
	if (e->s.nparties > 1)
		session_drop_party(&e->s);
	session_del(&e->s, "signin2");
	if (e->query_id && e->p.query_cancel)
		e->p.query_cancel(e->p.ctx);
	e->query_id = 0;
	e->pin_pending = false;
	e->pin_party = 0;
	e->phase = PH_P2_INSERT;
	e->notice_key = notice;
}

static void
p2_signin(struct engine *e)
{
	e->phase = PH_P2_SIGNIN;
	e->notice_key = NULL;
	eng_signin(e, 1);
	if (!e->query_id)
		fail(e, "p2.needs_connection", true);
}

static void
p2_signin_answer(struct engine *e, const struct query_answer *a)
{
	const struct svc_party *party = step_cur(e)->party;
	json_t *answer = NULL;
	struct signin_info info;
	char why[160] = "";
	if (a->rc != 0 || a->status != 200 ||
	    signin_parse(a->body, a->len, &answer, &info, why, sizeof(why)) < 0) {
		if (why[0])
			klog(KLOG_WARN, "engine", "second sign-in answer unreadable: %s", why);
		query_failed(e, a, NULL);
		return;
	}
	if (info.identity != SIGNIN_CONFIRMED) {
		json_wipe_decref(answer);
		p2_again(e,
		         info.identity == SIGNIN_MISMATCH ? "signin.mismatch" : "signin.unknown");
		return;
	}
	if (party && party->role && !(info.roles & party->role)) {
		json_wipe_decref(answer);
		p2_again(e, "p2.wrong_role");
		return;
	}
	const char *names[8];
	int nnames = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(answer, "roles"), i, v)
	{
		if (nnames < 8 && signin_role_bit(json_string_value(v)))
			names[nnames++] = json_string_value(v);
	}
	session_set_roles(&e->s, 1, info.roles, names, nnames);
	session_put(&e->s, "signin2", answer);
	e->phase = PH_P2_CONSENT;
}

void
step_card(struct engine *e, const struct card_note *n)
{
	const struct svc_step *st = step_cur(e);
	if (!st || st->kind != SVC_STEP_SECOND_PARTY)
		return;
	switch (n->kind) {
	case CARD_NOTE_READING:
		e->phase = PH_P2_READING;
		e->notice_key = NULL;
		break;
	case CARD_NOTE_READ: {
		if (e->phase != PH_P2_READING)
			return;
		const char *why = eng_card_refusal(e, n);
		if (why) {
			p2_again(e, why);
			return;
		}
		if (strcmp(n->id.civil_number, e->s.party[0].id.civil_number) == 0) {
			p2_again(e, "p2.same_person");
			return;
		}
		if (session_add_party(&e->s, &n->id, n->auth) != 1) {
			p2_again(e, "msg.card_unreadable");
			return;
		}
		if (n->tries != -2) {
			e->phase = PH_P2_PIN;
			e->pin_party = 1;
			e->pin_tries = n->tries;
			e->pin_wrong = false;
			return;
		}
		e->s.party[1].pin_ok = true;
		p2_signin(e);
		break;
	}
	case CARD_NOTE_FAILED:
		if (e->phase == PH_P2_READING)
			p2_again(e, n->rc == KERR_REMOVED ? "p2.removed" : "msg.card_unreadable");
		break;
	case CARD_NOTE_PIN:
		if (e->phase != PH_P2_PIN)
			return;
		if (n->rc == 0) {
			e->s.party[1].pin_ok = true;
			e->pin_wrong = false;
			p2_signin(e);
		} else if (n->rc == KERR_PIN || n->rc == KERR_INVAL) {
			if (n->rc == KERR_PIN)
				e->pin_tries = n->tries;
			e->pin_wrong = true;
		} else {
			p2_again(e, n->rc == KERR_BLOCKED   ? "msg.pin_blocked"
			            : n->rc == KERR_REMOVED ? "p2.removed"
			                                    : "msg.card_unreadable");
		}
		break;
	default:
		break;
	}
}

bool
step_card_removed(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	if (st && st->kind == SVC_STEP_SECOND_PARTY) {
		switch (e->phase) {
		case PH_P2_REMOVE:
			e->phase = PH_P2_INSERT;
			e->notice_key = NULL;
			break;
		case PH_P2_READING:
		case PH_P2_PIN:
		case PH_P2_SIGNIN:
		case PH_P2_CONSENT:
			p2_again(e, "p2.removed");
			break;
		case PH_ERROR:
			if (e->s.nparties > 1)
				p2_again(e, "p2.removed");
			break;
		default:
			break;
		}
		return true;
	}
	/* after the commit (or the second person's consent) the card is no longer needed: the
	 * receipt still prints for the person who is there, and the idle timeout ends it. On the
	 * result, with everything done, taking the card is how a person leaves. */
	if (st && st->kind == SVC_STEP_RESULT && e->phase != PH_WAIT)
		return false;
	return e->committed || e->past_p2;
}

/* ---- commit and print -------------------------------------------------------------------------
 */

static void
do_commit(struct engine *e)
{
	char ref[sizeof(e->ref)];
	int64_t seq = 0;
	if (e->committed) { /* never twice in one run of a service */
		advance(e);
		return;
	}
	char *payload = payload_build(e);
	int rc = payload && e->p.commit
	                 ? e->p.commit(e->p.ctx, e->svc->id, payload, e->s.party[0].id.civil_number,
	                               &seq, ref, sizeof(ref))
	                 : KERR_INVAL;
	if (rc < 0) {
		if (payload) {
			xwipe(payload, strlen(payload));
			free(payload);
		}
		klog(KLOG_ERR, "engine", "service %s: transaction not committed: %s", e->svc->id,
		     kerr_str(rc));
		fail(e, "msg.save_failed", true);
		return;
	}
	e->committed = true;
	e->payload = payload;
	e->seq = seq;
	snprintf(e->ref, sizeof(e->ref), "%s", ref);
	klog(KLOG_INFO, "engine", "service %s: transaction %lld committed", e->svc->id,
	     (long long)seq);
	if (e->online && e->cfg.ack_wait_ms > 0) {
		e->phase = PH_WAIT;
		e->ack_deadline = eng_mono(e) + e->cfg.ack_wait_ms;
		return;
	}
	advance(e);
}

void
step_acked(struct engine *e, const struct sync_note *n)
{
	if (!e->committed || e->printed)
		return; /* what is printed stays what the screen says */
	if (n->kind == SYNC_NOTE_ACKED) {
		e->acked = true;
		snprintf(e->ministry_ref, sizeof(e->ministry_ref), "%s", n->ref);
	} else {
		e->rejected = true;
	}
	const struct svc_step *st = step_cur(e);
	if (st && st->kind == SVC_STEP_COMMIT && e->phase == PH_WAIT)
		advance(e);
}

static void
do_print(struct engine *e)
{
	struct receipt r;
	char har[96] = "", hen[96] = "";
	if (!e->committed || !e->svc->receipt) {
		klog(KLOG_ERR, "engine", "service %s: a print step with nothing committed",
		     e->svc->id);
		fail(e, "print.failed", false);
		return;
	}
	e->receipt_status = e->acked      ? RECEIPT_SUBMITTED
	                    : e->rejected ? RECEIPT_REJECTED
	                                  : RECEIPT_QUEUED;
	if (e->p.hijri)
		e->p.hijri(e->p.ctx, eng_wall(e), har, hen, sizeof(har));
	struct receipt_facts f = {.kiosk_id = e->cfg.kiosk_id,
	                          .location = e->cfg.location,
	                          .reference = e->ref,
	                          .ministry_ref = e->ministry_ref,
	                          .status = (enum receipt_status)e->receipt_status,
	                          .hijri_ar = har,
	                          .hijri_en = hen};
	int rc = receipt_build(e->i18n, e->svc, e->payload, &f, &r);
	int64_t job = 0;
	if (rc == 0)
		rc = e->p.print ? e->p.print(e->p.ctx, &r, &job) : KERR_NODEV;
	xwipe(&r, sizeof(r));
	if (rc < 0) {
		klog(KLOG_ERR, "engine", "receipt not queued for printing: %s", kerr_str(rc));
		e->printer_state = UI_DEV_FAULT;
		fail(e, "print.failed", false);
		return;
	}
	e->job = job;
	e->phase = PH_WAIT;
}

static const struct svc_def *
service_by_id(const struct engine *e, const char *id)
{
	for (int i = 0; i < e->nsvcs; i++)
		if (strcmp(e->svcs[i]->id, id) == 0)
			return e->svcs[i];
	return NULL;
}

/* REPRINT: a copy of the person's own receipt from the outbox, made from its committed payload
 * like the first print, marked COPY with now. The port checks it is theirs and not too old,
 * and audits the copy. */
static void
do_reprint(struct engine *e)
{
	const json_t *seqv = session_get(&e->s, "copy_of.seq");
	struct engine_copy c = {0};
	struct receipt r;
	char har[96] = "", hen[96] = "";
	int rc = json_is_integer(seqv) && e->p.copy ? e->p.copy(e->p.ctx, json_integer_value(seqv),
	                                                        e->s.party[0].id.civil_number, &c)
	                                            : KERR_INVAL;
	const struct svc_def *def = rc == 0 ? service_by_id(e, c.type) : NULL;
	if (rc == 0 && (!def || !def->receipt)) {
		klog(KLOG_ERR, "engine", "a copy of a %s transaction: no such service prints",
		     c.type);
		rc = KERR_NOTSUP;
	}
	if (rc == 0) {
		if (e->p.hijri)
			e->p.hijri(e->p.ctx, c.created_ms, har, hen, sizeof(har));
		struct receipt_facts f = {.kiosk_id = e->cfg.kiosk_id,
		                          .location = e->cfg.location,
		                          .reference = c.reference,
		                          .ministry_ref = c.ministry_ref,
		                          .status = (enum receipt_status)c.status,
		                          .copy = true,
		                          .copy_ms = eng_wall(e),
		                          .hijri_ar = har,
		                          .hijri_en = hen};
		rc = receipt_build(e->i18n, def, c.payload, &f, &r);
		int64_t job = 0;
		if (rc == 0)
			rc = e->p.print ? e->p.print(e->p.ctx, &r, &job) : KERR_NODEV;
		xwipe(&r, sizeof(r));
		if (rc == 0)
			e->job = job;
		else
			e->printer_state = UI_DEV_FAULT;
	}
	if (c.payload) {
		xwipe(c.payload, strlen(c.payload));
		free(c.payload);
	}
	if (rc < 0) {
		klog(KLOG_INFO, "engine", "copy not printed: %s", kerr_name(rc));
		fail(e,
		     rc == KERR_DENIED                  ? "copy.err.denied"
		     : rc == KERR_EXPIRED               ? "copy.err.expired"
		     : rc == KERR_NOTFOUND              ? "copy.err.not_found"
		     : e->printer_state == UI_DEV_FAULT ? "print.failed"
		                                        : "copy.err.unreadable",
		     false);
		return;
	}
	e->phase = PH_WAIT;
}

void
step_printed(struct engine *e, const struct print_result *r)
{
	const struct svc_step *st = step_cur(e);
	if (!st || (st->kind != SVC_STEP_PRINT && st->kind != SVC_STEP_REPRINT))
		return; /* printed after the person moved on */
	if (r->rc == 0) {
		e->printed = true;
		advance(e);
		return;
	}
	/* the worker keeps the job and prints it once the printer is fixed: a later success
	 * still moves on (the message says the request is saved) */
	fail(e, r->rc == KERR_PAPER ? "msg.printer_paper" : "msg.printer_fault", false);
}

void
step_tick(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	if (st && st->kind == SVC_STEP_COMMIT && e->phase == PH_WAIT &&
	    eng_mono(e) >= e->ack_deadline) {
		klog(KLOG_INFO, "engine",
		     "no acknowledgement within %d ms: the receipt says queued",
		     e->cfg.ack_wait_ms);
		advance(e);
	}
}

/* ---- moving -----------------------------------------------------------------------------------
 */

void
step_start_service(struct engine *e, const struct svc_def *def)
{
	e->state = ENG_STEP;
	e->svc = def;
	e->nhist = 0;
	e->committed = e->acked = e->rejected = e->printed = e->past_p2 = false;
	e->return_to_check = false;
	e->seq = e->job = 0;
	session_del(&e->s, "form");
	e->qpage = e->qpage_want = 0;
	/* the day the service runs, for the values counted from it (SVC_FMT_DAYS_LEFT) */
	char today[16];
	struct civil_date d;
	date_oman(eng_wall(e), &d);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", d.y, d.m, d.d);
	session_put(&e->s, "today", json_string(today));
	step_enter(e, 0);
}

/* A LIST of reference data: the entry's array into the bag at items (an empty list, which
 * says so, when the kiosk has none: the reference data comes with the next sync). */
static void
load_refdata_list(struct engine *e, const struct svc_list *l)
{
	char text[16384];
	json_t *arr = NULL;
	if (e->p.refdata && e->p.refdata(e->p.ctx, l->refdata, text, sizeof(text)) == 0)
		arr = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(arr)) {
		klog(KLOG_WARN, "engine", "service %s: no reference data '%s'", e->svc->id,
		     l->refdata);
		json_decref(arr);
		arr = json_array();
	}
	session_put(&e->s, l->items, arr);
}

/* Shows step i again (back): no query re-sent, no history pushed. */
static void
step_show(struct engine *e, int i, bool last_field)
{
	const struct svc_step *st = &e->svc->steps[i];
	e->step = i;
	e->phase = PH_SHOW;
	e->err_key = e->notice_key = NULL;
	e->page = 0;
	if (st->kind == SVC_STEP_FORM) {
		e->field = last_field && st->nfields > 0 ? st->nfields - 1 : 0;
		load_edit(e);
	} else if (st->kind == SVC_STEP_SECOND_PARTY) {
		e->phase = e->s.nparties > 1 && e->s.party[1].pin_ok ? PH_P2_CONSENT : PH_P2_INSERT;
	}
}

void
step_enter(struct engine *e, int i)
{
	if (i >= e->svc->nsteps) { /* the service is done */
		klog(KLOG_INFO, "engine", "service %s done", e->svc->id);
		step_leave_service(e);
		return;
	}
	const struct svc_step *st = &e->svc->steps[i];
	step_show(e, i, false);
	switch (st->kind) {
	case SVC_STEP_LIST:
		if (st->list->refdata)
			load_refdata_list(e, st->list);
		hist_push(e, i);
		break;
	case SVC_STEP_INFO:
	case SVC_STEP_CHECK_ANSWERS:
	case SVC_STEP_FEE:
	case SVC_STEP_FORM:
		hist_push(e, i);
		break;
	case SVC_STEP_SECOND_PARTY:
		hist_push(e, i);
		e->phase = PH_P2_REMOVE;
		break;
	case SVC_STEP_QUERY:
		if (!e->paging && st->query->page_size > 0)
			e->qpage_want = 0; /* from elsewhere: the first page */
		send_query(e);
		break;
	case SVC_STEP_COMMIT:
		do_commit(e);
		break;
	case SVC_STEP_PRINT:
		do_print(e);
		break;
	case SVC_STEP_REPRINT:
		do_reprint(e);
		break;
	case SVC_STEP_RESULT:
		break;
	}
}

/* Goes to step i by a link or a `then`: a step already in the history is gone back to (as
 * "back" would), any other is entered. */
static void
goto_step(struct engine *e, int i)
{
	for (int k = e->nhist - 1; k >= 0; k--) {
		if (e->hist[k] == i) {
			e->nhist = k + 1;
			step_show(e, i, false);
			return;
		}
	}
	step_enter(e, i);
}

/* The step walking on from step i reaches: the next one that runs (its `when` holds), aside
 * steps skipped unless i is one itself. nsteps when there is none (the service is done). */
static int
next_step(const struct engine *e, int i)
{
	bool from_aside = e->svc->steps[i].aside;
	for (int k = i + 1; k < e->svc->nsteps; k++) {
		const struct svc_step *st = &e->svc->steps[k];
		if (st->aside && !from_aside)
			continue;
		if (!st->aside && from_aside)
			return -1; /* an aside chain ends by going back */
		if (st->when && !has_value(e, st->when))
			continue;
		return k;
	}
	return from_aside ? -1 : e->svc->nsteps;
}

static void back(struct engine *e);

static void
advance(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	if (st->check) {
		const char *why = NULL;
		struct svc_ctx ctx = {.bag = e->s.bag, .lang = e->lang, .now_ms = eng_wall(e)};
		if (st->check(&ctx, &why) != 0) {
			klog(KLOG_INFO, "engine", "service %s: step %s refused by its rule",
			     e->svc->id, st->id);
			fail(e, why ? why : "svc.refused", false);
			return;
		}
	}
	if (st->kind == SVC_STEP_SECOND_PARTY)
		e->past_p2 = true;
	if (e->return_to_check && st->kind == SVC_STEP_FORM) {
		e->return_to_check = false;
		for (int k = e->step + 1; k < e->svc->nsteps; k++)
			if (e->svc->steps[k].kind == SVC_STEP_CHECK_ANSWERS) {
				step_enter(e, k);
				return;
			}
	}
	if (st->then) {
		int t = step_index(e, st->then);
		if (t >= 0) {
			goto_step(e, t);
			return;
		}
		klog(KLOG_ERR, "engine", "service %s: step %s goes to a step that is not there",
		     e->svc->id, st->id);
	}
	int k = next_step(e, e->step);
	if (k < 0) {
		back(e);
		return;
	}
	step_enter(e, k);
}

static void
back(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	if (e->committed)
		return; /* nothing done can be undone */
	if (st->kind == SVC_STEP_FORM && e->phase == PH_SHOW && e->field > 0) {
		e->field--;
		e->notice_key = NULL;
		load_edit(e);
		return;
	}
	if (st->kind == SVC_STEP_SECOND_PARTY && e->s.nparties > 1)
		p2_again(e, NULL);
	/* the top of the history is the step on screen (or the one before a failed query) */
	if (e->nhist > 0 && e->hist[e->nhist - 1] == e->step)
		e->nhist--;
	if (e->nhist == 0) {
		step_leave_service(e);
		return;
	}
	step_show(e, e->hist[e->nhist - 1], true);
}

/* CHECK_ANSWERS: row i is the i-th field of the FORM steps before it. */
static void
change_answer(struct engine *e, int row)
{
	for (int k = 0; k < e->step; k++) {
		const struct svc_step *st = &e->svc->steps[k];
		if (st->kind != SVC_STEP_FORM)
			continue;
		if (row < st->nfields) {
			e->return_to_check = true;
			e->step = k;
			e->phase = PH_SHOW;
			e->field = row;
			e->notice_key = NULL;
			load_edit(e);
			hist_push(e, k);
			return;
		}
		row -= st->nfields;
	}
}

static int
list_len(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	return (int)json_array_size(session_get(&e->s, st->list->items));
}

static void
list_choose(struct engine *e, int row)
{
	const struct svc_list *l = step_cur(e)->list;
	const json_t *item = json_array_get(session_get(&e->s, l->items),
	                                    (size_t)(e->page * list_page_rows(l) + row));
	if (!item || !l->save_as)
		return;
	session_put(&e->s, l->save_as, json_deep_copy(item));
	advance(e);
}

int
list_page_rows(const struct svc_list *l)
{
	return l->page_rows > 0 && l->page_rows < ENG_PAGE_ROWS ? l->page_rows : ENG_PAGE_ROWS;
}

/* The paged query before the list on screen, or -1. */
static int
paged_query_step(const struct engine *e)
{
	for (int k = e->step - 1; k >= 0; k--) {
		const struct svc_step *st = &e->svc->steps[k];
		if (st->kind == SVC_STEP_QUERY)
			return st->query->page_size > 0 ? k : -1;
	}
	return -1;
}

int
step_pages(const struct engine *e, int *page)
{
	const struct svc_step *st = step_cur(e);
	int q = paged_query_step(e);
	*page = e->qpage;
	if (!st || q < 0 || !st->list || !st->list->total)
		return 1;
	const json_t *t = session_get(&e->s, st->list->total);
	json_int_t n = json_is_integer(t) ? json_integer_value(t) : 0;
	int size = e->svc->steps[q].query->page_size;
	json_int_t pages = n <= 0 ? 1 : (n + size - 1) / size;
	return pages > 1000000 ? 1000000 : (int)pages;
}

/* LIST of a paged answer: the next or previous page is asked for; the list shows it when it
 * comes (the page on screen stays until then: a failure goes back to it). */
static void
page_query(struct engine *e, int dir)
{
	int page, pages = step_pages(e, &page);
	int q = paged_query_step(e);
	if (q < 0 || page + dir < 0 || page + dir >= pages)
		return;
	e->qpage_want = page + dir;
	e->paging = true;
	step_enter(e, q);
	e->paging = false;
}

void
step_action(struct engine *e, enum ui_action a, int arg)
{
	const struct svc_step *st = step_cur(e);
	if (!st)
		return;
	if (a == UI_ACT_CANCEL) {
		if (!engine_busy(e))
			step_leave_service(e);
		return;
	}
	switch (e->phase) {
	case PH_WAIT:
		/* a question to the ministry can be taken back; a commit or a print cannot */
		if (a == UI_ACT_BACK && st->kind == SVC_STEP_QUERY) {
			if (e->query_id && e->p.query_cancel)
				e->p.query_cancel(e->p.ctx);
			e->query_id = 0;
			back(e);
		}
		return;
	case PH_ERROR:
		if (a == UI_ACT_NEXT && e->err_retry) {
			if (st->kind == SVC_STEP_SECOND_PARTY)
				p2_signin(e);
			else
				step_enter(e, e->step);
		} else if (a == UI_ACT_BACK) {
			back(e);
		}
		return;
	case PH_P2_REMOVE:
	case PH_P2_INSERT:
	case PH_P2_READING:
	case PH_P2_PIN:
	case PH_P2_SIGNIN:
		if (a == UI_ACT_BACK)
			back(e);
		return;
	case PH_P2_CONSENT:
		if (a == UI_ACT_NEXT)
			advance(e);
		else if (a == UI_ACT_BACK)
			back(e);
		return;
	case PH_SHOW:
		break;
	}
	switch (a) {
	case UI_ACT_NEXT:
		if (st->kind == SVC_STEP_FORM)
			form_next(e);
		else if (st->kind == SVC_STEP_LIST && st->list->save_as && list_len(e) > 0)
			break; /* a choice is needed: the rows are the buttons */
		else if (st->kind == SVC_STEP_LIST && st->list->save_as)
			step_leave_service(
			        e); /* nothing to choose: the service has no more to show */
		else if (st->kind != SVC_STEP_RESULT)
			advance(e);
		break;
	case UI_ACT_BACK:
		back(e);
		break;
	case UI_ACT_CHOOSE:
		if (st->kind == SVC_STEP_LIST)
			list_choose(e, arg);
		else if (st->kind == SVC_STEP_CHECK_ANSWERS)
			change_answer(e, arg);
		break;
	case UI_ACT_PAGE:
		if (st->kind == SVC_STEP_LIST && st->list->total)
			page_query(e, arg > 0 ? 1 : -1);
		else if (st->kind == SVC_STEP_LIST) {
			int p = e->page + (arg > 0 ? 1 : -1);
			if (p >= 0 && p * list_page_rows(st->list) < list_len(e))
				e->page = p;
		}
		break;
	case UI_ACT_LINK:
		if (!step_link_shown(e, st))
			break;
		if (!st->link->step) {
			step_leave_service(e);
			break;
		}
		int t = step_index(e, st->link->step);
		if (t >= 0)
			goto_step(e, t);
		break;
	default:
		break;
	}
}

void
step_key(struct engine *e, int key)
{
	form_key(e, key);
}
