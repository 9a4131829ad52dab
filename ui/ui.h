/*
 * ui.h - the kiosk's screen: window, input, and drawing of the screen the app asks for.
 *
 * The app never sees SDL. It describes what should be on screen in a struct ui_view (view.h: the
 * chrome and one screen of a generic kind, every text already in the person's language) and
 * calls ui_render(); it reads input as struct ui_event (an action on a widget, quit, or an event
 * posted by a worker thread). ui_dump() writes what the last frame drew as text: the same tree
 * that is drawn, for tests and (later) speech.
 *
 * Thread: everything here runs on the main thread, except ui_post(), which any thread may call.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view.h"

struct i18n;
struct kiosk_config;
struct ui;

enum ui_event_type {
	UI_EV_NONE = 0, /* timeout */
	UI_EV_QUIT,     /* window closed, SIGINT/SIGTERM, or ui_post of UI_APP_QUIT */
	UI_EV_ACTION,   /* ev.action, ev.arg */
	UI_EV_INPUT,    /* any touch/click/key not on a widget (resets the idle timer) */
	UI_EV_APP,      /* ev.app_code / ev.app_data from ui_post() */
};

/* ui_post(UI_APP_QUIT, NULL) makes ui_wait_event() return UI_EV_QUIT (app codes are > 0). */
#define UI_APP_QUIT (-1)

struct ui_event {
	enum ui_event_type type;
	enum ui_action action;
	int arg; /* the row (CHOOSE), page direction (PAGE), digit (PIN_DIGIT), code point (KEY) */
	int app_code;
	void *app_data; /* ownership passes to whoever handles the event */
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

/* The same for the widget (action, arg): a row (CHOOSE, i), a page arrow (PAGE, +1/-1), a key. */
int ui_widget_center_arg(struct ui *ui, enum ui_action action, int arg, int *x, int *y);

/* The centre of the button or row whose label contains text (bidi controls ignored), the first
 * one drawn; KERR_NOTFOUND when none. */
int ui_find_label(struct ui *ui, const char *text, int *x, int *y);

/* What the last frame drew, as text, in drawing order, one item a line:
 *   screen: <view.id> <kind>        first line
 *   text: <a text drawn>            titles, bodies, rows, chips (bidi controls removed)
 *   button <action>[ <arg>]: <label>
 *   keypad / keyboard <kind>        the PIN keypad or an on-screen keyboard, as one line
 *   dialog: ...                     the dialog's lines come last
 * Always terminated; returns the length (a frame larger than size is cut at a line). */
size_t ui_dump(struct ui *ui, char *out, size_t size);

/* The action's name in dumps and scripts ("next", "choose"...), and back; UI_ACT_NONE when
 * unknown. */
const char *ui_action_name(enum ui_action a);
enum ui_action ui_action_by_name(const char *name);

/* Test hook: injects a finger tap (down + up) at window pixels, as a touch screen would. */
int ui_inject_tap(struct ui *ui, int x, int y);
/* Test hook: true while input is still queued (an injected tap not yet turned into an action,
 * e.g. behind a worker's event) or a press is held. Main thread. */
bool ui_input_pending(const struct ui *ui);

#endif
