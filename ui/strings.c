/*
 * strings.c - every text the screens show, as English msgids keyed by enum ui_str
 * (ui_internal.h), and their lookup in the Arabic catalogue (po/ar.po, compiled to
 * build/locale/ar.mo; read by ui/i18n.c). Wording is edited here (English) and in po/ar.po
 * (Arabic); `make pot` extracts the msgids (N_ marks them). No personal data is ever part of
 * a string here.
 *
 * A message missing from the catalogue shows in English (logged once per message); a
 * translation whose placeholders differ from the msgid's is not used for formatting (the
 * English format is, logged once), so the number is never lost or misread.
 */
#include "common/klog.h"
#include "text/i18n.h"
#include "ui_internal.h"

#include <stdio.h>
#include <string.h>

#define N_(s) s

static const char *const ui_msgids[S_COUNT_] = {
        [S_MINISTRY] = N_("Ministry of Labour"),
        [S_INSERT_CARD] = N_("Insert your ID card"),
        [S_INSERT_HINT] = N_("Put the card in the reader below the screen"),
        [S_READING] = N_("Reading your card…"),
        [S_DONT_REMOVE] = N_("Please do not remove your card"),
        [S_WELCOME] = N_("Welcome"),
        [S_PRINT] = N_("Print receipt"),
        [S_FINISH] = N_("Finish"),
        [S_PRINT_HINT] = N_("Tap “Print receipt” to get your receipt"),
        [S_PRINTING] = N_("Printing your receipt…"),
        [S_PLEASE_WAIT] = N_("Please wait"),
        [S_RESULT_TITLE] = N_("Your receipt has been printed"),
        [S_REFERENCE] = N_("Reference:"),
        [S_ERROR_TITLE] = N_("Sorry"),
        [S_ASK_STAFF] = N_("If you need help, please ask a member of staff."),
        [S_STILL_THERE] = N_("Are you still there?"),
        [S_SESSION_ENDS_FMT] = N_("The session will end in %d seconds"),
        [S_CONTINUE] = N_("Continue"),
        [S_SIM_LABEL] = N_("Simulator"),
        [S_SIM_INSERT] = N_("Insert demo card"),
        [S_SIM_REMOVE] = N_("Remove card"),
        /* the language toggle shows the other language's name in that language */
        [S_LANG_OTHER] = N_("العربية"),
        [S_ONLINE] = N_("Online"),
        [S_OFFLINE] = N_("Offline"),
        [S_CARD_OK] = N_("Reader OK"),
        [S_CARD_FAULT] = N_("Reader fault"),
        [S_CARD_UNKNOWN] = N_("Reader —"),
        [S_PRINTER_OK] = N_("Printer OK"),
        [S_PRINTER_FAULT] = N_("Printer fault"),
        [S_PRINTER_UNKNOWN] = N_("Printer —"),
        [S_QUEUE_FMT] = N_("%d waiting to send"),
        [S_PIN_TITLE] = N_("Enter your PIN"),
        [S_PIN_HINT] = N_("The PIN of your ID card. Nobody at the ministry will ask for it."),
        [S_PIN_TRIES_FMT] = N_("Tries left: %d"),
        [S_PIN_OK] = N_("OK"),
        [S_PIN_BACK] = N_("Delete"),
        [S_KEY_SPACE] = N_("Space"),
        [S_KEY_DONE] = N_("Done"),
        [S_DEMO_FIELD] = N_("Phone number"),
        [S_MSG_NONE] = "",
        [S_MSG_CARD_UNREADABLE] =
                N_("We could not read this card. Please remove it and try again."),
        [S_MSG_CARD_REMOVED] = N_("The card was removed before we had finished."),
        [S_MSG_PRINTER_PAPER] = N_("The printer is out of paper. Your request has been saved."),
        [S_MSG_PRINTER_FAULT] = N_("The printer has a fault and could not print."),
        [S_MSG_SAVE_FAILED] = N_("Could not save: nothing was recorded."),
        [S_MSG_SENT] = N_("Sent to the ministry."),
        [S_MSG_QUEUED] = N_("Saved. It will be sent when the kiosk is back online."),
        [S_MSG_PIN_WRONG] = N_("Wrong PIN. Please try again."),
        [S_MSG_PIN_BLOCKED] = N_("Your PIN is blocked. Please visit a service centre."),
        [S_MSG_CARD_EXPIRED] = N_("This card has expired. Please renew it at a service centre."),
        [S_MSG_CARD_NOT_GENUINE] = N_("This card could not be verified. Please ask a member of "
                                      "staff."),
        [S_MSG_OUT_OF_SERVICE] = N_("This kiosk is out of service. Please use another kiosk "
                                    "or ask a member of staff."),
};

static const enum ui_str ui_msg_strs[UI_MSG_COUNT_] = {
        [UI_MSG_NONE] = S_MSG_NONE,
        [UI_MSG_CARD_UNREADABLE] = S_MSG_CARD_UNREADABLE,
        [UI_MSG_CARD_REMOVED] = S_MSG_CARD_REMOVED,
        [UI_MSG_PRINTER_PAPER] = S_MSG_PRINTER_PAPER,
        [UI_MSG_PRINTER_FAULT] = S_MSG_PRINTER_FAULT,
        [UI_MSG_SAVE_FAILED] = S_MSG_SAVE_FAILED,
        [UI_MSG_SENT] = S_MSG_SENT,
        [UI_MSG_QUEUED] = S_MSG_QUEUED,
        [UI_MSG_PIN_WRONG] = S_MSG_PIN_WRONG,
        [UI_MSG_PIN_BLOCKED] = S_MSG_PIN_BLOCKED,
        [UI_MSG_CARD_EXPIRED] = S_MSG_CARD_EXPIRED,
        [UI_MSG_CARD_NOT_GENUINE] = S_MSG_CARD_NOT_GENUINE,
        [UI_MSG_OUT_OF_SERVICE] = S_MSG_OUT_OF_SERVICE,
};

const char *
ui_msgid(enum ui_str id)
{
	if ((unsigned)id >= S_COUNT_ || !ui_msgids[id])
		return "";
	return ui_msgids[id];
}

const char *
ui_str(struct ui *ui, enum ui_str id, bool ar)
{
	const char *en = ui_msgid(id);
	if (!ar || !en[0])
		return en;
	const char *tr = i18n_lookup(ui->cat_ar, en);
	if (tr || !ui->cat_ar)
		return tr ? tr : en; /* no catalogue at all was logged once, at ui_open */
	if (!ui->str_warned[id]) {
		ui->str_warned[id] = true;
		klog(KLOG_WARN, "i18n", "no Arabic for message %d (\"%.40s\"): shown in English",
		     (int)id, en);
	}
	return en;
}

const char *
ui_strf(struct ui *ui, enum ui_str id, bool ar, int n, char *out, size_t size)
{
	const char *en = ui_msgid(id), *f = ui_str(ui, id, ar);
	if (!size)
		return "";
	if (f != en && !i18n_format_ok(en, f)) {
		if (!ui->fmt_warned[id]) {
			ui->fmt_warned[id] = true;
			klog(KLOG_WARN, "i18n",
			     "the translation of message %d has other placeholders than \"%.40s\": "
			     "using the English text",
			     (int)id, en);
		}
		f = en;
	}
	/* our own substitution: %d -> n, %% -> %, anything else copied (checked above) */
	size_t o = 0;
	char num[16];
	snprintf(num, sizeof(num), "%d", n);
	for (; *f && o + 1 < size; f++) {
		if (f[0] == '%' && f[1] == '%') {
			out[o++] = '%';
			f++;
		} else if (f[0] == '%' && f[1] == 'd') {
			for (const char *d = num; *d && o + 1 < size; d++)
				out[o++] = *d;
			f++;
		} else {
			out[o++] = *f;
		}
	}
	if (*f) { /* cut short: do not leave half a UTF-8 sequence */
		size_t i = o;
		while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0x80)
			i--;
		if (i > 0 && (unsigned char)out[i - 1] >= 0xC0) {
			unsigned char lead = (unsigned char)out[i - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (o - (i - 1) < need)
				o = i - 1;
		}
	}
	out[o] = '\0';
	return out;
}

enum ui_str
ui_msg_str(enum ui_msg m)
{
	if ((unsigned)m >= UI_MSG_COUNT_)
		return S_MSG_NONE;
	return ui_msg_strs[m];
}
