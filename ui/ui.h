/*
 * ui.h - the kiosk's screen: window, input, and drawing of the screen the app asks for.
 *
 * The app never sees SDL. It describes what should be on screen in a struct ui_view (which screen,
 * language, the holder's name, device states) and calls ui_render(); it reads input as
 * struct ui_event (an action on a widget, a key, quit, or an event posted by a worker thread).
 *
 * Thread: everything here runs on the main thread, except ui_post(), which any thread may call.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stdint.h>

struct i18n;
struct kiosk_config;
struct ui;

enum ui_screen {
	UI_SCR_ATTRACT = 0, /* "insert your ID card"; no personal data */
	UI_SCR_READING,     /* "reading your card" */
	UI_SCR_WELCOME,     /* holder's name, "print receipt" */
	UI_SCR_WORKING,     /* printing / saving, with a spinner */
	UI_SCR_RESULT,      /* receipt printed; "sent" or "saved, will be sent" */
	UI_SCR_ERROR,       /* a message for the person, with "finish" */
	UI_SCR_IDLE_WARN,   /* "are you still there?" with a countdown */
	UI_SCR_PIN,         /* PIN entry on a 12-key keypad: masked dots, tries left */
	UI_SCR_COUNT_
};

/* What a touch on a widget means. */
enum ui_action {
	UI_ACT_NONE = 0,
	UI_ACT_LANG_TOGGLE, /* the language button, on every screen */
	UI_ACT_PRINT,       /* "print receipt" on the welcome screen */
	UI_ACT_FINISH,      /* "finish" / "done": end the session */
	UI_ACT_CONTINUE,    /* "continue" on the idle warning */
	UI_ACT_SIM_INSERT,  /* simulator only: insert the demo card */
	UI_ACT_SIM_REMOVE,  /* simulator only: remove the card */
	UI_ACT_PIN_DIGIT,   /* a keypad digit: ev.digit 0..9 (the ui never keeps the digits) */
	UI_ACT_PIN_BACK,    /* keypad backspace */
	UI_ACT_PIN_OK,      /* keypad enter */
	UI_ACT_CONTRAST,    /* toggle high-contrast mode (any screen) */
	UI_ACT_LARGE_TEXT,  /* toggle large-text mode (any screen) */
	UI_ACT_KEY,         /* an on-screen keyboard key: ev.key (see UI_KEY_*) */
	UI_ACT_LIST,        /* a row of a list: ev.digit = the row index */
};

enum ui_event_type {
	UI_EV_NONE = 0, /* timeout */
	UI_EV_QUIT,     /* window closed, SIGINT/SIGTERM, or ui_post of UI_APP_QUIT */
	UI_EV_ACTION,   /* ev.action */
	UI_EV_INPUT,    /* any touch/click/key not on a widget (resets the idle timer) */
	UI_EV_APP,      /* ev.app_code / ev.app_data from ui_post() */
};

/* ui_post(UI_APP_QUIT, NULL) makes ui_wait_event() return UI_EV_QUIT (app codes are > 0). */
#define UI_APP_QUIT (-1)

struct ui_event {
	enum ui_event_type type;
	enum ui_action action;
	int app_code;
	void *app_data; /* ownership passes to whoever handles the event */
	int digit;      /* UI_ACT_PIN_DIGIT */
	int key;        /* UI_ACT_KEY: a Unicode code point, or UI_KEY_BACKSPACE / UI_KEY_ENTER */
};

/* ev.key values of the keyboards' special keys (code points are >= 0). */
#define UI_KEY_BACKSPACE (-1)
#define UI_KEY_ENTER     (-2)

/* Messages shown on UI_SCR_ERROR / UI_SCR_RESULT; the ui owns the translations. */
enum ui_msg {
	UI_MSG_NONE = 0,
	UI_MSG_CARD_UNREADABLE, /* "we could not read this card" */
	UI_MSG_CARD_REMOVED,
	UI_MSG_PRINTER_PAPER, /* "printer is out of paper; your request is saved" */
	UI_MSG_PRINTER_FAULT,
	UI_MSG_SAVE_FAILED, /* "could not save: nothing was recorded" */
	UI_MSG_SENT,        /* "sent to the ministry" */
	UI_MSG_QUEUED,      /* "saved; it will be sent when the kiosk is online" */
	UI_MSG_PIN_WRONG,   /* "wrong PIN" (view.pin_tries_left says how many remain) */
	UI_MSG_PIN_BLOCKED, /* "your PIN is blocked; visit a service centre" */
	UI_MSG_CARD_EXPIRED,
	UI_MSG_CARD_NOT_GENUINE,
	UI_MSG_OUT_OF_SERVICE, /* "this kiosk is out of service" (device or storage failure) */
	UI_MSG_COUNT_
};

enum ui_dev_state {
	UI_DEV_UNKNOWN = 0,
	UI_DEV_OK,
	UI_DEV_FAULT,
};

struct ui_view {
	enum ui_screen screen;
	char lang[4]; /* "ar" or "en" */
	/* The holder: only set on screens after a successful read; empty strings otherwise. */
	char name_ar[128];
	char name_en[128];
	char reference[32]; /* transaction reference shown on the result screen */
	enum ui_msg msg;
	int countdown_s; /* UI_SCR_IDLE_WARN */
	bool online;
	enum ui_dev_state card_state, printer_state;
	bool sim_controls;  /* show "insert demo card" / "remove card" (card backend sim) */
	int pin_len;        /* UI_SCR_PIN: digits typed so far (shown as dots; never the digits) */
	int pin_tries_left; /* UI_SCR_PIN: -1 unknown */
	bool high_contrast; /* accessibility modes, switchable from any screen */
	bool large_text;
	int queue_depth; /* transactions waiting to be sent (status bar shows it when > 0) */
};

/*
 * Opens the window (or, when headless, a software renderer on an off-screen surface: no video
 * driver needed) sized from cfg->width/height, loads the fonts from cfg->font_dir. Texts come
 * from i18n (text/i18n.h), borrowed: it must outlive the ui (main() opens it once and shares it
 * with the print worker); NULL shows every text as its key. Each frame's language is
 * view.lang. KERR_NODEV when no display can be opened, KERR_NOTFOUND when a font is missing;
 * both logged.
 */
int ui_open(struct ui **out, const struct kiosk_config *cfg, const struct i18n *i18n,
            bool headless);
void ui_close(struct ui *ui); /* NULL is a no-op */

/* Waits up to timeout_ms (-1 = forever) for input or a posted event. */
int ui_wait_event(struct ui *ui, int timeout_ms, struct ui_event *ev);

/* Draws the view and presents it; cheap when nothing changed (text is cached). */
int ui_render(struct ui *ui, const struct ui_view *view);

/* Writes the last presented frame as PNG. */
int ui_screenshot(struct ui *ui, const char *png_path);

/* Thread-safe: wakes the main loop with UI_EV_APP (code, data). Returns KERR_FULL if the queue
 * is full (the caller keeps ownership of data then). */
int ui_post(int code, void *data);

/* Test hook: the centre of the widget for action on the current screen, in window pixels.
 * KERR_NOTFOUND when the current screen has no such widget. */
int ui_widget_center(struct ui *ui, enum ui_action action, int *x, int *y);

/* Test hook: injects a finger tap (down + up) at window pixels, as a touch screen would. */
int ui_inject_tap(struct ui *ui, int x, int y);

#endif
