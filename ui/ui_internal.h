/*
 * ui_internal.h - what ui.c, widgets.c, strings.c and screens/ files share. Not for app/.
 *
 * Screen model: every frame ui_draw_frame() clears the widget list, draws the status bar, asks
 * the current screen's draw function to lay itself out inside ui->content, and draws the sim
 * strip. Screens place widgets by start/end (ui_x()), never by left/right, so Arabic mirrors.
 * Widgets registered while drawing are what taps are hit-tested against.
 *
 * Thread: main thread only (SDL objects).
 */
#ifndef KIOSK_UI_INTERNAL_H
#define KIOSK_UI_INTERNAL_H

#include "text.h"
#include "ui.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#define UI_WIDGETS_MAX 16
#define UI_TEXT_CACHE  96 /* textures kept; a screen uses about 15 */

/* Every string the screens show, in both languages (ui/strings.c). */
enum ui_str {
	S_MINISTRY = 0,
	S_INSERT_CARD,
	S_INSERT_HINT,
	S_READING,
	S_DONT_REMOVE,
	S_WELCOME,
	S_PRINT,
	S_FINISH,
	S_PRINT_HINT,
	S_PRINTING,
	S_PLEASE_WAIT,
	S_RESULT_TITLE,
	S_REFERENCE,
	S_ERROR_TITLE,
	S_ASK_STAFF,
	S_STILL_THERE,
	S_SESSION_ENDS_FMT, /* one %d: seconds */
	S_CONTINUE,
	S_SIM_LABEL,
	S_SIM_INSERT,
	S_SIM_REMOVE,
	S_LANG_OTHER, /* the toggle's label: the other language's name, in that language */
	S_ONLINE,
	S_OFFLINE,
	S_CARD_OK,
	S_CARD_FAULT,
	S_CARD_UNKNOWN,
	S_PRINTER_OK,
	S_PRINTER_FAULT,
	S_PRINTER_UNKNOWN,
	S_MSG_NONE,
	S_MSG_CARD_UNREADABLE,
	S_MSG_CARD_REMOVED,
	S_MSG_PRINTER_PAPER,
	S_MSG_PRINTER_FAULT,
	S_MSG_SAVE_FAILED,
	S_MSG_SENT,
	S_MSG_QUEUED,
	S_COUNT_
};

/* The text of id in Arabic (ar) or English; never NULL. */
const char *ui_str(enum ui_str id, bool ar);
/* The string for a ui_msg. */
enum ui_str ui_msg_str(enum ui_msg m);

struct ui_widget {
	enum ui_action action;
	SDL_Rect r;
};

/* One cached text texture (ui.c). Borrowed: valid until the next ui_text() call evicts it,
 * which cannot happen within one frame unless a frame draws more than UI_TEXT_CACHE texts. */
struct ui_text {
	char *s;
	uint32_t hash;
	int size, max_w;
	bool bold;
	enum text_dir dir;
	enum text_align align;
	uint32_t rgb;
	SDL_Texture *tex; /* NULL when the text is empty */
	int tw, th;       /* texture size: box width (or natural) x height */
	struct text_metrics m;
	unsigned long used;
};

struct ui_stats {
	unsigned long frames;      /* frames drawn and presented */
	unsigned long text_misses; /* texts laid out and uploaded (cache misses) */
	unsigned long text_hits;
};

struct ui {
	bool headless;
	int w, h, dpi;
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Surface *target; /* headless: what the software renderer draws into */
	struct text_engine *te;
	bool sdl_video, sdl_events;

	/* the last view asked for, and the frame state drawn from it */
	struct ui_view view;
	bool have_view;
	bool dirty;     /* forces the next ui_render to draw */
	uint32_t drawn; /* key of the last drawn frame */
	bool ar;        /* current frame is Arabic (RTL layout) */

	struct ui_widget widgets[UI_WIDGETS_MAX];
	int nwidgets;
	enum ui_action pressed; /* widget held down, UI_ACT_NONE when none */
	bool press_finger;      /* the press came from a finger (else the mouse) */
	SDL_FingerID press_id;

	/* layout units for the current frame */
	int pad, gap, touch, radius;
	float scale;      /* short side / THEME_DESIGN_PX */
	SDL_Rect content; /* between the status bar and the sim strip */

	struct ui_text texts[UI_TEXT_CACHE];
	unsigned long tick;
	struct ui_stats stats;
};

/* ---- ui.c ---- */
/* The cached text texture for s (NULL if s is empty or cannot be laid out; logged once). */
const struct ui_text *ui_text(struct ui *ui, const char *s, int size_px, bool bold,
                              enum text_dir dir, enum text_align align, int max_w, uint32_t rgb);
void ui_text_blit(struct ui *ui, const struct ui_text *t, int x, int y);
/* Draws utf8 in box (x, y, max_w) through the cache; metrics to *out when not NULL. */
int ui_text_draw(struct ui *ui, const char *utf8, const struct text_style *st, uint32_t rgb, int x,
                 int y, int max_w, struct text_metrics *out);

/* ---- widgets.c: drawing helpers (all coordinates physical pixels) ---- */
int ui_px(const struct ui *ui, int design_px); /* design px scaled to this screen */
int ui_mm(const struct ui *ui, int mm);        /* millimetres at cfg dpi */
/* Physical x of a box w wide whose start edge is `start` px from the content's start edge. */
int ui_x(const struct ui *ui, int start, int w);
void ui_color(struct ui *ui, uint32_t rgb, uint8_t a);
void ui_fill_rect(struct ui *ui, int x, int y, int w, int h, uint32_t rgb);
void ui_fill_round(struct ui *ui, int x, int y, int w, int h, int r, uint32_t rgb);
void ui_fill_circle(struct ui *ui, int cx, int cy, int r, uint32_t rgb, uint8_t a);
void ui_thick_line(struct ui *ui, float x0, float y0, float x1, float y1, float width,
                   uint32_t rgb);
void ui_spinner(struct ui *ui, int cx, int cy, int r);
enum ui_btn_style {
	BTN_PRIMARY, /* filled teal */
	BTN_SECOND,  /* outlined */
	BTN_LANG,    /* the language toggle on the status bar */
	BTN_SIM,     /* simulator controls */
};
/* A touch button; registered as widget `action`; drawn pressed while ui->pressed == action. */
void ui_button(struct ui *ui, enum ui_action action, int x, int y, int w, int h, const char *label,
               enum ui_btn_style style);
/* Width a button needs for label (at least one touch target). */
int ui_button_width(struct ui *ui, const char *label, enum ui_btn_style style);
/* One or two buttons in a row at the bottom of the content: first at the start side. second may
 * be UI_ACT_NONE. Returns the y where the row starts. */
int ui_button_row(struct ui *ui, enum ui_action first, enum ui_str first_label,
                  enum ui_action second, enum ui_str second_label);
/* Text centred in the content width at y; returns the height used. */
int ui_text_center(struct ui *ui, const char *s, int size, bool bold, uint32_t rgb, int y);
/* Top y of a block content_h tall with ngaps gaps of *gap, centred in [top, bottom); *gap
 * shrinks (down to 0) when the space is short. */
int ui_stack_top(int top, int bottom, int content_h, int ngaps, int *gap);
void ui_status_bar(struct ui *ui, int h);
void ui_sim_strip(struct ui *ui, int y, int h);
void ui_widget_add(struct ui *ui, enum ui_action action, int x, int y, int w, int h);

/* ---- screens/ files ---- */
void screen_attract(struct ui *ui, const struct ui_view *v);
void screen_reading(struct ui *ui, const struct ui_view *v);
void screen_welcome(struct ui *ui, const struct ui_view *v);
void screen_working(struct ui *ui, const struct ui_view *v);
void screen_result(struct ui *ui, const struct ui_view *v);
void screen_error(struct ui *ui, const struct ui_view *v);
void screen_idle_warn(struct ui *ui, const struct ui_view *v);

#endif
