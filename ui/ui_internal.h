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

#include "text/i18n.h"
#include "text/text.h"
#include "theme.h"
#include "ui.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#define UI_WIDGETS_MAX 64 /* the on-screen keyboard has 40 keys */
#define UI_TEXT_CACHE  96 /* textures kept; a screen uses about 15 */

struct ui;

/* ---- strings.c: texts in the frame's language (ui->lang) ---- */
/* The text of key (see text/i18n.h); "" for a NULL or empty key. Never NULL; borrowed from the
 * struct i18n (valid while the ui is open). */
const char *ui_tr(const struct ui *ui, const char *key);
/* The same in another language (the attract screen shows both). */
const char *ui_tr_in(const struct ui *ui, const char *lang, const char *key);
/* key with its {name} arguments (each isolated), into out (size bytes, always terminated, never
 * a cut UTF-8 sequence). Returns out. */
const char *ui_fmt(const struct ui *ui, const char *key, const struct i18n_arg *args, int nargs,
                   char *out, size_t size);
/* The plural entry key for count n (its {n}), into out (size bytes, always terminated, never a
 * cut UTF-8 sequence). Returns out. */
const char *ui_nfmt(const struct ui *ui, const char *key, long n, char *out, size_t size);
struct ui_widget {
	enum ui_action action;
	int arg;           /* which one: the digit, the row, the page direction, the code point */
	const char *label; /* borrowed for the frame (the view's or a catalogue's), or NULL */
	SDL_Rect r;
};

#define UI_DUMP_MAX 16384 /* the text of one frame (ui_dump) */

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
	int tw, th;       /* layout size: box width (or natural) x height */
	int ink_x, ink_w; /* the texture holds only columns [ink_x, ink_x + ink_w) of that box */
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
	bool dirty;             /* forces the next ui_render to draw */
	struct ui_view drawn;   /* the view of the last presented frame */
	uint32_t drawn_extra;   /* and its press, animation phase and gallery */
	bool ar;                /* current frame is Arabic (RTL layout) */
	char dump[UI_DUMP_MAX]; /* what the frame drew, as text (ui_dump) */
	size_t dump_len;
	bool dump_mute; /* a widget draws its own label: one dump line, not two */

	struct ui_widget widgets[UI_WIDGETS_MAX];
	int nwidgets;
	enum ui_action pressed; /* widget held down, UI_ACT_NONE when none */
	int pressed_arg;        /* and its arg (which key) */
	bool press_finger;      /* the press came from a finger (else the mouse) */
	SDL_FingerID press_id;

	/* layout units for the current frame */
	int pad, gap, touch, radius;
	float scale;      /* short side / THEME_DESIGN_PX */
	SDL_Rect content; /* between the status bar and the sim strip */

	const uint32_t *pal; /* colours of the current frame: normal or high contrast */
	int font_pct;        /* 100, or THEME_LARGE_TEXT_PCT in large-text mode */
	int anim_frozen;     /* >= 0: spinner phase fixed (goldens); -1: runs with the clock */
	int gallery;         /* > 0: the frame shows widget gallery n instead of the screen */
	struct ui_dialog_req {
		bool on;
		const char *title, *body; /* borrowed for the frame */
		enum ui_action first;
		const char *first_label;
		enum ui_action second;
		const char *second_label;
	} dlg; /* a dialog asked for by the screen, drawn last */

	const struct i18n *i18n; /* main()'s texts, borrowed; NULL: every text shows its key */
	const char *lang;        /* the current frame's language (points into view.lang) */

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
int ui_px(const struct ui *ui, int design_px);       /* design px scaled to this screen */
int ui_font(const struct ui *ui, int design_px);     /* a type size: ui_px, times large-text mode */
uint32_t ui_col(const struct ui *ui, enum ui_col c); /* a theme colour in the current palette */
/* The palettes, indexed by enum ui_col: [0] normal, [1] high contrast. */
extern const uint32_t ui_palettes[2][C_COUNT_];
int ui_mm(const struct ui *ui, int mm); /* millimetres at cfg dpi */
/* Physical x of a box w wide whose start edge is `start` px from the content's start edge. */
int ui_x(const struct ui *ui, int start, int w);
void ui_color(struct ui *ui, uint32_t rgb, uint8_t a);
void ui_fill_rect(struct ui *ui, int x, int y, int w, int h, uint32_t rgb);
void ui_fill_round(struct ui *ui, int x, int y, int w, int h, int r, uint32_t rgb);
/* A rounded box with a bw-wide border, each pixel written once (the keypad draws twelve). */
void ui_fill_round_border(struct ui *ui, int x, int y, int w, int h, int r, int bw, uint32_t border,
                          uint32_t bg);
void ui_fill_circle(struct ui *ui, int cx, int cy, int r, uint32_t rgb, uint8_t a);
void ui_thick_line(struct ui *ui, float x0, float y0, float x1, float y1, float width,
                   uint32_t rgb);
void ui_spinner(struct ui *ui, int cx, int cy, int r);
enum ui_btn_style {
	BTN_PRIMARY, /* filled teal */
	BTN_SECOND,  /* outlined */
	BTN_LANG,    /* the language toggle on the status bar */
	BTN_SIM,     /* simulator controls */
	BTN_KEY,     /* a PIN keypad key (outlined, large type) */
	BTN_KBD,     /* an on-screen keyboard key (outlined, button type, narrow padding) */
};
/* A touch button; registered as widget `action`; drawn pressed while ui->pressed == action. */
void ui_button(struct ui *ui, enum ui_action action, int x, int y, int w, int h, const char *label,
               enum ui_btn_style style);
/* Width a button needs for label (at least one touch target). */
int ui_button_width(struct ui *ui, const char *label, enum ui_btn_style style);
/* One or two buttons in a row at the bottom of the content: first at the start side. second may
 * be UI_ACT_NONE. Returns the y where the row starts. */
int ui_button_row(struct ui *ui, enum ui_action first, const char *first_key, enum ui_action second,
                  const char *second_key);
/* Text centred in the content width at y; returns the height used. */
int ui_text_center(struct ui *ui, const char *s, int size, bool bold, uint32_t rgb, int y);
/* Top y of a block content_h tall with ngaps gaps of *gap, centred in [top, bottom); *gap
 * shrinks (down to 0) when the space is short. */
int ui_stack_top(int top, int bottom, int content_h, int ngaps, int *gap);
void ui_status_bar(struct ui *ui, int h);
void ui_sim_strip(struct ui *ui, int y, int h);
void ui_widget_add(struct ui *ui, enum ui_action action, int x, int y, int w, int h);
/* The same for one key of a group sharing an action (keypad digits, keyboard keys). */
void ui_widget_add_arg(struct ui *ui, enum ui_action action, int arg, int x, int y, int w, int h);
/* ui_button for one key of a group: pressed look while (pressed, pressed_arg) == (action, arg). */
void ui_key(struct ui *ui, enum ui_action action, int arg, int x, int y, int w, int h,
            const char *label, enum ui_btn_style style);

/* ---- widgets.c: the reusable pieces (see docs/ui.md, "Widgets") ---- */
/*
 * The 12-key PIN keypad: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 OK, in the box (x, y, w, h). The
 * layout is the same in both languages (a keypad is not mirrored, like a phone's). Digits are
 * UI_ACT_PIN_DIGIT widgets with arg = the digit; delete UI_ACT_PIN_BACK; OK UI_ACT_PIN_OK.
 */
void ui_keypad(struct ui *ui, int x, int y, int w, int h);
/* n masked dots (filled for the first `filled`), centred on cx, top y; returns the height. */
int ui_pin_dots(struct ui *ui, int cx, int y, int n, int filled);
/* A panel: rounded, bordered box in the panel colour. */
void ui_panel(struct ui *ui, int x, int y, int w, int h);
/* A horizontal progress bar, done/total filled from the start side (mirrors in Arabic). */
void ui_progress_bar(struct ui *ui, int x, int y, int w, int h, int done, int total);
/* The multi-step indicator: n numbered circles joined by a line, step `current` (0-based)
 * highlighted, steps before it done; step 1 is at the start side. Returns the height used. */
int ui_steps(struct ui *ui, int x, int y, int w, int n, int current);
/* A modal dialog centred on the screen over a dimmed frame: title, body, one or two buttons
 * (first at the start side; second may be UI_ACT_NONE). It is drawn at the end of the frame,
 * over the status bar; a tap beside it is input, never an action. Strings are borrowed until
 * the frame ends. */
void ui_dialog(struct ui *ui, const char *title, const char *body, enum ui_action first,
               const char *first_label, enum ui_action second, const char *second_label);
/* The on-screen keyboard (arabic: the Arabic layout with Arabic-Indic digits; else QWERTY with
 * digits) in the box: four rows of character keys, then delete / space / done. Every key is a
 * UI_ACT_KEY widget with arg = its code point (UI_KEY_BACKSPACE, ' ', UI_KEY_ENTER for the
 * bottom row); the app edits its field with text/textedit.h. */
void ui_keyboard(struct ui *ui, bool arabic, int x, int y, int w, int h);
/* The alignment of a text laid out in the frame's reading order: right in an Arabic frame, left
 * in an English one, whatever the text's own direction (a licence number or a masked civil
 * number under an Arabic label lines up with the label, at the right). The text is still
 * shaped and ordered by its own direction. */
enum text_align ui_align_start(const struct ui *ui);
/* Physical x of a box w wide, `start` px from the start edge of the box (box_x, box_w). */
int ui_x_in(const struct ui *ui, int box_x, int box_w, int start, int w);
/* Draws the dialog asked for in this frame, if any (ui.c calls it last). */
void ui_dialog_flush(struct ui *ui);
/* A one-line text field: the text (or the placeholder, muted, when empty), a focus border,
 * the caret at the logical end (the end side of the field's direction). */
int ui_text_field(struct ui *ui, int x, int y, int w, const char *text, const char *placeholder,
                  bool focused); /* returns the height used */

/* The 12-key pad of a digits field: 1..9, delete, 0, done, as UI_ACT_KEY widgets ('0'..'9',
 * UI_KEY_BACKSPACE, UI_KEY_ENTER); not mirrored, like the PIN keypad. */
void ui_digit_pad(struct ui *ui, int x, int y, int w, int h);

/* ---- widgets.c: the pieces every screen kind shares ---- */
/* Appends a line to the frame's dump ("text: ...", "button next: ..."), bidi controls removed. */
void ui_dump_line(struct ui *ui, const char *tag, const char *text);
/* The view's button for action, or NULL. */
const struct ui_button *ui_view_button(const struct ui_view *v, enum ui_action a);
/* The top row of the content: BACK at the start side, CANCEL (and FINISH when finish_top) at
 * the end side, those the view has. Returns the y below it (the content's top when empty). */
int ui_nav_row(struct ui *ui, const struct ui_view *v, bool finish_top);
/* The bottom row: NEXT (primary) at the start side and FINISH at the end side; FINISH alone is
 * primary. Returns the y where it starts (the content's bottom when empty). */
int ui_action_row(struct ui *ui, const struct ui_view *v);
/* The pager ("Page 2 of 5" between previous and next) in a row at y; returns its height (0
 * without pages). */
int ui_pager(struct ui *ui, const struct ui_view *v, int y);
/* A large button for a row: label (bold) and value under it (muted), dimmed when
 * UI_ROW_DISABLED; with UI_ROW_TOGGLE a box at its end side, ticked when UI_ROW_SELECTED (a
 * multiple choice); the widget (action, arg). Returns its height. */
enum { UI_ROW_DISABLED = 1u << 0, UI_ROW_TOGGLE = 1u << 1, UI_ROW_SELECTED = 1u << 2 };
int ui_row_button(struct ui *ui, enum ui_action action, int arg, int x, int y, int w,
                  const char *label, const char *value, unsigned flags);
/* Height ui_row_button() would take. */
int ui_row_button_height(struct ui *ui, int w, const char *label, const char *value,
                         unsigned flags);
/* A labelled value (label small and muted, value below it); returns its height. */
int ui_labelled(struct ui *ui, int x, int y, int w, const char *label, const char *value);
/* A title (hero type) and a body (body type) stacked from y in the box (x, w); returns y after
 * them. The notice, when the view has one, follows in the alert colour. */
int ui_heading(struct ui *ui, const struct ui_view *v, int x, int y, int w);
/* The round mark of a result (a check) or an error (an exclamation), radius r, at (cx, cy). */
void ui_mark(struct ui *ui, int cx, int cy, int r, bool ok);

/* ---- screens/ files: one per kind of screen (view.h, enum ui_kind) ---- */
void screen_card(struct ui *ui, const struct ui_view *v);
void screen_busy(struct ui *ui, const struct ui_view *v);
void screen_pin(struct ui *ui, const struct ui_view *v);
void screen_menu(struct ui *ui, const struct ui_view *v); /* MENU and LIST */
void screen_info(struct ui *ui, const struct ui_view *v);
void screen_form(struct ui *ui, const struct ui_view *v);
void screen_result(struct ui *ui, const struct ui_view *v); /* RESULT and ERROR */
void screen_gallery(struct ui *ui, const struct ui_view *v, int which);

#endif
