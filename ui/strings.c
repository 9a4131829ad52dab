/*
 * strings.c - the screens' texts: thin helpers over text/i18n.h in the language of the frame
 * being drawn. The texts themselves are in po/en.po and
 * po/<lang>.po (keys named where they are used: ui_tr(ui, "pin.title")); the struct i18n is
 * main()'s, borrowed for the life of the ui. No personal data is ever part of a key or a text
 * here: names and references are arguments, isolated by i18n_fmt().
 */
#include "ui_internal.h"

#include <stdio.h>
#include <string.h>

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
