/*
 * view.h - what the screen shows: the contract between the app (the engine fills a struct
 * ui_view) and the ui (which draws it). No SDL here; app/ includes this, not ui_internal.h.
 *
 * A view is the chrome (language, modes, the status bar's badges) plus one screen of a kind:
 * the kinds are few and generic (a card to insert, a spinner, the PIN keypad, a menu of large
 * buttons, an information page of labelled values, a list, a one-question form, a result, an
 * error), and every text in a view is already in the person's language (the engine translates
 * through text/i18n.h); the ui adds only its own chrome labels (status bar, keypad, keyboard).
 * Values that must keep their own direction inside the other script (references, dates,
 * numbers, names) arrive wrapped in Unicode isolates.
 *
 * The ui redraws when the view differs from the one it drew (a memcmp: views are small).
 */
#ifndef KIOSK_UI_VIEW_H
#define KIOSK_UI_VIEW_H

#include <stdbool.h>

enum ui_kind {
	UI_KIND_CARD = 0, /* "insert your card": card art, title, body (attract; a second person) */
	UI_KIND_BUSY, /* a spinner, title, body: reading, asking the ministry, sending, printing */
	UI_KIND_PIN,  /* the PIN keypad: title, body, pin_len dots, notice (tries, wrong PIN) */
	UI_KIND_MENU, /* title, body, rows as large buttons (services, establishments), paged */
	UI_KIND_INFO, /* title, body, labelled values (rows: label, value) */
	UI_KIND_LIST, /* title, body, rows (label, value), each a button when `choose`; paged */
	UI_KIND_FORM, /* the question (title), a hint (body), the field, a keyboard */
	UI_KIND_RESULT, /* a check mark, title, body, the reference panel */
	UI_KIND_ERROR,  /* a warning mark, title, body */
	UI_KIND_COUNT_
};

/* What a touch on a widget means; ev.arg says which row, page direction, digit or key. */
enum ui_action {
	UI_ACT_NONE = 0,
	UI_ACT_NEXT,        /* the screen's main button: continue, confirm, print, try again */
	UI_ACT_BACK,        /* one step back */
	UI_ACT_CANCEL,      /* leave this service: back to the home screen */
	UI_ACT_FINISH,      /* end the session */
	UI_ACT_CHOOSE,      /* a row: arg = its index in view.rows */
	UI_ACT_PAGE,        /* arg = +1 next page, -1 previous page */
	UI_ACT_CONTINUE,    /* "continue" on the idle warning */
	UI_ACT_LANG_TOGGLE, /* the language button, on every screen */
	UI_ACT_CONTRAST,    /* toggle high contrast (any screen) */
	UI_ACT_LARGE_TEXT,  /* toggle large text (any screen) */
	UI_ACT_SIM_INSERT,  /* simulator only: insert the demo card */
	UI_ACT_SIM_REMOVE,  /* simulator only: remove the card */
	UI_ACT_PIN_DIGIT,   /* a keypad digit: arg 0..9 (the ui never keeps the digits) */
	UI_ACT_PIN_BACK,    /* keypad backspace */
	UI_ACT_PIN_OK,      /* keypad enter */
	UI_ACT_KEY,         /* an on-screen keyboard key: arg = code point or UI_KEY_* */
	UI_ACT_LINK,        /* a step's second button (beside the main one): another screen */
	UI_ACT_COUNT_
};

/* arg values of the keyboards' special keys (code points are >= 0). */
#define UI_KEY_BACKSPACE (-1)
#define UI_KEY_ENTER     (-2)

enum ui_dev_state {
	UI_DEV_UNKNOWN = 0,
	UI_DEV_OK,
	UI_DEV_FAULT,
};

enum ui_keyboard_kind {
	UI_KBD_NONE = 0,
	UI_KBD_AR,     /* Arabic letters, Arabic-Indic digits */
	UI_KBD_EN,     /* QWERTY with digits */
	UI_KBD_DIGITS, /* a numeric keypad */
};

#define UI_ROWS_MAX    8
#define UI_BUTTONS_MAX 4

struct ui_row {
	char label[192];
	char value[384];
	bool disabled; /* drawn dimmed; a MENU row still answers (the engine says why not) */
	bool selected; /* a row of a multiple choice (ui_view.multi) that is chosen: ticked */
};

/* A button. Where it goes depends on its action: NEXT is the main button at the bottom (start
 * side), FINISH the bottom's other one, BACK and CANCEL a row at the top of the content. */
struct ui_button {
	enum ui_action action;
	char label[96];
};

struct ui_view {
	/* chrome */
	char lang[4]; /* "ar" or "en": the direction of the whole frame */
	bool online;
	enum ui_dev_state card_state, printer_state;
	int queue_depth;   /* transactions waiting to be sent (shown when > 0) */
	bool sim_controls; /* the simulator's "insert demo card" / "remove card" strip */
	bool high_contrast, large_text;

	/* the screen */
	enum ui_kind kind;
	char id[64]; /* which screen ("attract", "home", "visit-receipt/welcome"): dumps, scripts */
	char title[256];
	char title_other[256]; /* CARD: the title in the other language too (nobody has chosen) */
	char body[768];
	char notice[384]; /* a line in the alert colour (wrong PIN, a refused entry, offline) */
	bool notice_error;
	struct ui_row rows[UI_ROWS_MAX];
	int nrows;
	bool choose;    /* LIST: rows are buttons (UI_ACT_CHOOSE, arg = row) */
	bool multi;     /* LIST: rows are toggles, each with a box (ticked when selected) */
	char pager[96]; /* "Page 2 of 5" when there are pages, else "" */
	bool page_prev, page_next;
	char panel[384];  /* RESULT: the reference panel ("Reference: ...") */
	int step, nsteps; /* progress through a service (nsteps 0 = none shown) */
	int pin_len;      /* PIN: digits typed so far (dots, never the digits) */
	char field[256];  /* FORM: what was typed */
	char placeholder[128];
	enum ui_keyboard_kind keyboard;
	struct ui_button buttons[UI_BUTTONS_MAX];
	int nbuttons;

	/* the idle warning, over the screen */
	struct {
		bool on;
		char title[192];
		char body[256];
		char button[96]; /* UI_ACT_CONTINUE */
	} dialog;
};

#endif
