/*
 * strings.c - every text the screens show, Arabic and English, in one table keyed by enum ui_str
 * (ui_internal.h). A later step moves these to gettext catalogues; until then this table is the
 * one place to edit wording. No personal data is ever part of a string here.
 */
#include "ui_internal.h"

struct ui_str_pair {
	const char *ar, *en;
};

static const struct ui_str_pair ui_strings[S_COUNT_] = {
        [S_MINISTRY] = {"وزارة العمل", "Ministry of Labour"},
        [S_INSERT_CARD] = {"أدخل بطاقتك الشخصية", "Insert your ID card"},
        [S_INSERT_HINT] = {"ضع البطاقة في القارئ أسفل الشاشة",
                           "Put the card in the reader below the screen"},
        [S_READING] = {"جارٍ قراءة بطاقتك…", "Reading your card…"},
        [S_DONT_REMOVE] = {"يرجى عدم إخراج البطاقة", "Please do not remove your card"},
        [S_WELCOME] = {"مرحباً", "Welcome"},
        [S_PRINT] = {"طباعة الإيصال", "Print receipt"},
        [S_FINISH] = {"إنهاء", "Finish"},
        [S_PRINT_HINT] = {"اضغط «طباعة الإيصال» للحصول على إيصالك",
                          "Tap “Print receipt” to get your receipt"},
        [S_PRINTING] = {"جارٍ طباعة الإيصال…", "Printing your receipt…"},
        [S_PLEASE_WAIT] = {"يرجى الانتظار", "Please wait"},
        [S_RESULT_TITLE] = {"تمت طباعة الإيصال", "Your receipt has been printed"},
        [S_REFERENCE] = {"الرقم المرجعي:", "Reference:"},
        [S_ERROR_TITLE] = {"عذراً", "Sorry"},
        [S_ASK_STAFF] = {"إذا احتجت إلى مساعدة، يرجى مراجعة أحد الموظفين.",
                         "If you need help, please ask a member of staff."},
        [S_STILL_THERE] = {"هل ما زلت هنا؟", "Are you still there?"},
        [S_SESSION_ENDS_FMT] = {"ستنتهي الجلسة خلال %d ثانية",
                                "The session will end in %d seconds"},
        [S_CONTINUE] = {"متابعة", "Continue"},
        [S_SIM_LABEL] = {"وضع المحاكاة", "Simulator"},
        [S_SIM_INSERT] = {"إدخال بطاقة تجريبية", "Insert demo card"},
        [S_SIM_REMOVE] = {"إخراج البطاقة", "Remove card"},
        [S_LANG_OTHER] = {"English", "العربية"},
        [S_ONLINE] = {"متصل", "Online"},
        [S_OFFLINE] = {"غير متصل", "Offline"},
        [S_CARD_OK] = {"القارئ جاهز", "Reader OK"},
        [S_CARD_FAULT] = {"عطل في القارئ", "Reader fault"},
        [S_CARD_UNKNOWN] = {"القارئ —", "Reader —"},
        [S_PRINTER_OK] = {"الطابعة جاهزة", "Printer OK"},
        [S_PRINTER_FAULT] = {"عطل في الطابعة", "Printer fault"},
        [S_PRINTER_UNKNOWN] = {"الطابعة —", "Printer —"},
        [S_MSG_NONE] = {"", ""},
        [S_MSG_CARD_UNREADABLE] = {"تعذّرت قراءة هذه البطاقة. يرجى إخراجها والمحاولة مرة أخرى.",
                                   "We could not read this card. Please remove it and try again."},
        [S_MSG_CARD_REMOVED] = {"أُخرجت البطاقة قبل اكتمال العملية.",
                                "The card was removed before we had finished."},
        [S_MSG_PRINTER_PAPER] = {"نفد الورق من الطابعة. تم حفظ طلبك.",
                                 "The printer is out of paper. Your request has been saved."},
        [S_MSG_PRINTER_FAULT] = {"تعذّرت الطباعة بسبب عطل في الطابعة.",
                                 "The printer has a fault and could not print."},
        [S_MSG_SAVE_FAILED] = {"تعذّر الحفظ، ولم يُسجَّل أي شيء.",
                               "Could not save: nothing was recorded."},
        [S_MSG_SENT] = {"تم الإرسال إلى الوزارة.", "Sent to the ministry."},
        [S_MSG_QUEUED] = {"تم الحفظ، وسيُرسَل عند عودة الاتصال بالشبكة.",
                          "Saved. It will be sent when the kiosk is back online."},
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
};

const char *
ui_str(enum ui_str id, bool ar)
{
	if ((unsigned)id >= S_COUNT_)
		return "";
	const char *s = ar ? ui_strings[id].ar : ui_strings[id].en;
	return s ? s : "";
}

enum ui_str
ui_msg_str(enum ui_msg m)
{
	if ((unsigned)m >= UI_MSG_COUNT_)
		return S_MSG_NONE;
	return ui_msg_strs[m];
}
