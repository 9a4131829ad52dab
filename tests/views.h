/*
 * views.h - one realistic screen of each kind (ui/view.h), in Arabic or English, for the ui
 * tests, the goldens and kiosk-bench. Filled the way app/engine/present.c fills the engine's
 * view: every text is a message key looked up through text/i18n.h, values (a made-up person,
 * an establishment, licence numbers, dates, the transaction reference) are arguments, so they
 * arrive isolated, and dates are written by valuefmt like the engine writes them. Header-only,
 * like tap.h; tx may be NULL (every text is then its key).
 *
 *   sample_view(&v, UI_KIND_INFO, "ar", tx)  the kind's screen with a kiosk's usual chrome
 *   sample_kind_name(UI_KIND_INFO)           "info": the name of test artifacts and goldens
 *   sample_pin_wrong, sample_out_of_service, sample_dialog: the variants tests also show
 *
 * The screens: CARD "attract"; BUSY "visit-receipt/print"; PIN "pin" (2 digits typed, 3 tries
 * left); MENU "home" (an employer's representative, three services, one refused because the
 * printer has a fault); INFO "visit-receipt/welcome"; LIST "establishment-licences/licences"
 * (page 2 of 2, rows to choose); FORM "update-phone/phone" (a refused mobile number, the digit
 * pad); RESULT "result" (saved offline, two waiting); ERROR "error" (the ministry did not
 * answer: try again, back, cancel, finish).
 */
#ifndef KIOSK_TEST_VIEWS_H
#define KIOSK_TEST_VIEWS_H

#include "../app/engine/valuefmt.h"
#include "../app/txn.h"
#include "../text/i18n.h"
#include "../ui/view.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The made-up person and establishment: values, not texts (they are not in po/). */
#define SAMPLE_NAME_AR      "سالم بن خميس الحارثي"
#define SAMPLE_NAME_EN      "Salim bin Khamis Al Harthi"
#define SAMPLE_EST_AR       "خدمات مسقط للبناء"
#define SAMPLE_EST_EN       "Muscat Building Services"
#define SAMPLE_CIVIL_MASKED "****5678" /* SVC_FMT_MASKED of a civil number */
#define SAMPLE_PHONE_BAD    "81234567" /* 8 digits, but not 7 or 9 first: form.err.phone */
#define SAMPLE_KIOSK_ID     "KIOSK-DEMO-001"
#define SAMPLE_SEQ          123

static const char *const sample_kind_names[UI_KIND_COUNT_] = {
        [UI_KIND_CARD] = "card", [UI_KIND_BUSY] = "busy",     [UI_KIND_PIN] = "pin",
        [UI_KIND_MENU] = "menu", [UI_KIND_INFO] = "info",     [UI_KIND_LIST] = "list",
        [UI_KIND_FORM] = "form", [UI_KIND_RESULT] = "result", [UI_KIND_ERROR] = "error",
};

static inline const char *
sample_kind_name(enum ui_kind k)
{
	return (unsigned)k < UI_KIND_COUNT_ ? sample_kind_names[k] : "?";
}

static inline void
sample_put(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

static inline const char *
sample_tr(const struct i18n *tx, const struct ui_view *v, const char *key)
{
	return i18n_tr(tx, v->lang, key);
}

static inline void
sample_button(struct ui_view *v, const struct i18n *tx, enum ui_action a, const char *key)
{
	if (v->nbuttons >= UI_BUTTONS_MAX)
		return;
	v->buttons[v->nbuttons].action = a;
	sample_put(v->buttons[v->nbuttons].label, sizeof(v->buttons[0].label),
	           sample_tr(tx, v, key));
	v->nbuttons++;
}

/* A row with its label and value already in the view's language. */
static inline struct ui_row *
sample_row(struct ui_view *v, const char *label, const char *value)
{
	if (v->nrows >= UI_ROWS_MAX)
		return NULL;
	struct ui_row *r = &v->rows[v->nrows++];
	sample_put(r->label, sizeof(r->label), label);
	sample_put(r->value, sizeof(r->value), value);
	return r;
}

static inline void
sample_screen(struct ui_view *v, const struct i18n *tx, enum ui_kind kind, const char *id,
              const char *title_key, const char *body_key)
{
	v->kind = kind;
	sample_put(v->id, sizeof(v->id), id);
	if (title_key)
		sample_put(v->title, sizeof(v->title), sample_tr(tx, v, title_key));
	if (body_key)
		sample_put(v->body, sizeof(v->body), sample_tr(tx, v, body_key));
}

/* The chrome of a kiosk at work: online, reader and printer fine, nothing waiting. */
static inline void
sample_chrome(struct ui_view *v, const char *lang)
{
	memset(v, 0, sizeof(*v));
	sample_put(v->lang, sizeof(v->lang), lang);
	v->online = true;
	v->card_state = UI_DEV_OK;
	v->printer_state = UI_DEV_OK;
}

/* One licence row as the LIST step writes it: the number, "{state} · until {expires} ·
 * {remaining} left". */
static inline void
sample_licence(struct ui_view *v, const struct i18n *tx, const char *no, const char *state,
               const char *expires_iso, const char *remaining)
{
	char skey[64], date[128];
	struct ui_row *r = sample_row(v, no, "");
	if (!r)
		return;
	snprintf(skey, sizeof(skey), "licence.state.%s", state);
	valuefmt_date(tx, v->lang, expires_iso, date, sizeof(date));
	struct i18n_arg args[] = {
	        {"state", sample_tr(tx, v, skey)}, {"expires", date}, {"remaining", remaining}};
	i18n_fmt(tx, v->lang, "licences.row", args, 3, r->value, sizeof(r->value));
}

/* A service row of the home screen: title and summary, or why it cannot be used (dimmed). */
static inline void
sample_service(struct ui_view *v, const struct i18n *tx, const char *title_key,
               const char *summary_key, const char *refused_short_key)
{
	struct ui_row *r = sample_row(v, sample_tr(tx, v, title_key), "");
	if (!r)
		return;
	sample_put(r->value, sizeof(r->value),
	           sample_tr(tx, v, refused_short_key ? refused_short_key : summary_key));
	r->disabled = refused_short_key != NULL;
}

/* Fills *v with the sample screen of kind in lang ("ar" or "en"). */
static inline void
sample_view(struct ui_view *v, enum ui_kind kind, const char *lang, const struct i18n *tx)
{
	bool ar = strcmp(lang, "ar") == 0;
	const char *name = ar ? SAMPLE_NAME_AR : SAMPLE_NAME_EN;
	char ref[64], line[192];
	sample_chrome(v, lang);
	switch (kind) {
	case UI_KIND_CARD:
		sample_screen(v, tx, UI_KIND_CARD, "attract", "attract.insert_card",
		              "attract.insert_hint");
		/* nobody has chosen a language yet: the other one says it too */
		sample_put(v->title_other, sizeof(v->title_other),
		           i18n_tr(tx, ar ? "en" : "ar", "attract.insert_card"));
		sample_button(v, tx, UI_ACT_LINK, "pincheck.button");
		break;
	case UI_KIND_BUSY:
		sample_screen(v, tx, UI_KIND_BUSY, "visit-receipt/print", "working.printing",
		              "working.please_wait");
		v->nsteps = 2;
		v->step = 1;
		break;
	case UI_KIND_PIN:
		sample_screen(v, tx, UI_KIND_PIN, "pin", "pin.title", "pin.hint");
		v->pin_len = 2;
		i18n_nfmt(tx, lang, "pin.tries_left", 3, NULL, 0, v->notice, sizeof(v->notice));
		sample_button(v, tx, UI_ACT_FINISH, "action.finish");
		break;
	case UI_KIND_MENU: {
		struct i18n_arg args[] = {{"name", name},
		                          {"establishment", ar ? SAMPLE_EST_AR : SAMPLE_EST_EN}};
		sample_screen(v, tx, UI_KIND_MENU, "home", "home.title", NULL);
		i18n_fmt(tx, lang, "home.body.establishment", args, 2, v->body, sizeof(v->body));
		sample_service(v, tx, "record.service", "record.summary", NULL);
		sample_service(v, tx, "licences.service", "licences.summary", NULL);
		sample_service(v, tx, "visit.title", "visit.summary", "refused.printer.short");
		v->choose = true;
		v->printer_state = UI_DEV_FAULT;
		sample_button(v, tx, UI_ACT_BACK, "home.change_establishment");
		sample_button(v, tx, UI_ACT_FINISH, "action.finish");
		break;
	}
	case UI_KIND_INFO:
		sample_screen(v, tx, UI_KIND_INFO, "visit-receipt/welcome", "welcome.title",
		              "welcome.print_hint");
		sample_row(v, sample_tr(tx, v, "field.name"), name);
		sample_row(v, sample_tr(tx, v, "field.civil_number"), SAMPLE_CIVIL_MASKED);
		v->nsteps = 2;
		v->step = 1;
		sample_button(v, tx, UI_ACT_NEXT, "welcome.print");
		sample_button(v, tx, UI_ACT_BACK, "button.back");
		sample_button(v, tx, UI_ACT_CANCEL, "button.cancel");
		break;
	case UI_KIND_LIST: {
		sample_screen(v, tx, UI_KIND_LIST, "establishment-licences/licences",
		              "licences.title", "licences.body");
		/* the second page of nine licences (the engine pages six at a time) */
		sample_licence(v, tx, "LL-2025-0005", "active", "2027-03-31", "5");
		sample_licence(v, tx, "LL-2023-0002", "suspended", "2026-01-14", "0");
		sample_licence(v, tx, "LL-2021-0003", "expired", "2024-01-09", "0");
		v->choose = true;
		struct i18n_arg args[] = {{"page", "2"}, {"pages", "2"}};
		i18n_fmt(tx, lang, "list.page", args, 2, v->pager, sizeof(v->pager));
		v->page_prev = true;
		v->nsteps = 2;
		v->step = 1;
		sample_button(v, tx, UI_ACT_BACK, "button.back");
		sample_button(v, tx, UI_ACT_CANCEL, "button.cancel");
		break;
	}
	case UI_KIND_FORM:
		sample_screen(v, tx, UI_KIND_FORM, "update-phone/phone", "field.phone", NULL);
		sample_put(v->field, sizeof(v->field), SAMPLE_PHONE_BAD);
		v->keyboard = UI_KBD_DIGITS;
		sample_put(v->notice, sizeof(v->notice), sample_tr(tx, v, "form.err.phone"));
		v->notice_error = true;
		v->nsteps = 3;
		v->step = 1;
		sample_button(v, tx, UI_ACT_NEXT, "action.continue");
		sample_button(v, tx, UI_ACT_BACK, "button.back");
		sample_button(v, tx, UI_ACT_CANCEL, "button.cancel");
		break;
	case UI_KIND_RESULT: {
		sample_screen(v, tx, UI_KIND_RESULT, "result", "result.title.queued",
		              "result.body.queued");
		txn_reference(SAMPLE_KIOSK_ID, SAMPLE_SEQ, ref, sizeof(ref));
		struct i18n_arg args[] = {{"ref", ref}};
		i18n_fmt(tx, lang, "result.reference", args, 1, line, sizeof(line));
		sample_put(v->panel, sizeof(v->panel), line);
		v->online = false;
		v->queue_depth = 2;
		v->nsteps = 2;
		v->step = 2;
		sample_button(v, tx, UI_ACT_FINISH, "action.finish");
		sample_button(v, tx, UI_ACT_CANCEL, "button.another");
		break;
	}
	case UI_KIND_ERROR:
	default:
		sample_screen(v, tx, UI_KIND_ERROR, "error", "error.title", "query.err.timeout");
		sample_button(v, tx, UI_ACT_NEXT, "button.retry");
		sample_button(v, tx, UI_ACT_BACK, "button.back");
		sample_button(v, tx, UI_ACT_CANCEL, "button.cancel");
		sample_button(v, tx, UI_ACT_FINISH, "action.finish");
		break;
	}
}

/* The PIN screen after a wrong PIN with `tries` left (present.c's pin_screen). */
static inline void
sample_pin_wrong(struct ui_view *v, const char *lang, const struct i18n *tx, int tries)
{
	char left[160];
	sample_view(v, UI_KIND_PIN, lang, tx);
	v->pin_len = 0;
	i18n_nfmt(tx, v->lang, "pin.tries_left", tries, NULL, 0, left, sizeof(left));
	snprintf(v->notice, sizeof(v->notice), "%s\n%s", sample_tr(tx, v, "msg.pin_wrong"), left);
	v->notice_error = true;
}

/* The kiosk out of service: an ERROR without buttons. */
static inline void
sample_out_of_service(struct ui_view *v, const char *lang, const struct i18n *tx)
{
	sample_chrome(v, lang);
	sample_screen(v, tx, UI_KIND_ERROR, "out-of-service", "error.title", "msg.out_of_service");
}

/* The idle warning over whatever *v shows: the session ends in `seconds`. */
static inline void
sample_dialog(struct ui_view *v, const struct i18n *tx, int seconds)
{
	v->dialog.on = true;
	sample_put(v->dialog.title, sizeof(v->dialog.title), sample_tr(tx, v, "idle.title"));
	i18n_nfmt(tx, v->lang, "idle.session_ends", seconds, NULL, 0, v->dialog.body,
	          sizeof(v->dialog.body));
	sample_put(v->dialog.button, sizeof(v->dialog.button), sample_tr(tx, v, "action.continue"));
}

#endif
