/*
 * theme.h - the kiosk's look: colours, sizes, type scale. Compile-time on purpose (dwm's
 * config.h idea): the look is not a site setting, kiosk.conf is.
 *
 * Colours are 0xRRGGBB. Every text colour is listed with the background it is drawn on in
 * UI_THEME_TEXT_PAIRS; tests/unit/test_ui.c checks each pair has WCAG contrast >= 4.5:1.
 * Sizes in mm are turned into pixels with the configured dpi; type sizes scale with the short
 * side of the screen (designed at 1080 px).
 */
#ifndef KIOSK_UI_THEME_H
#define KIOSK_UI_THEME_H

/* surfaces */
#define THEME_BG           0xF4F6F8 /* screen background */
#define THEME_TEXT         0x17212B /* body text on THEME_BG and on THEME_PANEL */
#define THEME_TEXT_MUTED   0x4A5866 /* secondary text on THEME_BG */
#define THEME_PANEL        0xFFFFFF /* cards and panels */
#define THEME_PANEL_BORDER 0xC9D1D9
#define THEME_ACCENT       0x00695C /* ministry teal: headings, spinner, icons */

/* status bar */
#define THEME_BAR_BG       0x0B3B5A
#define THEME_BAR_TEXT     0xFFFFFF
#define THEME_CHIP_OK      0x1B5E20 /* green chip, white text */
#define THEME_CHIP_FAULT   0xA4161A /* red chip, white text */
#define THEME_CHIP_UNKNOWN 0x4A5866 /* grey chip, white text */
#define THEME_CHIP_TEXT    0xFFFFFF
#define THEME_LANG_BG      0xFFFFFF /* language button on the bar */
#define THEME_LANG_TEXT    0x0B3B5A
#define THEME_LANG_PRESSED 0xD6E4EE

/* buttons */
#define THEME_PRIMARY         0x00695C
#define THEME_PRIMARY_PRESSED 0x004D40
#define THEME_PRIMARY_TEXT    0xFFFFFF
#define THEME_SECOND          0xFFFFFF
#define THEME_SECOND_PRESSED  0xDCEBE8
#define THEME_SECOND_TEXT     0x00564B
#define THEME_SECOND_BORDER   0x00695C

/* feedback */
#define THEME_OK    0x1B5E20
#define THEME_ERROR 0xA4161A
#define THEME_WARN  0x8A4B00

/* simulator strip */
#define THEME_SIM_BG          0xFFF3CD
#define THEME_SIM_TEXT        0x5C4400
#define THEME_SIM_BUTTON      0x5C4400
#define THEME_SIM_BUTTON_TEXT 0xFFFFFF

/* text colour, background: every pair text is drawn on */
#define UI_THEME_TEXT_PAIRS(X)                                                                     \
	X(THEME_TEXT, THEME_BG)                                                                    \
	X(THEME_TEXT, THEME_PANEL)                                                                 \
	X(THEME_TEXT_MUTED, THEME_BG)                                                              \
	X(THEME_TEXT_MUTED, THEME_PANEL)                                                           \
	X(THEME_ACCENT, THEME_BG)                                                                  \
	X(THEME_ACCENT, THEME_PANEL)                                                               \
	X(THEME_OK, THEME_BG)                                                                      \
	X(THEME_ERROR, THEME_BG)                                                                   \
	X(THEME_WARN, THEME_BG)                                                                    \
	X(THEME_BAR_TEXT, THEME_BAR_BG)                                                            \
	X(THEME_CHIP_TEXT, THEME_CHIP_OK)                                                          \
	X(THEME_CHIP_TEXT, THEME_CHIP_FAULT)                                                       \
	X(THEME_CHIP_TEXT, THEME_CHIP_UNKNOWN)                                                     \
	X(THEME_LANG_TEXT, THEME_LANG_BG)                                                          \
	X(THEME_LANG_TEXT, THEME_LANG_PRESSED)                                                     \
	X(THEME_PRIMARY_TEXT, THEME_PRIMARY)                                                       \
	X(THEME_PRIMARY_TEXT, THEME_PRIMARY_PRESSED)                                               \
	X(THEME_SECOND_TEXT, THEME_SECOND)                                                         \
	X(THEME_SECOND_TEXT, THEME_SECOND_PRESSED)                                                 \
	X(THEME_SIM_TEXT, THEME_SIM_BG)                                                            \
	X(THEME_SIM_BUTTON_TEXT, THEME_SIM_BUTTON)

/* sizes */
#define THEME_TOUCH_MM  20   /* smallest side of any touch target */
#define THEME_DESIGN_PX 1080 /* type sizes below are for a 1080 px short side */
#define THEME_PAD       32   /* outer padding, design px */
#define THEME_GAP       24   /* between widgets, design px */
#define THEME_RADIUS    18   /* button corner radius, design px */

/* type scale, design px */
#define THEME_FONT_HERO   68 /* the main line of a screen */
#define THEME_FONT_TITLE  52
#define THEME_FONT_NAME   60 /* the holder's name */
#define THEME_FONT_BODY   38
#define THEME_FONT_BUTTON 42
#define THEME_FONT_SMALL  28
#define THEME_FONT_BAR    26

#endif
