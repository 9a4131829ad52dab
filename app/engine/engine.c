/*
 * engine.c - the step engine's global states and its inputs (see engine.h): a card arrives, is
 * read and checked, the PIN is verified, the backend is asked who the person is (sign-in with
 * roles), a representative of several establishments picks one, and the home screen offers the
 * services this person may use; a card removed, "finish" or an idle timeout end the session.
 * The running service's steps are steps.c; what the screen shows is present.c.
 *
 * Start at engine_card(). Every input ends with present(), so the view always matches the
 * state; nothing else writes the view.
 */
#include "engine.h"

#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "../backend/query.h"
#include "../cardmon.h"
#include "../print.h"
#include "../sync.h"
#include "../receipt_build.h"
#include "engine_internal.h"
#include "signin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t
eng_mono(struct engine *e)
{
	return e->p.mono_ms(e->p.ctx);
}

int64_t
eng_wall(struct engine *e)
{
	return e->p.wall_ms(e->p.ctx);
}

static void
touch(struct engine *e)
{
	e->last_input = eng_mono(e);
	e->idle_warning = false;
}

static void
report_health(struct engine *e)
{
	if (e->p.health)
		e->p.health(e->p.ctx, (int)e->card_state, (int)e->printer_state);
}

int
engine_open(struct engine **out, const struct engine_config *cfg, const struct engine_ports *ports,
            const struct i18n *i18n, const struct svc_def *const *services, int nservices)
{
	*out = NULL;
	if (!cfg || !ports || !ports->wall_ms || !ports->mono_ms || nservices < 0)
		return KERR_INVAL;
	struct engine *e = xcalloc(1, sizeof(*e));
	e->cfg = *cfg;
	e->p = *ports;
	e->i18n = i18n;
	/* the home screen's order is the services' own (insertion sort: a handful of them) */
	e->svcs = xcalloc((size_t)nservices + 1, sizeof(*e->svcs));
	for (int i = 0; i < nservices; i++) {
		int k = i;
		while (k > 0 && e->svcs[k - 1]->order > services[i]->order) {
			e->svcs[k] = e->svcs[k - 1];
			k--;
		}
		e->svcs[k] = services[i];
	}
	e->nsvcs = nservices;
	snprintf(e->lang, sizeof(e->lang), "%s", cfg->language[0] ? cfg->language : "ar");
	e->card_state = UI_DEV_OK;
	e->printer_state = UI_DEV_UNKNOWN;
	e->state = ENG_ATTRACT;
	e->pin_tries = -1;
	touch(e);
	present(e);
	*out = e;
	return 0;
}

void
engine_close(struct engine *e)
{
	if (!e)
		return;
	eng_end_session(e);
	free(e->svcs);
	xwipe(e, sizeof(*e));
	free(e);
}

/* ---- the session ---------------------------------------------------------------------------- */

void
eng_end_session(struct engine *e)
{
	if (e->job > 0 && !e->printed && e->p.print_cancel)
		e->p.print_cancel(e->p.ctx, e->job); /* not for the next person's eyes */
	if (e->query_id && e->p.query_cancel)
		e->p.query_cancel(e->p.ctx);
	if (e->payload) {
		xwipe(e->payload, strlen(e->payload));
		free(e->payload);
	}
	session_end(&e->s);
	/* everything about the run goes; the devices, the backend and the modes stay */
	xwipe(e->edit, sizeof(e->edit));
	e->svc = NULL;
	e->refused = NULL;
	e->payload = NULL;
	e->step = e->nhist = e->field = e->page = e->nest = 0;
	e->phase = PH_SHOW;
	e->committed = e->acked = e->printed = e->rejected = e->past_p2 = false;
	memset(e->batch, 0, sizeof(e->batch));
	e->nbatch = 0;
	e->signed_in = e->return_to_check = e->pin_pending = e->pin_wrong = false;
	e->seq = e->job = e->ack_deadline = e->query_deadline = 0;
	e->query_id = 0;
	e->ref[0] = e->ministry_ref[0] = '\0';
	e->msg_key = e->err_key = e->notice_key = e->offline_key = NULL;
	e->pin_tries = -1;
	e->pin_party = 0;
	e->pin_check = false;
	e->slip = 0;
	e->slip_job = 0;
	e->idle_warning = false;
	e->countdown_s = 0;
	snprintf(e->lang, sizeof(e->lang), "%s", e->cfg.language[0] ? e->cfg.language : "ar");
	e->state = e->out_of_service ? ENG_OUT_OF_SERVICE : ENG_ATTRACT;
	touch(e);
}

/* The card cannot be used: its holder's data go now; the message stays until the card is taken
 * out, "finish", or the idle timeout. */
static void
card_error(struct engine *e, const char *key)
{
	eng_end_session(e);
	e->state = ENG_CARD_ERROR;
	e->msg_key = key;
}

void
engine_set_out_of_service(struct engine *e, bool out)
{
	if (e->out_of_service == out)
		return;
	e->out_of_service = out;
	eng_end_session(e);
	present(e);
}

/* true when the card's expiry date (YYYY-MM-DD) is before today in Oman. An unreadable date
 * counts as expired: the card read refuses those before they get here. */
static bool
card_expired(struct engine *e, const struct card_identity *id)
{
	struct civil_date exp, today;
	if (!id->expiry[0])
		return false;
	if (date_parse_iso(id->expiry, &exp) < 0)
		return true;
	date_oman(eng_wall(e), &today);
	return date_cmp(&exp, &today) < 0;
}

const char *
eng_card_refusal(struct engine *e, const struct card_note *n)
{
	if (n->auth == CARD_AUTH_NOT_GENUINE)
		return "msg.card_not_genuine";
	if (n->auth == CARD_AUTH_EXPIRED || card_expired(e, &n->id))
		return "msg.card_expired";
	if (n->tries == 0)
		return "msg.pin_blocked";
	return NULL;
}

static void
first_card_read(struct engine *e, const struct card_note *n)
{
	const char *why = eng_card_refusal(e, n);
	if (why) {
		card_error(e, why);
		return;
	}
	if (session_add_party(&e->s, &n->id, n->auth) != 0) {
		card_error(e, "msg.card_unreadable");
		return;
	}
	if (n->tries == -2 && e->pin_check) {
		card_error(e, "pincheck.no_pin");
		return;
	}
	if (n->tries != -2) { /* the card has a PIN: ask for it */
		e->state = ENG_PIN;
		e->pin_party = 0;
		e->pin_tries = n->tries;
		e->pin_wrong = false;
		return;
	}
	e->s.party[0].pin_ok = true;
	eng_signin(e, 0);
}

static void
pin_answer(struct engine *e, const struct card_note *n)
{
	if (!e->pin_pending)
		return; /* a PIN the session no longer waits for */
	e->pin_pending = false;
	if (e->state == ENG_STEP) {
		step_card(e, n);
		return;
	}
	if (e->state != ENG_PIN)
		return;
	if (n->rc == 0 && e->pin_check) {
		/* only a check: nothing is asked of the backend, no service starts */
		e->pin_wrong = false;
		e->pin_tries = n->tries; /* after a right PIN: the card's count now (-1: unknown) */
		e->state = ENG_PIN_OK;
		klog(KLOG_INFO, "engine", "PIN check: the PIN is right");
	} else if (n->rc == 0) {
		e->s.party[0].pin_ok = true;
		e->pin_wrong = false;
		klog(KLOG_INFO, "engine", "PIN verified");
		eng_signin(e, 0);
	} else if (n->rc == KERR_PIN || n->rc == KERR_INVAL) {
		if (n->rc == KERR_PIN)
			e->pin_tries = n->tries;
		e->pin_wrong = true;
	} else if (n->rc == KERR_BLOCKED) {
		card_error(e, "msg.pin_blocked");
	} else {
		card_error(e, n->rc == KERR_REMOVED ? "msg.card_removed" : "msg.card_unreadable");
	}
}

void
engine_card(struct engine *e, const struct card_note *n)
{
	if (n->kind == CARD_NOTE_READER) {
		e->card_state = n->rc ? UI_DEV_FAULT : UI_DEV_OK;
		report_health(e);
		present(e);
		return;
	}
	if (e->out_of_service) {
		present(e);
		return; /* nothing could be recorded: no session starts */
	}
	switch (n->kind) {
	case CARD_NOTE_READING:
		if (e->state == ENG_STEP &&
		    (e->phase == PH_P2_INSERT || e->phase == PH_P2_REMOVE)) {
			step_card(e, n); /* the second person's card */
			break;
		}
		if (e->s.active || e->state == ENG_CARD_ERROR || e->state == ENG_PIN_OK)
			eng_end_session(e); /* a new card: the previous person's data goes first */
		session_start(&e->s, e->lang);
		e->state = ENG_READING;
		touch(e);
		break;
	case CARD_NOTE_READ:
		touch(e);
		if (e->state == ENG_STEP)
			step_card(e, n);
		else if (e->state == ENG_READING)
			first_card_read(e, n);
		break;
	case CARD_NOTE_FAILED:
		if (e->state == ENG_STEP)
			step_card(e, n);
		else if (e->state == ENG_READING)
			card_error(e, n->rc == KERR_REMOVED ? "msg.card_removed"
			                                    : "msg.card_unreadable");
		break;
	case CARD_NOTE_PIN:
		pin_answer(e, n);
		break;
	case CARD_NOTE_REMOVED:
		if (e->state == ENG_STEP && step_card_removed(e))
			break;
		if (e->state != ENG_ATTRACT && e->state != ENG_OUT_OF_SERVICE) {
			klog(KLOG_INFO, "engine", "card removed: session ended");
			eng_end_session(e);
		}
		break;
	case CARD_NOTE_READER:
		break;
	}
	present(e);
}

/* ---- sign-in -------------------------------------------------------------------------------- */

void
eng_signin(struct engine *e, int party)
{
	struct query_request r = {
	        .method = "POST", .path = SIGNIN_PATH, .timeout_ms = e->cfg.query_timeout_ms};
	char *body = signin_request(&e->s.party[party].id);
	r.body = body;
	int rc = body && e->p.query ? e->p.query(e->p.ctx, &r, &e->query_id) : KERR_NODEV;
	if (body) {
		xwipe(body, strlen(body));
		free(body);
	}
	if (party == 0)
		e->state = ENG_SIGNIN;
	if (rc < 0) {
		e->query_id = 0;
		klog(KLOG_WARN, "engine", "sign-in not sent: %s", kerr_str(rc));
		if (party == 0) {
			e->offline_key = "home.offline.unreachable";
			eng_go_home(e);
		}
		return;
	}
	e->query_deadline = eng_mono(e) + e->cfg.query_timeout_ms + ENG_QUERY_GRACE_MS;
}

/* The home screen's notice for a sign-in that did not get an answer we can use. */
static const char *
offline_reason(const struct query_answer *a)
{
	if (!a)
		return "home.offline.timeout";
	switch (a->rc) {
	case 0:
		return a->status >= 500 ? "home.offline.unavailable" : "home.offline.unreadable";
	case KERR_TIMEOUT:
		return "home.offline.timeout";
	case KERR_TLS:
		return "home.offline.tls";
	case KERR_TOOBIG:
	case KERR_PROTO:
		return "home.offline.unreadable";
	default:
		return "home.offline.unreachable";
	}
}

static void
signin_answer(struct engine *e, const struct query_answer *a)
{
	json_t *answer = NULL;
	struct signin_info info;
	char why[160] = "";
	int rc = KERR_PROTO;

	if (a && a->rc == 0 && a->status == 200)
		rc = signin_parse(a->body, a->len, &answer, &info, why, sizeof(why));
	if (a && (a->rc != 0 || a->status >= 500))
		e->online = false;
	if (rc < 0) {
		if (a && a->rc == 0 && a->status == 200)
			klog(KLOG_WARN, "engine", "sign-in answer unreadable: %s", why);
		else if (a)
			klog(KLOG_WARN, "engine", "sign-in failed: %s (HTTP %ld)", kerr_str(a->rc),
			     a->status);
		e->offline_key = offline_reason(a);
		eng_go_home(e);
		return;
	}
	e->online = true;
	klog(KLOG_INFO, "engine",
	     "signed in: identity %d, roles 0x%x (%d unknown), %d establishments",
	     (int)info.identity, info.roles, info.unknown_roles, info.nestablishments);
	if (info.identity != SIGNIN_CONFIRMED) {
		json_wipe_decref(answer);
		card_error(e,
		           info.identity == SIGNIN_MISMATCH ? "signin.mismatch" : "signin.unknown");
		return;
	}
	const char *names[8];
	int nnames = 0;
	const json_t *roles = json_object_get(answer, "roles");
	size_t i;
	json_t *v;
	json_array_foreach(roles, i, v)
	{
		const char *name = json_string_value(v);
		if (nnames < 8 && signin_role_bit(name))
			names[nnames++] = name;
	}
	session_set_roles(&e->s, 0, info.roles, names, nnames);
	e->signed_in = true;
	e->nest = info.nestablishments;
	session_put(&e->s, "signin", answer);
	if (!info.roles) {
		e->state = ENG_NO_ROLE;
		return;
	}
	if ((info.roles & SVC_ROLE_EMPLOYER) && e->nest == 1)
		session_put(&e->s, "establishment",
		            json_deep_copy(session_get(&e->s, "signin.establishments.0")));
	if ((info.roles & SVC_ROLE_EMPLOYER) && e->nest > 1) {
		e->state = ENG_PICK_EST;
		e->page = 0;
		return;
	}
	eng_go_home(e);
}

void
engine_answer(struct engine *e, const struct query_answer *a)
{
	if (!a || a->id != e->query_id || !e->query_id)
		return; /* an answer nobody waits for any more (its body is wiped by the caller) */
	e->query_id = 0;
	touch(e);
	if (e->state == ENG_SIGNIN)
		signin_answer(e, a);
	else if (e->state == ENG_STEP)
		step_answer(e, a);
	present(e);
}

/* ---- home ----------------------------------------------------------------------------------- */

void
eng_go_home(struct engine *e)
{
	e->state = ENG_HOME;
	e->svc = NULL;
	e->refused = NULL;
	e->page = 0;
}

const struct svc_def *
eng_home_service(const struct engine *e, int i)
{
	/* while the roles are unknown (the backend did not answer) everything is listed: what
	 * can start now first, then what cannot (marked), each in its order */
	for (int pass = e->signed_in ? 1 : 0; pass < 2; pass++)
		for (int k = 0; k < e->nsvcs; k++) {
			const struct svc_def *d = e->svcs[k];
			if (!policy_visible(e, d))
				continue;
			if (!e->signed_in && (policy_refusal(e, d) == NULL) != (pass == 0))
				continue;
			if (i-- == 0)
				return d;
		}
	return NULL;
}

int
eng_home_count(const struct engine *e)
{
	int n = 0;
	for (int k = 0; k < e->nsvcs; k++)
		n += policy_visible(e, e->svcs[k]);
	return n;
}

static int
page_count(int n)
{
	return n <= 0 ? 1 : (n + ENG_PAGE_ROWS - 1) / ENG_PAGE_ROWS;
}

static void
turn_page(struct engine *e, int dir, int n)
{
	int p = e->page + (dir > 0 ? 1 : -1);
	if (p >= 0 && p < page_count(n))
		e->page = p;
}

static void
home_choose(struct engine *e, int row)
{
	const struct svc_def *def = eng_home_service(e, e->page * ENG_PAGE_ROWS + row);
	if (!def)
		return;
	const char *why = policy_refusal(e, def);
	if (why) {
		klog(KLOG_INFO, "engine", "service %s refused: %s", def->id, why);
		e->state = ENG_REFUSED;
		e->refused = def;
		e->msg_key = why;
		return;
	}
	klog(KLOG_INFO, "engine", "service %s started", def->id);
	step_start_service(e, def);
}

static void
pick_establishment(struct engine *e, int row)
{
	int i = e->page * ENG_PAGE_ROWS + row;
	char path[64];
	snprintf(path, sizeof(path), "signin.establishments.%d", i);
	const json_t *est = session_get(&e->s, path);
	if (!est)
		return;
	session_put(&e->s, "establishment", json_deep_copy(est));
	eng_go_home(e);
}

/* ---- inputs --------------------------------------------------------------------------------- */

static void
pin_key(struct engine *e, enum ui_action a, int digit)
{
	bool mine = e->state == ENG_PIN || (e->state == ENG_STEP && e->phase == PH_P2_PIN);
	if (!mine || e->pin_pending)
		return;
	if (a == UI_ACT_PIN_DIGIT) {
		if (digit < 0 || digit > 9 || e->s.pin_len >= SESSION_PIN_MAX)
			return;
		e->s.pin[e->s.pin_len++] = (char)('0' + digit);
		e->pin_wrong = false;
	} else if (a == UI_ACT_PIN_BACK) {
		if (e->s.pin_len > 0)
			e->s.pin[--e->s.pin_len] = '\0';
	} else if (a == UI_ACT_PIN_OK && e->s.pin_len > 0) {
		int rc = e->p.verify_pin ? e->p.verify_pin(e->p.ctx, e->s.pin, (size_t)e->s.pin_len)
		                         : KERR_NODEV;
		xwipe(e->s.pin, sizeof(e->s.pin)); /* the card worker has its own copy */
		e->s.pin_len = 0;
		e->pin_pending = rc == 0;
		if (rc && e->state == ENG_PIN)
			card_error(e, "msg.card_unreadable");
		else if (rc)
			step_card_removed(e); /* the second card is gone: ask for it again */
	}
}

bool
eng_pin_blocked(const struct engine *e)
{
	return e->state == ENG_CARD_ERROR && e->msg_key &&
	       strcmp(e->msg_key, "msg.pin_blocked") == 0;
}

/* Where to unblock a blocked PIN, on paper: no personal data, no transaction. */
static void
print_pin_slip(struct engine *e)
{
	static const struct slip_line lines[] = {
	        {"slip.pin.where", "slip.pin.where_value"},
	        {"slip.pin.bring", "slip.pin.bring_value"},
	        {"slip.pin.meanwhile", "slip.pin.meanwhile_value"},
	};
	struct receipt r;
	if (!eng_pin_blocked(e) || e->slip == 1 || e->slip == 2)
		return;
	receipt_build_slip(e->i18n, "slip.pin.title", lines,
	                   (int)(sizeof(lines) / sizeof(lines[0])), "slip.pin.next",
	                   e->cfg.kiosk_id, e->cfg.location, eng_wall(e), &r);
	int64_t job = 0;
	int rc = e->p.print ? e->p.print(e->p.ctx, &r, &job) : KERR_NODEV;
	e->slip = rc == 0 ? 1 : -1;
	e->slip_job = rc == 0 ? job : 0;
	if (rc < 0)
		klog(KLOG_WARN, "engine", "PIN slip not printed: %s", kerr_name(rc));
}

void
engine_action(struct engine *e, enum ui_action a, int arg)
{
	touch(e);
	switch (a) {
	case UI_ACT_LANG_TOGGLE:
		snprintf(e->lang, sizeof(e->lang), "%s", strcmp(e->lang, "ar") == 0 ? "en" : "ar");
		if (e->s.active)
			snprintf(e->s.lang, sizeof(e->s.lang), "%s", e->lang);
		break;
	case UI_ACT_CONTRAST:
		e->high_contrast = !e->high_contrast;
		break;
	case UI_ACT_LARGE_TEXT:
		e->large_text = !e->large_text;
		break;
	case UI_ACT_SIM_INSERT:
	case UI_ACT_SIM_REMOVE:
		if (e->p.card_control)
			e->p.card_control(e->p.ctx, a == UI_ACT_SIM_INSERT ? "insert" : "remove");
		break;
	case UI_ACT_CONTINUE:
		break; /* touch() took the warning away */
	case UI_ACT_PIN_DIGIT:
	case UI_ACT_PIN_BACK:
	case UI_ACT_PIN_OK:
		pin_key(e, a, arg);
		break;
	case UI_ACT_FINISH:
		if (e->state != ENG_ATTRACT && e->state != ENG_OUT_OF_SERVICE && !engine_busy(e))
			eng_end_session(e);
		break;
	default:
		switch (e->state) {
		case ENG_ATTRACT:
			if (a == UI_ACT_LINK) { /* "check my PIN" */
				e->pin_check = true;
				e->state = ENG_PIN_CHECK;
			}
			break;
		case ENG_PIN_CHECK:
			if (a == UI_ACT_BACK || a == UI_ACT_CANCEL)
				eng_end_session(e);
			break;
		case ENG_CARD_ERROR:
			if (a == UI_ACT_NEXT)
				print_pin_slip(e);
			break;
		case ENG_HOME:
			if (a == UI_ACT_CHOOSE)
				home_choose(e, arg);
			else if (a == UI_ACT_PAGE)
				turn_page(e, arg, eng_home_count(e));
			else if (a == UI_ACT_BACK && e->nest > 1) {
				e->state = ENG_PICK_EST; /* "change establishment" */
				e->page = 0;
			}
			break;
		case ENG_PICK_EST:
			if (a == UI_ACT_CHOOSE)
				pick_establishment(e, arg);
			else if (a == UI_ACT_PAGE)
				turn_page(e, arg, e->nest);
			break;
		case ENG_REFUSED:
			if (a == UI_ACT_BACK || a == UI_ACT_CANCEL)
				eng_go_home(e);
			break;
		case ENG_STEP:
			step_action(e, a, arg);
			break;
		default:
			break;
		}
		break;
	}
	present(e);
}

void
engine_key(struct engine *e, int key)
{
	touch(e);
	if (e->state == ENG_STEP)
		step_key(e, key);
	present(e);
}

void
engine_input(struct engine *e)
{
	bool was = e->idle_warning;
	touch(e);
	if (was)
		present(e);
}

void
engine_printed(struct engine *e, const struct print_result *r)
{
	e->printer_state = r->rc ? UI_DEV_FAULT : UI_DEV_OK;
	report_health(e);
	if (e->state == ENG_CARD_ERROR && e->slip_job > 0 && r->job == e->slip_job)
		e->slip = r->rc == 0 ? 2 : -1;
	if (r->pending && r->job != e->job && e->p.print_cancel)
		e->p.print_cancel(e->p.ctx, r->job); /* kept for a person who has gone: forget it */
	if (r->job == e->job && e->job > 0)
		step_printed(e, r);
	present(e);
}

void
engine_sync(struct engine *e, const struct sync_note *n)
{
	switch (n->kind) {
	case SYNC_NOTE_ONLINE:
		e->online = true;
		break;
	case SYNC_NOTE_OFFLINE:
		e->online = false;
		break;
	case SYNC_NOTE_ACKED:
	case SYNC_NOTE_REJECTED:
		if (n->kind == SYNC_NOTE_ACKED)
			e->online = true;
		if (e->seq && n->seq >= e->seq && n->seq < e->seq + (e->nbatch > 1 ? e->nbatch : 1))
			step_acked(e,
			           n); /* the running service's (a batch's seqs are consecutive) */
		break;
	case SYNC_NOTE_DEPTH:
		e->queue_depth = n->depth > 100000 ? 100000 : (int)n->depth;
		break;
	}
	present(e);
}

bool
engine_busy(const struct engine *e)
{
	if (e->state != ENG_STEP || !e->svc || e->phase != PH_WAIT)
		return false;
	enum svc_step_kind k = e->svc->steps[e->step].kind;
	return k == SVC_STEP_COMMIT || k == SVC_STEP_PRINT || k == SVC_STEP_REPRINT;
}

void
engine_tick(struct engine *e)
{
	int64_t now = eng_mono(e);
	if (e->query_id && now >= e->query_deadline) {
		/* the worker never answered (it is stuck): as a timeout */
		struct query_answer a = {.id = e->query_id, .rc = KERR_TIMEOUT};
		klog(KLOG_WARN, "engine", "no answer from the query worker in time");
		engine_answer(e, &a);
	}
	if (e->state == ENG_STEP)
		step_tick(e);
	if (e->state == ENG_ATTRACT || e->state == ENG_OUT_OF_SERVICE) {
		present(e);
		return;
	}
	if (engine_busy(e)) {
		e->last_input = now; /* never interrupt a commit or a print */
		present(e);
		return;
	}
	int64_t idle = now - e->last_input;
	int64_t timeout = (int64_t)e->cfg.idle_timeout_s * 1000;
	int64_t warn_at = timeout - (int64_t)e->cfg.idle_warning_s * 1000;
	if (idle >= timeout) {
		klog(KLOG_INFO, "engine", "session ended after %d s without input",
		     e->cfg.idle_timeout_s);
		eng_end_session(e);
	} else if (idle >= warn_at) {
		e->idle_warning = true;
		e->countdown_s = (int)((timeout - idle + 999) / 1000);
	}
	present(e);
}

const struct ui_view *
engine_view(struct engine *e)
{
	return &e->view;
}

const struct session *
engine_session(const struct engine *e)
{
	return &e->s;
}

const char *
engine_state_name(struct engine *e)
{
	static const char *const names[] = {
	        [ENG_OUT_OF_SERVICE] = "out-of-service",
	        [ENG_ATTRACT] = "attract",
	        [ENG_READING] = "reading",
	        [ENG_CARD_ERROR] = "card-error",
	        [ENG_PIN] = "pin",
	        [ENG_SIGNIN] = "signin",
	        [ENG_NO_ROLE] = "no-role",
	        [ENG_PICK_EST] = "establishments",
	        [ENG_HOME] = "home",
	        [ENG_REFUSED] = "refused",
	        [ENG_STEP] = "step",
	        [ENG_PIN_CHECK] = "pin-check",
	        [ENG_PIN_OK] = "pin-ok",
	};
	if (e->state == ENG_STEP && e->svc)
		snprintf(e->state_name, sizeof(e->state_name), "%s/%s", e->svc->id,
		         e->svc->steps[e->step].id);
	else
		snprintf(e->state_name, sizeof(e->state_name), "%s", names[e->state]);
	return e->state_name;
}
