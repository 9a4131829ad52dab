/*
 * ui_test.h - extra hooks for tests/unit/test_ui.c (and tools that inspect a frame). No SDL here.
 * Everything reads the state of the last drawn frame; main thread only.
 */
#ifndef KIOSK_UI_TEST_H
#define KIOSK_UI_TEST_H

#include "ui.h"

#include <stdbool.h>

/* Rectangle of the widget for action on the last frame; KERR_NOTFOUND when there is none. */
int ui_widget_box(struct ui *ui, enum ui_action action, int *x, int *y, int *w, int *h);

/* Rectangle of one key of a group (action, arg): a keypad digit is (UI_ACT_PIN_DIGIT, digit). */
int ui_key_box(struct ui *ui, enum ui_action action, int arg, int *x, int *y, int *w, int *h);

/* Draws view with a widget gallery instead of its screen: 1 = steps, progress bar, text field,
 * list and the keyboard of view->lang; 2 = the modal time-out dialog over the attract screen.
 * Stays until the next ui_render(). KERR_INVAL for another which. */
int ui_render_gallery(struct ui *ui, const struct ui_view *view, int which);

/* Fixes the spinner at phase (0..11) so frames are reproducible (goldens); -1 lets it run. */
void ui_freeze_animation(struct ui *ui, int phase);

/* Counters since ui_open: frames presented, text textures built (misses) and reused (hits). */
void ui_get_stats(const struct ui *ui, unsigned long *frames, unsigned long *text_misses,
                  unsigned long *text_hits);

/* Drawing size in pixels (the window's output size, or the headless surface). */
int ui_size(const struct ui *ui, int *w, int *h);

/* The smallest touch target side in pixels (THEME_TOUCH_MM at the configured dpi). */
int ui_touch_px(const struct ui *ui);

/* Pushes one finger event (down or up) at window pixels. mouse_copy: mark it as SDL's copy of
 * a mouse event (touchId SDL_MOUSE_TOUCHID), which the ui must ignore. */
int ui_inject_finger(struct ui *ui, int x, int y, bool down, bool mouse_copy);

/* Pushes a left-button click (down + up). touch_copy: mark it as SDL's copy of a touch
 * (which == SDL_TOUCH_MOUSEID), which the ui must ignore. */
int ui_inject_click(struct ui *ui, int x, int y, bool touch_copy);

/* Pushes a key press: 'a'..'z', '0'..'9', '\b' (Backspace), '\r' (Enter), 0x1b (Escape), or
 * 0xF1..0xF3 for F1..F3 (F2 contrast, F3 text size). */
int ui_inject_key(struct ui *ui, int key);

#endif
