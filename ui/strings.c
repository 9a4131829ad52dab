/*
 * strings.c - the screens' texts: thin helpers over text/i18n.h in the language of the frame
 * being drawn, and the key of each enum ui_msg. The texts themselves are in po/en.po and
 * po/<lang>.po (keys named where they are used: ui_tr(ui, "pin.title")); the struct i18n is
 * main()'s, borrowed for the life of the ui. No personal data is ever part of a key or a text
 * here: names and references are arguments, isolated by i18n_fmt().
 */
#include "ui_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const ui_msg_keys[UI_MSG_COUNT_] = {
        [UI_MSG_NONE] = NULL,
        [UI_MSG_CARD_UNREADABLE] = N_("msg.card_unreadable"),
        [UI_MSG_CARD_REMOVED] = N_("msg.card_removed"),
        [UI_MSG_PRINTER_PAPER] = N_("msg.printer_paper"),
        [UI_MSG_PRINTER_FAULT] = N_("msg.printer_fault"),
        [UI_MSG_SAVE_FAILED] = N_("msg.save_failed"),
        [UI_MSG_SENT] = N_("msg.sent"),
        [UI_MSG_QUEUED] = N_("msg.queued"),
        [UI_MSG_PIN_WRONG] = N_("msg.pin_wrong"),
        [UI_MSG_PIN_BLOCKED] = N_("msg.pin_blocked"),
        [UI_MSG_CARD_EXPIRED] = N_("msg.card_expired"),
        [UI_MSG_CARD_NOT_GENUINE] = N_("msg.card_not_genuine"),
        [UI_MSG_OUT_OF_SERVICE] = N_("msg.out_of_service"),
};

const char *
ui_msg_key(enum ui_msg m)
{
	return (unsigned)m < UI_MSG_COUNT_ ? ui_msg_keys[m] : NULL;
}

const char *
ui_tr_in(const struct ui *ui, const char *lang, const char *key)
{
	return key && key[0] ? i18n_tr(ui->i18n, lang, key) : "";
}

const char *
ui_tr(const struct ui *ui, const char *key)
{
	return ui_tr_in(ui, ui->lang, key);
}

const char *
ui_fmt(const struct ui *ui, const char *key, const struct i18n_arg *args, int nargs, char *out,
       size_t size)
{
	return i18n_fmt(ui->i18n, ui->lang, key, args, nargs, out, size);
}

const char *
ui_nfmt(const struct ui *ui, const char *key, long n, char *out, size_t size)
{
	return i18n_nfmt(ui->i18n, ui->lang, key, n, NULL, 0, out, size);
}
