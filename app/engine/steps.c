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
#include "../../drivers/card/cardsec.h"
#include "../../drivers/clock.h"
#include "../../services/schema.h"
#include "../../text/textedit.h"
#include "../../text/i18n.h"
#include "../../text/textfold.h"
#include "../backend/query.h"
#include "../cardmon.h"
#include "../print.h"
#include "../receipt_build.h"
#include "../sync.h"
#include "engine_internal.h"
#include "signin.h"

#include <openssl/evp.h>
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
	session_del(&e->s, "consent");
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
	memset(e->batch, 0, sizeof(e->batch));
	e->nbatch = 0;
	e->batch_id[0] = '\0';
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
	if (f->type == SVC_VAL_PHONE) /* too short or long is the number's rule, not a count */
		return all_digits(text) && strlen(text) == 8 && (text[0] == '7' || text[0] == '9')
		               ? NULL
		               : "form.err.phone";
	if ((int)n < f->min_len)
		return "form.err.short";
	if (f->max_len > 0 && (int)n > f->max_len)
		return "form.err.long";
	switch (f->type) {
	case SVC_VAL_DIGITS:
		return all_digits(text) ? NULL : "form.err.digits";
	case SVC_VAL_PHONE: /* above */
		return NULL;
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
static void list_sum(struct engine *e, const struct svc_list *l);

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
		const json_t *n = session_get(&e->s, q->args[i].path);
		if (json_is_integer(n)) { /* a number chosen (a range of days) goes as one */
			json_object_set_new(body, q->args[i].name,
			                    json_integer(json_integer_value(n)));
			continue;
		}
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

/* The reference data entry of key as JSON (the caller decrefs it), or NULL. */
static json_t *
refdata_json(struct engine *e, const char *key)
{
	enum { RD_MAX = 64 * 1024 };
	char *text = e->p.refdata ? malloc(RD_MAX) : NULL;
	json_t *j = NULL;
	if (text && e->p.refdata(e->p.ctx, key, text, RD_MAX) == 0)
		j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	return j;
}

static json_t *
ctx_refdata(const struct svc_ctx *ctx, const char *key)
{
	return refdata_json(ctx->priv, key);
}

void
step_ctx(struct engine *e, struct svc_ctx *ctx)
{
	*ctx = (struct svc_ctx){.bag = e->s.bag,
	                        .lang = e->lang,
	                        .now_ms = eng_wall(e),
	                        .refdata = ctx_refdata,
	                        .priv = e};
}

/* A checked answer goes into the bag (after the service's derive() worked on it); the
 * service walks on. */
static void
answer_ok(struct engine *e, const struct svc_query *q, json_t *answer)
{
	e->online = e->online || !q->local;
	if (q->page_size > 0)
		e->qpage = e->qpage_want;
	if (q->derive) {
		const char *why = NULL;
		struct svc_ctx ctx;
		step_ctx(e, &ctx);
		if (q->derive(&ctx, answer, &why) != 0) {
			klog(KLOG_INFO, "engine", "service %s: the answer of %s cannot be used",
			     e->svc->id, q->path);
			json_wipe_decref(answer);
			fail(e, why ? why : "svc.refused", false);
			return;
		}
	}
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

/* The second person's answer into the bag's "consent", bound to what they answered: the
 * request's hash and their card's authenticity check. 0, or KERR_INVAL when the request to
 * bind is not in the bag (nothing is recorded then). */
static int
record_consent(struct engine *e, const struct svc_party *party, bool agreed)
{
	const json_t *req = session_get(&e->s, party->bind);
	char *text = req ? json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hash[2 * EVP_MAX_MD_SIZE + 1] = "", at[40];
	if (!text || EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL) != 1) {
		free(text);
		klog(KLOG_ERR, "engine", "service %s: no request to bind the consent to",
		     e->svc->id);
		return KERR_INVAL;
	}
	free(text);
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(hash + 2 * i, 3, "%02x", md[i]);
	clock_format_oman(eng_wall(e), at, sizeof(at));
	char auth[24]; /* "not-genuine" as a word of the payload: "not_genuine" */
	snprintf(auth, sizeof(auth), "%s", card_auth_result_name(e->s.party[1].auth));
	for (char *c = auth; *c; c++)
		*c = *c == '-' ? '_' : *c;
	session_put(&e->s, "consent",
	            json_pack("{s:s, s:s, s:s, s:s, s:s}", "decision",
	                      agreed ? "agreed" : "declined", "request_hash", hash, "card_serial",
	                      e->s.party[1].id.card_serial, "card_auth",
	                      card_auth_result_name(e->s.party[1].auth), "at", at));
	klog(KLOG_INFO, "engine", "service %s: the second person %s", e->svc->id,
	     agreed ? "agreed" : "declined");
	return 0;
}

/* PH_P2_CONSENT: agreed (NEXT) or not (CANCEL, when the service records a refusal). */
static void
p2_answer(struct engine *e, bool agreed)
{
	const struct svc_party *party = step_cur(e)->party;
	if (party->bind && record_consent(e, party, agreed) < 0) {
		fail(e, "svc.refused", false);
		return;
	}
	advance(e);
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
		const struct svc_party *party = st->party;
		const char *who = party && party->who ? session_str(&e->s, party->who) : NULL;
		if (party && party->who && (!who || strcmp(n->id.civil_number, who) != 0)) {
			/* a third person's card: not the one the request names */
			p2_again(e, party->who_refused ? party->who_refused : "p2.wrong_role");
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
free_texts(char **t, int n)
{
	for (int i = 0; i < n; i++) {
		if (t[i]) {
			xwipe(t[i], strlen(t[i]));
			free(t[i]);
			t[i] = NULL;
		}
	}
}

/* The payloads of a COMMIT with `each`: one per item (the item at each_as, "batch" beside
 * it); then the receipt's payload (*all): the bag's part with the array, and the fees and the
 * total summed over the items. The number made, or -1. */
static int
batch_payloads(struct engine *e, const struct svc_step *st, char **out, char **all)
{
	const json_t *items = session_get(&e->s, st->each);
	int n = (int)json_array_size(items);
	json_int_t total = 0;
	*all = NULL;
	if (n < 1 || n > SVC_CHOSEN_MAX)
		return -1;
	snprintf(e->batch_id, sizeof(e->batch_id), "%s-%lld", e->cfg.kiosk_id,
	         (long long)eng_wall(e));
	json_t *fees = json_array();
	for (int i = 0; i < n; i++) {
		session_put(&e->s, st->each_as, json_deep_copy(json_array_get(items, (size_t)i)));
		session_put(
		        &e->s, "batch",
		        json_pack("{s:s, s:i, s:i}", "id", e->batch_id, "index", i, "count", n));
		out[i] = payload_build(e);
		json_t *p = out[i] ? json_loads(out[i], 0, NULL) : NULL;
		total += json_integer_value(json_object_get(p, "total_baisa"));
		size_t k;
		json_t *f;
		json_array_foreach(json_object_get(p, "fees"), k, f)
		{
			json_t *sum = json_array_get(fees, k);
			if (!sum) /* a copy: p is wiped below */
				json_array_append_new(fees, json_deep_copy(f));
			else
				json_object_set_new(sum, "amount_baisa",
				                    json_integer(json_integer_value(json_object_get(
				                                         sum, "amount_baisa")) +
				                                 json_integer_value(json_object_get(
				                                         f, "amount_baisa"))));
		}
		json_wipe_decref(p);
		if (!out[i])
			break;
	}
	session_del(&e->s, st->each_as);
	session_del(&e->s, "batch");
	char *text = out[n - 1] ? payload_build(e) : NULL;
	json_t *p = text ? json_loads(text, 0, NULL) : NULL;
	if (p) {
		json_object_set_new(p, "fees", fees);
		fees = NULL;
		json_object_set_new(p, "total_baisa", json_integer(total));
		json_object_set_new(p, "batch",
		                    json_pack("{s:s, s:i}", "id", e->batch_id, "count", n));
		/* the array as the person chose it (payload_build() copied the commit keys) */
		json_object_set_new(p, st->each, json_deep_copy(items));
		*all = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	}
	json_decref(fees);
	json_wipe_decref(p);
	free_texts(&text, 1);
	return *all ? n : -1;
}

/* Why the commit cannot be made now (a message key), or NULL: a transaction the offline policy
 * does not let wait in the queue needs the backend at the moment it is made (a transfer: its
 * eligibility and consent are checked then). */
static const char *
commit_refusal(struct engine *e)
{
	if (e->online || !e->p.offline_allowed)
		return NULL;
	return e->p.offline_allowed(e->p.ctx, e->svc->id, e->svc->offline_ok) == KERR_OFFLINE
	               ? "commit.needs_connection"
	               : NULL;
}

static void
do_commit(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	char *payloads[SVC_CHOSEN_MAX] = {0};
	char refs[SVC_CHOSEN_MAX][ENGINE_REF_MAX];
	int64_t seqs[SVC_CHOSEN_MAX] = {0};
	char *receipt_payload = NULL;
	int n = 1, rc = KERR_INVAL;
	if (e->committed) { /* never twice in one run of a service */
		advance(e);
		return;
	}
	const char *why = commit_refusal(e);
	if (why) {
		klog(KLOG_INFO, "engine", "service %s: not committed while offline", e->svc->id);
		fail(e, why, true);
		return;
	}
	if (st->each) {
		n = batch_payloads(e, st, payloads, &receipt_payload);
		if (n < 0) {
			klog(KLOG_ERR, "engine", "service %s: nothing to commit at '%s'",
			     e->svc->id, st->each);
			free_texts(payloads, SVC_CHOSEN_MAX);
			fail(e, "commit.nothing", false);
			return;
		}
	} else {
		payloads[0] = payload_build(e);
	}
	if (n >= 1 && payloads[n - 1] && e->p.commit)
		rc = e->p.commit(e->p.ctx, e->svc->id, (const char *const *)payloads, n,
		                 e->s.party[0].id.civil_number, seqs, refs);
	if (rc < 0) {
		free_texts(payloads, SVC_CHOSEN_MAX);
		free_texts(&receipt_payload, 1);
		klog(KLOG_ERR, "engine", "service %s: transaction not committed: %s", e->svc->id,
		     kerr_str(rc));
		fail(e, "msg.save_failed", true);
		return;
	}
	e->committed = true;
	if (receipt_payload) { /* a batch: the paper lists every item */
		free_texts(payloads, SVC_CHOSEN_MAX);
		e->payload = receipt_payload;
		e->nbatch = n;
		for (int i = 0; i < n; i++) {
			memset(&e->batch[i], 0, sizeof(e->batch[i]));
			e->batch[i].seq = seqs[i];
			snprintf(e->batch[i].ref, sizeof(e->batch[i].ref), "%.47s", refs[i]);
		}
	} else {
		e->payload = payloads[0];
	}
	e->seq = seqs[0];
	snprintf(e->ref, sizeof(e->ref), "%s", refs[0]);
	klog(KLOG_INFO, "engine", "service %s: %d transaction(s) committed from %lld", e->svc->id,
	     n, (long long)seqs[0]);
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
	if (e->nbatch > 0) {
		int i = (int)(n->seq - e->seq);
		if (i < 0 || i >= e->nbatch)
			return;
		struct eng_txn *t = &e->batch[i];
		t->state = n->kind == SYNC_NOTE_ACKED ? ENG_TXN_ACKED : ENG_TXN_REJECTED;
		snprintf(t->ministry_ref, sizeof(t->ministry_ref), "%s",
		         n->kind == SYNC_NOTE_ACKED ? n->ref : "");
		snprintf(t->pay_url, sizeof(t->pay_url), "%s",
		         n->kind == SYNC_NOTE_ACKED ? n->pay_url : "");
		int acked = 0, rejected = 0;
		for (int k = 0; k < e->nbatch; k++) {
			acked += e->batch[k].state == ENG_TXN_ACKED;
			rejected += e->batch[k].state == ENG_TXN_REJECTED;
		}
		if (acked + rejected < e->nbatch)
			return; /* the others are still on their way: wait for them (or the time) */
		/* the paper's status: sent when any was, refused only when all were */
		e->acked = acked > 0;
		e->rejected = acked == 0;
	} else if (n->kind == SYNC_NOTE_ACKED) {
		e->acked = true;
		snprintf(e->ministry_ref, sizeof(e->ministry_ref), "%s", n->ref);
		snprintf(e->batch[0].pay_url, sizeof(e->batch[0].pay_url), "%s", n->pay_url);
		snprintf(e->batch[0].number, sizeof(e->batch[0].number), "%s", n->number);
	} else {
		e->rejected = true;
	}
	const struct svc_step *st = step_cur(e);
	if (st && st->kind == SVC_STEP_COMMIT && e->phase == PH_WAIT)
		advance(e);
}

/* The batch's payload for its paper: each item of the array with its "outcome": {"status":
 * submitted/queued/rejected, "reference": the ministry's, else the kiosk's}. NULL on failure. */
static char *
batch_receipt_payload(struct engine *e)
{
	const struct svc_step *commit = NULL;
	for (int k = 0; k < e->svc->nsteps && !commit; k++)
		if (e->svc->steps[k].kind == SVC_STEP_COMMIT && e->svc->steps[k].each)
			commit = &e->svc->steps[k];
	json_t *p = commit ? json_loads(e->payload, 0, NULL) : NULL;
	json_t *items = json_object_get(p, commit ? commit->each : "");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if ((int)i >= e->nbatch || !json_is_object(it))
			break;
		const struct eng_txn *t = &e->batch[i];
		enum receipt_status s = t->state == ENG_TXN_ACKED      ? RECEIPT_SUBMITTED
		                        : t->state == ENG_TXN_REJECTED ? RECEIPT_REJECTED
		                                                       : RECEIPT_QUEUED;
		json_object_set_new(it, "outcome",
		                    json_pack("{s:s, s:s}", "status", receipt_status_name(s),
		                              "reference",
		                              t->ministry_ref[0] ? t->ministry_ref : t->ref));
	}
	char *text = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_wipe_decref(p);
	return text;
}

/* The status of what was committed: for a batch, queued while any item is, submitted when
 * any was acknowledged, rejected when all were refused. */
int
step_commit_status(const struct engine *e)
{
	if (e->nbatch > 0) {
		bool queued = false, acked = false;
		for (int k = 0; k < e->nbatch; k++) {
			queued = queued || e->batch[k].state == ENG_TXN_QUEUED;
			acked = acked || e->batch[k].state == ENG_TXN_ACKED;
		}
		return queued ? RECEIPT_QUEUED : acked ? RECEIPT_SUBMITTED : RECEIPT_REJECTED;
	}
	return e->acked ? RECEIPT_SUBMITTED : e->rejected ? RECEIPT_REJECTED : RECEIPT_QUEUED;
}

/* The backend's payment link for what was committed (the first acknowledgement's), or "". */
const char *
step_pay_url(const struct engine *e)
{
	for (int k = 0; k < (e->nbatch > 0 ? e->nbatch : 1); k++)
		if (e->batch[k].pay_url[0])
			return e->batch[k].pay_url;
	return "";
}

/* A line put first on the paper: label (a message key) and either a message key or a code. */
static void
first_line(struct engine *e, struct receipt *r, const char *label, const char *value_key,
           const char *code)
{
	if (r->nlines >= RECEIPT_LINES_MAX)
		return;
	memmove(&r->lines[1], &r->lines[0], (size_t)r->nlines * sizeof(r->lines[0]));
	r->nlines++;
	struct receipt_line *l = &r->lines[0];
	snprintf(l->label.ar, sizeof(l->label.ar), "%s", i18n_tr(e->i18n, "ar", label));
	snprintf(l->label.en, sizeof(l->label.en), "%s", i18n_tr(e->i18n, "en", label));
	snprintf(l->value.ar, sizeof(l->value.ar), "%s",
	         value_key ? i18n_tr(e->i18n, "ar", value_key) : code);
	snprintf(l->value.en, sizeof(l->value.en), "%s",
	         value_key ? i18n_tr(e->i18n, "en", value_key) : code);
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
	e->receipt_status = step_commit_status(e);
	if (e->p.hijri)
		e->p.hijri(e->p.ctx, eng_wall(e), har, hen, sizeof(har));
	struct receipt_facts f = {.kiosk_id = e->cfg.kiosk_id,
	                          .location = e->cfg.location,
	                          .reference = e->ref,
	                          .ministry_ref = e->nbatch > 0 ? "" : e->ministry_ref,
	                          .status = (enum receipt_status)e->receipt_status,
	                          .hijri_ar = har,
	                          .hijri_en = hen,
	                          .pay_url = step_pay_url(e)};
	char *batch = e->nbatch > 0 ? batch_receipt_payload(e) : NULL;
	int rc = e->nbatch > 0 && !batch
	                 ? KERR_NOMEM
	                 : receipt_build(e->i18n, e->svc, batch ? batch : e->payload, &f, &r);
	free_texts(&batch, 1);
	const struct svc_step *st = step_cur(e);
	const char *number = e->nbatch > 0 ? "" : e->batch[0].number;
	if (rc == 0 && number[0] && e->svc->receipt->number_label) /* the ministry's number */
		first_line(e, &r, e->svc->receipt->number_label, NULL, number);
	if (rc == 0 && st->title) /* one of several papers (each party's): whose it is, first */
		first_line(e, &r, "receipt.for", st->title, NULL);
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
	memset(e->batch, 0, sizeof(e->batch));
	e->nbatch = 0;
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
	json_t *arr = refdata_json(e, l->refdata);
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
		if (st->list->options) {
			json_t *arr = json_array();
			for (const char *const *o = st->list->options; *o; o++) {
				json_t *it = json_pack("{s:s}", "id", *o);
				char *end = NULL;
				long n = strtol(*o, &end, 10);
				if (**o >= '0' && **o <= '9' && end &&
				    !*end) /* a number: at "n" too */
					json_object_set_new(it, "n", json_integer(n));
				json_array_append_new(arr, it);
			}
			session_put(&e->s, st->list->items, arr);
		}
		if (st->list->multi && !json_is_array(session_get(&e->s, st->list->save_as)))
			session_put(&e->s, st->list->save_as, json_array());
		if (st->list->multi)
			list_sum(e, st->list);
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
		struct svc_ctx ctx;
		step_ctx(e, &ctx);
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

/* Does item's primary text (both languages of a LANG pair) have the folded needle in it? */
static bool
item_matches(const json_t *item, const struct svc_value *primary, const char *needle)
{
	char path[96];
	if (primary->fmt == SVC_FMT_LANG) {
		for (int i = 0; i < 2; i++) {
			snprintf(path, sizeof(path), "%s_%s", primary->path, i ? "en" : "ar");
			const char *t = json_string_value(svc_get(item, path));
			if (t && text_fold_contains(t, needle))
				return true;
		}
		return false;
	}
	const char *t = json_string_value(svc_get(item, primary->path));
	return t && text_fold_contains(t, needle);
}

int
list_visible(const struct engine *e, const struct svc_list *l, int from, int *idx, int max)
{
	const json_t *items = session_get(&e->s, l->items);
	const char *needle = l->match ? session_str(&e->s, l->match) : NULL;
	int n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (needle && needle[0] && !item_matches(it, &l->primary, needle))
			continue;
		if (idx && n >= from && n < from + max)
			idx[n - from] = (int)i;
		n++;
	}
	return n;
}

static int
list_len(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	return list_visible(e, st->list, 0, NULL, 0);
}

/* The index in the chosen array of an item with the id of item, or -1. */
static int
chosen_index(const json_t *chosen, const json_t *item)
{
	const json_t *id = json_object_get(item, "id");
	size_t i;
	json_t *c;
	json_array_foreach(chosen, i, c)
	{
		if (id ? json_equal(json_object_get(c, "id"), id) : json_equal(c, item))
			return (int)i;
	}
	return -1;
}

bool
list_is_chosen(const struct engine *e, const struct svc_list *l, const json_t *item)
{
	return l->multi && chosen_index(session_get(&e->s, l->save_as), item) >= 0;
}

/* multi: the running total of the chosen rows into the bag at sum_as. */
static void
list_sum(struct engine *e, const struct svc_list *l)
{
	if (!l->sum || !l->sum_as)
		return;
	json_int_t total = 0;
	size_t i;
	json_t *c;
	json_array_foreach(session_get(&e->s, l->save_as), i, c)
	{
		const json_t *v = svc_get(c, l->sum);
		if (json_is_integer(v) && json_integer_value(v) > 0)
			total += json_integer_value(v);
	}
	session_put(&e->s, l->sum_as, json_integer(total));
}

static void
list_choose(struct engine *e, int row)
{
	const struct svc_list *l = step_cur(e)->list;
	int idx = -1;
	int k = e->page * list_page_rows(l) + row;
	int n = list_visible(e, l, k, &idx, 1);
	if (row < 0 || k >= n || idx < 0 || !l->save_as)
		return;
	const json_t *item = json_array_get(session_get(&e->s, l->items), (size_t)idx);
	const char *blocked = l->blocked ? json_string_value(svc_get(item, l->blocked)) : NULL;
	if (!item)
		return;
	if (blocked) { /* shown, but it cannot be chosen: say why */
		e->notice_key = blocked;
		return;
	}
	e->notice_key = NULL;
	if (!l->multi) {
		session_put(&e->s, l->save_as, json_deep_copy(item));
		advance(e);
		return;
	}
	json_t *chosen = (json_t *)session_get(&e->s, l->save_as);
	int max = l->max_chosen > 0 && l->max_chosen < SVC_CHOSEN_MAX ? l->max_chosen
	                                                              : SVC_CHOSEN_MAX;
	int at = chosen_index(chosen, item);
	if (at >= 0) {
		json_array_remove(chosen, (size_t)at);
	} else if ((int)json_array_size(chosen) >= max) {
		e->notice_key = "list.max_chosen";
		snprintf(e->notice_args.b, sizeof(e->notice_args.b), "%d", max);
		return;
	} else {
		json_array_append_new(chosen, json_deep_copy(item));
	}
	list_sum(e, l);
}

/* multi: on with what is chosen; nothing chosen is said, not gone on with. */
static void
list_next(struct engine *e, const struct svc_list *l)
{
	if (json_array_size(session_get(&e->s, l->save_as)) == 0) {
		e->notice_key = l->none ? l->none : "list.none_chosen";
		return;
	}
	e->notice_key = NULL;
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

/* A step the person sees (and leaves with its main button). */
static bool
shown_step(enum svc_step_kind k)
{
	return k == SVC_STEP_INFO || k == SVC_STEP_FORM || k == SVC_STEP_LIST ||
	       k == SVC_STEP_CHECK_ANSWERS || k == SVC_STEP_FEE;
}

void
step_action(struct engine *e, enum ui_action a, int arg)
{
	const struct svc_step *st = step_cur(e);
	if (!st)
		return;
	if (a == UI_ACT_CANCEL && e->phase == PH_P2_CONSENT && st->party && st->party->decline) {
		p2_answer(e, false); /* the refusal is recorded, not dropped */
		return;
	}
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
		} else if (a == UI_ACT_BACK && st->check && shown_step(st->kind)) {
			step_show(e, e->step, false); /* its rule refused: back to its own screen */
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
			p2_answer(e, true);
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
		else if (st->kind == SVC_STEP_LIST && st->list->multi &&
		         (list_len(e) > 0 || st->list->match))
			list_next(e, st->list);
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
