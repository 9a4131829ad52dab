/*
 * present.c - the view: what the screen shows for the engine's state, in the person's language
 * (see ui/view.h). present() rebuilds the whole view after every input, from the state alone,
 * so the screen can never show something the state does not say. Every text is a message key
 * translated here (text/i18n.h); values from the bag are written by present_value() (dates as
 * the language writes them, amounts in OMR, civil numbers masked, codes as message keys).
 */
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../text/i18n.h"
#include "../receipt.h"
#include "../receipt_build.h"
#include "engine_internal.h"
#include "valuefmt.h"

#include <stdio.h>
#include <string.h>

#define VAL_MAX 384

void
present_value(struct engine *e, const json_t *root, const struct svc_value *v, char *out,
              size_t size)
{
	valuefmt(e->i18n, e->lang, root, v, out, size);
}

void
present_text(struct engine *e, const json_t *root, const struct svc_text *t, char *out, size_t size)
{
	valuefmt_text(e->i18n, e->lang, root, t, out, size);
}

static void
format_amount(struct engine *e, json_int_t baisa, char *out, size_t size)
{
	valuefmt_amount(e->i18n, e->lang, baisa, out, size);
}

static const char *
tr(struct engine *e, const char *key)
{
	return i18n_tr(e->i18n, e->lang, key);
}

static void
put(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

static void
button(struct engine *e, enum ui_action a, const char *key)
{
	struct ui_view *v = &e->view;
	if (v->nbuttons >= UI_BUTTONS_MAX)
		return;
	v->buttons[v->nbuttons].action = a;
	put(v->buttons[v->nbuttons].label, sizeof(v->buttons[0].label), tr(e, key));
	v->nbuttons++;
}

static struct ui_row *
row(struct engine *e)
{
	struct ui_view *v = &e->view;
	return v->nrows < UI_ROWS_MAX ? &v->rows[v->nrows++] : NULL;
}

/* "Page 2 of 5" and the arrows, for page (from 0) of pages. */
static void
pager_of(struct engine *e, int page, int pages)
{
	struct ui_view *v = &e->view;
	if (pages <= 1)
		return;
	char a[16], b[16];
	snprintf(a, sizeof(a), "%d", page + 1);
	snprintf(b, sizeof(b), "%d", pages);
	struct i18n_arg args[] = {{"page", a}, {"pages", b}};
	i18n_fmt(e->i18n, e->lang, "list.page", args, 2, v->pager, sizeof(v->pager));
	v->page_prev = page > 0;
	v->page_next = page + 1 < pages;
}

/* The same for n rows in pages of ENG_PAGE_ROWS. */
static void
pager(struct engine *e, int n)
{
	pager_of(e, e->page, n <= 0 ? 1 : (n + ENG_PAGE_ROWS - 1) / ENG_PAGE_ROWS);
}

/* ---- screens -------------------------------------------------------------------------------- */

static void
screen(struct engine *e, enum ui_kind kind, const char *id, const char *title_key,
       const char *body_key)
{
	struct ui_view *v = &e->view;
	v->kind = kind;
	put(v->id, sizeof(v->id), id);
	if (title_key)
		put(v->title, sizeof(v->title), tr(e, title_key));
	if (body_key)
		put(v->body, sizeof(v->body), tr(e, body_key));
}

static void
notice(struct engine *e, const char *key, bool error)
{
	struct i18n_arg args[] = {{"min", e->notice_args.a}, {"max", e->notice_args.b}};
	if (!key)
		return;
	i18n_fmt(e->i18n, e->lang, key, args, 2, e->view.notice, sizeof(e->view.notice));
	e->view.notice_error = error;
}

static void
pin_screen(struct engine *e, const char *id, const char *title_key)
{
	struct ui_view *v = &e->view;
	screen(e, UI_KIND_PIN, id, title_key, "pin.hint");
	v->pin_len = e->s.pin_len;
	char tries[160] = "";
	if (e->pin_tries >= 0)
		i18n_nfmt(e->i18n, e->lang, "pin.tries_left", e->pin_tries, NULL, 0, tries,
		          sizeof(tries));
	if (e->pin_wrong)
		snprintf(v->notice, sizeof(v->notice), "%s%s%s", tr(e, "msg.pin_wrong"),
		         tries[0] ? "\n" : "", tries);
	else
		put(v->notice, sizeof(v->notice), tries);
	v->notice_error = e->pin_wrong || e->pin_tries == 1;
	button(e, UI_ACT_FINISH, "action.finish");
}

/* The person's name in the screen's language (the other when the card has none). */
static void
party_name(struct engine *e, int i, char *out, size_t size)
{
	char path[32];
	snprintf(path, sizeof(path), "party.%d.name", i);
	struct svc_value v = {.path = path, .fmt = SVC_FMT_LANG};
	present_value(e, e->s.bag, &v, out, size);
}

static void
home_screen(struct engine *e)
{
	struct ui_view *v = &e->view;
	char name[160], est[200];
	screen(e, UI_KIND_MENU, "home", "home.title", NULL);
	party_name(e, 0, name, sizeof(name));
	struct svc_value ev = {.path = "establishment.name", .fmt = SVC_FMT_LANG};
	present_value(e, e->s.bag, &ev, est, sizeof(est));
	struct i18n_arg args[] = {{"name", name}, {"establishment", est}};
	i18n_fmt(e->i18n, e->lang, est[0] ? "home.body.establishment" : "home.body", args, 2,
	         v->body, sizeof(v->body));
	notice(e, e->signed_in ? NULL : e->offline_key, false);
	int n = eng_home_count(e);
	for (int i = e->page * ENG_PAGE_ROWS; i < n && i < (e->page + 1) * ENG_PAGE_ROWS; i++) {
		const struct svc_def *def = eng_home_service(e, i);
		struct ui_row *r = row(e);
		const char *why = policy_refusal(e, def);
		put(r->label, sizeof(r->label), tr(e, def->title));
		if (why) {
			char key[96];
			snprintf(key, sizeof(key), "%s.short", why);
			put(r->value, sizeof(r->value), tr(e, key));
			r->disabled = true;
		} else {
			put(r->value, sizeof(r->value), tr(e, def->summary));
		}
	}
	v->choose = true;
	pager(e, n);
	if (e->nest > 1)
		button(e, UI_ACT_BACK, "home.change_establishment");
	button(e, UI_ACT_FINISH, "action.finish");
}

static void
establishments_screen(struct engine *e)
{
	struct ui_view *v = &e->view;
	screen(e, UI_KIND_MENU, "establishments", "est.title", "est.body");
	for (int i = e->page * ENG_PAGE_ROWS; i < e->nest && i < (e->page + 1) * ENG_PAGE_ROWS;
	     i++) {
		char base[64];
		snprintf(base, sizeof(base), "signin.establishments.%d", i);
		const json_t *est = session_get(&e->s, base);
		struct ui_row *r = row(e);
		struct svc_value nv = {.path = "name", .fmt = SVC_FMT_LANG};
		present_value(e, est, &nv, r->label, sizeof(r->label));
		char cr[40]; /* a code: ASCII digits in every language */
		struct i18n_arg args[] = {
		        {"cr", valuefmt_code(json_string_value(json_object_get(est, "cr_number")),
		                             cr, sizeof(cr))}};
		i18n_fmt(e->i18n, e->lang, "est.cr", args, 1, r->value, sizeof(r->value));
	}
	v->choose = true;
	pager(e, e->nest);
	button(e, UI_ACT_FINISH, "action.finish");
}

/* How far through the service the person is: the screens they see, counted. */
static bool
counted(enum svc_step_kind k)
{
	return k == SVC_STEP_INFO || k == SVC_STEP_FORM || k == SVC_STEP_LIST ||
	       k == SVC_STEP_CHECK_ANSWERS || k == SVC_STEP_FEE || k == SVC_STEP_SECOND_PARTY ||
	       k == SVC_STEP_RESULT;
}

static void
progress(struct engine *e)
{
	int n = 0, cur = 0;
	for (int i = 0; i < e->svc->nsteps; i++) {
		if (!counted(e->svc->steps[i].kind))
			continue;
		n++;
		if (i <= e->step)
			cur = n;
	}
	if (n > 1) {
		e->view.nsteps = n;
		e->view.step = cur > 0 ? cur : 1;
	}
}

static void
nav(struct engine *e)
{
	if (!e->committed)
		button(e, UI_ACT_BACK, "button.back");
	button(e, UI_ACT_CANCEL, e->committed ? "button.another" : "button.cancel");
}

/* A batch's line on the result: "3 requests: 2 sent, 1 waiting to be sent" (the counts that
 * are not 0). */
static void
batch_line(struct engine *e, char *out, size_t size)
{
	int c[3] = {0, 0, 0};
	static const char *const keys[3] = {"result.batch.queued", "result.batch.sent",
	                                    "result.batch.refused"};
	for (int k = 0; k < e->nbatch; k++)
		c[e->batch[k].state == ENG_TXN_ACKED      ? 1
		  : e->batch[k].state == ENG_TXN_REJECTED ? 2
		                                          : 0]++;
	i18n_nfmt(e->i18n, e->lang, "result.batch", e->nbatch, NULL, 0, out, size);
	for (int k = 0; k < 3; k++) {
		char part[96];
		size_t len = strlen(out);
		if (!c[k])
			continue;
		i18n_nfmt(e->i18n, e->lang, keys[k], c[k], NULL, 0, part, sizeof(part));
		snprintf(out + len, size - len, "%s%s", tr(e, "result.batch.sep"), part);
	}
}

static void
result_screen(struct engine *e)
{
	struct ui_view *v = &e->view;
	enum receipt_status status = e->printed || e->job
	                                     ? (enum receipt_status)e->receipt_status
	                                     : (enum receipt_status)step_commit_status(e);
	char tkey[64], bkey[128];
	snprintf(tkey, sizeof(tkey), "result.title.%s", receipt_status_name(status));
	/* the service's own words when it has them: the paper's "what happens next" agrees */
	screen(e, UI_KIND_RESULT, "result", tkey,
	       receipt_text_key(e->i18n, "result.body", status, e->svc ? e->svc->id : NULL, bkey,
	                        sizeof(bkey)));
	char line[192], mline[192] = "", ref[80], mref[80];
	/* the references are codes: ASCII digits in every language */
	struct i18n_arg a1[] = {{"ref", valuefmt_code(e->ref, ref, sizeof(ref))}};
	i18n_fmt(e->i18n, e->lang, "result.reference", a1, 1, line, sizeof(line));
	if (status == RECEIPT_SUBMITTED && e->ministry_ref[0]) {
		struct i18n_arg a2[] = {
		        {"ref", valuefmt_code(e->ministry_ref, mref, sizeof(mref))}};
		i18n_fmt(e->i18n, e->lang, "result.ministry_reference", a2, 1, mline,
		         sizeof(mline));
	}
	if (e->nbatch > 0) /* a batch: how many went, the paper lists each */
		batch_line(e, line, sizeof(line));
	const char *no = e->nbatch > 0 ? "" : e->batch[0].number;
	if (status == RECEIPT_SUBMITTED && no[0] && e->svc && e->svc->receipt &&
	    e->svc->receipt->number_label) { /* the ministry's number, beside the reference */
		char code[48];
		size_t len = strlen(mline);
		snprintf(mline + len, sizeof(mline) - len, "%s%s: %s", len ? "\n" : "",
		         tr(e, e->svc->receipt->number_label),
		         valuefmt_code(no, code, sizeof(code)));
	}
	if (step_pay_url(e)[0]) {
		size_t len = strlen(mline);
		snprintf(mline + len, sizeof(mline) - len, "%s%s", len ? "\n" : "",
		         tr(e, "result.pay_on_receipt"));
	}
	snprintf(v->panel, sizeof(v->panel), "%s%s%s", line, mline[0] ? "\n" : "", mline);
	button(e, UI_ACT_FINISH, "action.finish");
	button(e, UI_ACT_CANCEL, "button.another");
}

static void
step_error_screen(struct engine *e)
{
	struct ui_view *v = &e->view;
	screen(e, UI_KIND_ERROR, "error", "error.title", e->err_key);
	if (e->committed && e->ref[0]) {
		char ref[80];
		struct i18n_arg a[] = {{"ref", valuefmt_code(e->ref, ref, sizeof(ref))}};
		i18n_fmt(e->i18n, e->lang, "result.reference", a, 1, v->panel, sizeof(v->panel));
	}
	if (e->err_retry)
		button(e, UI_ACT_NEXT, "button.retry");
	nav(e);
	button(e, UI_ACT_FINISH, "action.finish");
}

static void
list_rows(struct engine *e, const struct svc_list *l)
{
	const json_t *items = session_get(&e->s, l->items);
	int qpage, qpages = step_pages(e, &qpage);
	bool paged = l->total != NULL; /* the backend's page: all of it is on screen */
	int rows = list_page_rows(l);
	int from = paged ? 0 : e->page * rows;
	int idx[ENG_PAGE_ROWS];
	int n = list_visible(e, l, from, idx, rows);
	for (int k = 0; k < rows && from + k < n; k++) {
		const json_t *it = json_array_get(items, (size_t)idx[k]);
		struct ui_row *r = row(e);
		if (!r)
			break;
		present_value(e, it, &l->primary, r->label, sizeof(r->label));
		present_text(e, it, &l->secondary, r->value, sizeof(r->value));
		const char *blocked =
		        l->blocked ? json_string_value(svc_get(it, l->blocked)) : NULL;
		if (blocked) { /* why it cannot be chosen, under it */
			size_t len = strlen(r->value);
			snprintf(r->value + len, sizeof(r->value) - len, "%s%s", len ? "\n" : "",
			         tr(e, blocked));
		}
		r->disabled = blocked != NULL;
		r->selected = list_is_chosen(e, l, it);
	}
	e->view.choose = l->save_as != NULL;
	e->view.multi = l->multi;
	if (n == 0)
		notice(e, l->empty ? l->empty : "list.empty", false);
	if (paged)
		pager_of(e, qpage, qpages);
	else
		pager_of(e, e->page, n <= 0 ? 1 : (n + rows - 1) / rows);
}

/* multi: "2 chosen", with the running total when the list sums one, under the text. */
static void
chosen_line(struct engine *e, const struct svc_list *l)
{
	struct ui_view *v = &e->view;
	const json_t *sum = l->sum_as ? session_get(&e->s, l->sum_as) : NULL;
	char amount[64] = "", line[256];
	int n = (int)json_array_size(session_get(&e->s, l->save_as));
	struct i18n_arg a[] = {{"total", amount}};
	if (json_is_integer(sum)) {
		format_amount(e, json_integer_value(sum), amount, sizeof(amount));
		i18n_nfmt(e->i18n, e->lang, "list.chosen_total", n, a, 1, line, sizeof(line));
	} else {
		i18n_nfmt(e->i18n, e->lang, "list.chosen", n, NULL, 0, line, sizeof(line));
	}
	size_t len = strlen(v->body);
	snprintf(v->body + len, sizeof(v->body) - len, "%s%s", len ? "\n" : "", line);
}

/* The main button and the step's second one (a link), when it is shown. */
static void
step_buttons(struct engine *e, const struct svc_step *st, const char *dflt)
{
	button(e, UI_ACT_NEXT, st->next_label ? st->next_label : dflt);
	if (step_link_shown(e, st))
		button(e, UI_ACT_LINK, st->link->label);
}

/* CHECK_ANSWERS: every field of the forms before, with what was typed. */
static void
check_rows(struct engine *e)
{
	for (int k = 0; k < e->step; k++) {
		const struct svc_step *st = &e->svc->steps[k];
		if (st->kind != SVC_STEP_FORM)
			continue;
		for (int f = 0; f < st->nfields; f++) {
			char path[96];
			struct ui_row *r = row(e);
			if (!r)
				return;
			snprintf(path, sizeof(path), "form.%s", st->fields[f].key);
			const char *val = session_str(&e->s, path);
			put(r->label, sizeof(r->label), tr(e, st->fields[f].label));
			put(r->value, sizeof(r->value), val && val[0] ? val : tr(e, "check.empty"));
		}
	}
	e->view.choose = true;
}

static void
fee_rows(struct engine *e)
{
	const struct svc_def *def = e->svc;
	json_int_t total = 0;
	for (int i = 0; i < def->nfees; i++) {
		struct ui_row *r = row(e);
		const struct svc_fee *f = &def->fees[i];
		json_int_t n = 0;
		if (f->refdata && e->p.refdata) {
			char text[4096];
			if (e->p.refdata(e->p.ctx, "fees", text, sizeof(text)) == 0) {
				json_t *fees = json_loads(text, 0, NULL);
				json_t *v = json_object_get(fees, f->refdata);
				n = json_is_integer(v) ? json_integer_value(v) : 0;
				json_decref(fees);
			}
		} else if (f->path) {
			const json_t *v = session_get(&e->s, f->path);
			n = json_is_integer(v) ? json_integer_value(v) : 0;
		}
		total += n;
		if (!r)
			continue;
		put(r->label, sizeof(r->label), tr(e, f->label));
		format_amount(e, n, r->value, sizeof(r->value));
	}
	struct ui_row *r = row(e);
	if (r) {
		put(r->label, sizeof(r->label), tr(e, "fee.total"));
		format_amount(e, total, r->value, sizeof(r->value));
	}
}

static void
step_screen(struct engine *e)
{
	const struct svc_step *st = step_cur(e);
	struct ui_view *v = &e->view;
	char id[64];
	snprintf(id, sizeof(id), "%s/%s", e->svc->id, st->id);
	progress(e);
	switch (e->phase) {
	case PH_ERROR:
		step_error_screen(e);
		return;
	case PH_WAIT:
		screen(e, UI_KIND_BUSY, id,
		       st->kind == SVC_STEP_QUERY     ? "busy.query"
		       : st->kind == SVC_STEP_COMMIT  ? "busy.commit"
		       : st->kind == SVC_STEP_REPRINT ? "working.printing_copy"
		                                      : "working.printing",
		       "working.please_wait");
		return;
	case PH_P2_REMOVE:
		screen(e, UI_KIND_CARD, id, "p2.remove.title", st->party->title);
		nav(e);
		return;
	case PH_P2_INSERT:
		screen(e, UI_KIND_CARD, id, st->party->title, st->party->body);
		notice(e, e->notice_key, true);
		nav(e);
		return;
	case PH_P2_READING:
		screen(e, UI_KIND_BUSY, id, "reading.title", "reading.dont_remove");
		return;
	case PH_P2_PIN:
		pin_screen(e, id, "pin.title.second");
		return;
	case PH_P2_SIGNIN:
		screen(e, UI_KIND_BUSY, id, "signin.title", "signin.body");
		return;
	case PH_P2_CONSENT: {
		struct svc_text t = {.key = st->party->consent ? st->party->consent : "p2.consent"};
		screen(e, UI_KIND_INFO, id, "p2.consent.title", NULL);
		present_text(e, e->s.bag, &t, v->body, sizeof(v->body));
		struct ui_row *r = row(e);
		put(r->label, sizeof(r->label), tr(e, "field.name"));
		party_name(e, 1, r->value, sizeof(r->value));
		button(e, UI_ACT_NEXT, "p2.agree");
		button(e, UI_ACT_CANCEL, "p2.disagree");
		button(e, UI_ACT_BACK, "button.back");
		return;
	}
	case PH_SHOW:
		break;
	}
	switch (st->kind) {
	case SVC_STEP_INFO:
		screen(e, UI_KIND_INFO, id, st->title, NULL);
		present_text(e, e->s.bag, &st->body, v->body, sizeof(v->body));
		for (int i = 0; i < st->nlines; i++) {
			char val[VAL_MAX];
			present_value(e, e->s.bag, &st->lines[i].v, val, sizeof(val));
			if (!val[0] && st->lines[i].missing)
				put(val, sizeof(val), tr(e, st->lines[i].missing));
			if (!val[0])
				continue; /* an optional value the answer did not have */
			struct ui_row *r = row(e);
			if (!r)
				break;
			put(r->label, sizeof(r->label), tr(e, st->lines[i].label));
			put(r->value, sizeof(r->value), val);
		}
		step_buttons(e, st, "action.continue");
		nav(e);
		break;
	case SVC_STEP_FORM: {
		const struct svc_field *f = &st->fields[e->field];
		char lim[2][12];
		snprintf(lim[0], sizeof(lim[0]), "%d", f->min_len);
		snprintf(lim[1], sizeof(lim[1]), "%d", f->max_len);
		const struct i18n_arg hint_args[] = {{"min", lim[0]}, {"max", lim[1]}};
		screen(e, UI_KIND_FORM, id, f->label, NULL);
		if (f->hint) /* formatted: a hint may give the limits, or digits in the language's
		              */
			i18n_fmt(e->i18n, e->lang, f->hint, hint_args, 2, v->body, sizeof(v->body));
		put(v->field, sizeof(v->field), e->edit);
		v->keyboard = f->type == SVC_VAL_DIGITS || f->type == SVC_VAL_PHONE ? UI_KBD_DIGITS
		              : f->type == SVC_VAL_EMAIL                            ? UI_KBD_EN
		              : strcmp(e->lang, "ar") == 0                          ? UI_KBD_AR
		                                                                    : UI_KBD_EN;
		notice(e, e->notice_key, true);
		button(e, UI_ACT_NEXT, st->next_label ? st->next_label : "action.continue");
		nav(e);
		break;
	}
	case SVC_STEP_LIST:
		screen(e, UI_KIND_LIST, id, st->title, NULL);
		present_text(e, e->s.bag, &st->body, v->body, sizeof(v->body));
		if (st->list->multi)
			chosen_line(e, st->list);
		list_rows(e, st->list);
		notice(e, e->notice_key, true); /* why a row cannot be chosen, nothing chosen */
		/* a multiple choice goes on; one found by typing, with what was chosen before, too
		 */
		if (!v->choose || (st->list->multi && (v->nrows > 0 || st->list->match)))
			button(e, UI_ACT_NEXT, st->next_label ? st->next_label : "action.continue");
		else if (v->nrows == 0) /* nothing to choose: the service ends here */
			button(e, UI_ACT_NEXT, "button.done");
		if (step_link_shown(e, st))
			button(e, UI_ACT_LINK, st->link->label);
		nav(e);
		break;
	case SVC_STEP_CHECK_ANSWERS:
		screen(e, UI_KIND_LIST, id, st->title ? st->title : "check.title", "check.body");
		check_rows(e);
		button(e, UI_ACT_NEXT, st->next_label ? st->next_label : "button.confirm");
		nav(e);
		break;
	case SVC_STEP_FEE:
		screen(e, UI_KIND_INFO, id, st->title ? st->title : "fee.title", NULL);
		present_text(e, e->s.bag, &st->body, v->body, sizeof(v->body));
		fee_rows(e);
		button(e, UI_ACT_NEXT, st->next_label ? st->next_label : "button.confirm");
		nav(e);
		break;
	case SVC_STEP_RESULT:
		result_screen(e);
		break;
	case SVC_STEP_SECOND_PARTY: /* shown by its phases */
	case SVC_STEP_QUERY:
	case SVC_STEP_COMMIT:
	case SVC_STEP_PRINT:
	case SVC_STEP_REPRINT:
		screen(e, UI_KIND_BUSY, id, "busy.query", "working.please_wait");
		break;
	}
}

void
present(struct engine *e)
{
	struct ui_view *v = &e->view;
	memset(v, 0, sizeof(*v));
	put(v->lang, sizeof(v->lang), e->lang);
	v->online = e->online;
	v->card_state = e->card_state;
	v->printer_state = e->printer_state;
	v->queue_depth = e->queue_depth;
	v->sim_controls = e->cfg.sim_controls;
	v->high_contrast = e->high_contrast;
	v->large_text = e->large_text;
	switch (e->state) {
	case ENG_OUT_OF_SERVICE:
		screen(e, UI_KIND_ERROR, "out-of-service", "error.title", "msg.out_of_service");
		break;
	case ENG_ATTRACT:
		screen(e, UI_KIND_CARD, "attract", "attract.insert_card", "attract.insert_hint");
		/* nobody has chosen a language yet: the other one says it too */
		put(v->title_other, sizeof(v->title_other),
		    i18n_tr(e->i18n, strcmp(e->lang, "ar") == 0 ? "en" : "ar",
		            "attract.insert_card"));
		button(e, UI_ACT_LINK, "pincheck.button");
		break;
	case ENG_PIN_CHECK:
		screen(e, UI_KIND_CARD, "pin-check", "pincheck.insert_title",
		       "pincheck.insert_body");
		button(e, UI_ACT_BACK, "button.back");
		break;
	case ENG_PIN_OK: {
		screen(e, UI_KIND_RESULT, "pin-ok", "pincheck.ok_title", "pincheck.ok_body");
		/* a right PIN resets the card's count of tries (ISO 7816-4); a card that says it
		 * now gets its number shown */
		if (e->pin_tries >= 0)
			i18n_nfmt(e->i18n, e->lang, "pin.tries_left", e->pin_tries, NULL, 0,
			          v->panel, sizeof(v->panel));
		else
			put(v->panel, sizeof(v->panel), tr(e, "pincheck.tries_full"));
		button(e, UI_ACT_FINISH, "action.finish");
		break;
	}
	case ENG_READING:
		screen(e, UI_KIND_BUSY, "reading", "reading.title", "reading.dont_remove");
		break;
	case ENG_CARD_ERROR:
		screen(e, UI_KIND_ERROR, "card-error", "error.title", e->msg_key);
		if (eng_pin_blocked(e)) {
			/* where to unblock it, on paper to take away */
			if (e->slip == 0 && e->printer_state != UI_DEV_FAULT)
				button(e, UI_ACT_NEXT, "pincheck.print_slip");
			const char *said = e->slip == 1    ? "pincheck.slip_printing"
			                   : e->slip == 2  ? "pincheck.slip_printed"
			                   : e->slip == -1 ? "pincheck.slip_failed"
			                                   : NULL;
			if (said) /* in the panel: the error screen's place for what happened */
				put(v->panel, sizeof(v->panel), tr(e, said));
		}
		button(e, UI_ACT_FINISH, "action.finish");
		break;
	case ENG_PIN:
		pin_screen(e, "pin", e->pin_check ? "pincheck.pin_title" : "pin.title");
		break;
	case ENG_SIGNIN:
		screen(e, UI_KIND_BUSY, "signin", "signin.title", "signin.body");
		break;
	case ENG_NO_ROLE:
		screen(e, UI_KIND_INFO, "no-role", "norole.title", "norole.body");
		button(e, UI_ACT_FINISH, "action.finish");
		break;
	case ENG_PICK_EST:
		establishments_screen(e);
		break;
	case ENG_HOME:
		home_screen(e);
		break;
	case ENG_REFUSED: {
		char why[512];
		screen(e, UI_KIND_ERROR, "refused", e->refused ? e->refused->title : "error.title",
		       NULL);
		snprintf(why, sizeof(why), "%s", tr(e, e->msg_key));
		snprintf(v->body, sizeof(v->body), "%s\n%s", why, tr(e, "refused.elsewhere"));
		button(e, UI_ACT_BACK, "home.back");
		button(e, UI_ACT_FINISH, "action.finish");
		break;
	}
	case ENG_STEP:
		step_screen(e);
		break;
	}
	if (e->idle_warning) {
		v->dialog.on = true;
		put(v->dialog.title, sizeof(v->dialog.title), tr(e, "idle.title"));
		i18n_nfmt(e->i18n, e->lang, "idle.session_ends", e->countdown_s, NULL, 0,
		          v->dialog.body, sizeof(v->dialog.body));
		put(v->dialog.button, sizeof(v->dialog.button), tr(e, "action.continue"));
	}
}
