/*
 * theme.h - the kiosk's look: colours, sizes, type scale. Compile-time on purpose (dwm's
 * config.h idea): the look is not a site setting, kiosk.conf is.
 *
 * Colours are 0xRRGGBB, each with a normal and a high-contrast value (UI_THEME_COLOURS; the
 * high-contrast palette is yellow/white on black). Code asks for a colour by name with
 * ui_col(ui, C_TEXT), which picks the palette of the current view. Every text colour is listed
 * with the background it is drawn on in UI_THEME_TEXT_PAIRS; tests/unit/test_ui.c checks each
 * pair in both palettes has WCAG contrast >= 4.5:1.
 * Sizes in mm are turned into pixels with the configured dpi; type sizes scale with the short
 * side of the screen (designed at 1080 px), and by THEME_LARGE_TEXT_PCT in large-text mode.
 */
#ifndef KIOSK_UI_THEME_H
#define KIOSK_UI_THEME_H

/* name, normal, high contrast */
#define UI_THEME_COLOURS(X)                                                                        \
	/* surfaces */                                                                             \
	X(BG, 0xF4F6F8, 0x000000)         /* screen background */                                  \
	X(TEXT, 0x17212B, 0xFFFFFF)       /* body text on BG and on PANEL */                       \
	X(TEXT_MUTED, 0x4A5866, 0xE0E0E0) /* secondary text */                                     \
	X(PANEL, 0xFFFFFF, 0x000000)      /* cards and panels */                                   \
	X(PANEL_BORDER, 0xC9D1D9, 0xFFFFFF)                                                        \
	X(ACCENT, 0x00695C, 0xFFE14D)  /* ministry teal: headings, spinner, icons */               \
	X(ICON_ON, 0xFFFFFF, 0x000000) /* marks drawn on OK / ERROR / ACCENT discs */              \
	X(SCRIM, 0x17212B, 0x000000)   /* behind a dialog (drawn translucent) */                   \
	/* status bar */                                                                           \
	X(BAR_BG, 0x0B3B5A, 0x000000)                                                              \
	X(BAR_TEXT, 0xFFFFFF, 0xFFFFFF)                                                            \
	X(BAR_LINE, 0x0B3B5A, 0xFFFFFF)     /* the bar's lower edge */                             \
	X(CHIP_OK, 0x1B5E20, 0x1B5E20)      /* green chip, white text */                           \
	X(CHIP_FAULT, 0xA4161A, 0xA4161A)   /* red chip, white text */                             \
	X(CHIP_UNKNOWN, 0x4A5866, 0x4A5866) /* grey chip, white text */                            \
	X(CHIP_QUEUE, 0x8A4B00, 0x8A4B00)   /* "3 waiting to send", white text */                  \
	X(CHIP_TEXT, 0xFFFFFF, 0xFFFFFF)                                                           \
	X(LANG_BG, 0xFFFFFF, 0xFFE14D) /* language / contrast / text-size buttons */               \
	X(LANG_TEXT, 0x0B3B5A, 0x000000)                                                           \
	X(LANG_PRESSED, 0xD6E4EE, 0xFFFFFF) /* pressed, and "mode on" */                           \
	/* buttons */                                                                              \
	X(PRIMARY, 0x00695C, 0xFFE14D)                                                             \
	X(PRIMARY_PRESSED, 0x004D40, 0xFFFFFF)                                                     \
	X(PRIMARY_TEXT, 0xFFFFFF, 0x000000)                                                        \
	X(SECOND, 0xFFFFFF, 0x000000)                                                              \
	X(SECOND_PRESSED, 0xDCEBE8, 0x3A3A3A)                                                      \
	X(SECOND_TEXT, 0x00564B, 0xFFE14D)                                                         \
	X(SECOND_BORDER, 0x00695C, 0xFFE14D)                                                       \
	/* feedback */                                                                             \
	X(OK, 0x1B5E20, 0x7CE38B)                                                                  \
	X(ERROR, 0xA4161A, 0xFF8A80)                                                               \
	X(WARN, 0x8A4B00, 0xFFB74D)                                                                \
	/* progress bar, step indicator, text field */                                             \
	X(TRACK, 0xC9D1D9, 0x5A5A5A) /* unfilled part (not text) */                                \
	X(FIELD, 0xFFFFFF, 0x000000)                                                               \
	X(FIELD_BORDER, 0x4A5866, 0xFFFFFF)                                                        \
	X(FIELD_FOCUS, 0x00695C, 0xFFE14D)                                                         \
	/* simulator strip (same in both palettes: it is for developers) */                        \
	X(SIM_BG, 0xFFF3CD, 0xFFF3CD)                                                              \
	X(SIM_TEXT, 0x5C4400, 0x5C4400)                                                            \
	X(SIM_BUTTON, 0x5C4400, 0x5C4400)                                                          \
	X(SIM_BUTTON_PRESSED, 0x3D2D00, 0x3D2D00)                                                  \
	X(SIM_BUTTON_TEXT, 0xFFFFFF, 0xFFFFFF)

/* text colour, background: every pair text is drawn on */
#define UI_THEME_TEXT_PAIRS(X)                                                                     \
	X(TEXT, BG)                                                                                \
	X(TEXT, PANEL)                                                                             \
	X(TEXT, FIELD)                                                                             \
	X(TEXT, SECOND)                                                                            \
	X(TEXT, SECOND_PRESSED)                                                                    \
	X(TEXT_MUTED, BG)                                                                          \
	X(TEXT_MUTED, PANEL)                                                                       \
	X(TEXT_MUTED, FIELD)                                                                       \
	X(ACCENT, BG)                                                                              \
	X(ACCENT, PANEL)                                                                           \
	X(ICON_ON, OK)                                                                             \
	X(ICON_ON, ERROR)                                                                          \
	X(ICON_ON, ACCENT)                                                                         \
	X(OK, BG)                                                                                  \
	X(OK, PANEL)                                                                               \
	X(ERROR, BG)                                                                               \
	X(ERROR, PANEL)                                                                            \
	X(WARN, BG)                                                                                \
	X(BAR_TEXT, BAR_BG)                                                                        \
	X(CHIP_TEXT, CHIP_OK)                                                                      \
	X(CHIP_TEXT, CHIP_FAULT)                                                                   \
	X(CHIP_TEXT, CHIP_UNKNOWN)                                                                 \
	X(CHIP_TEXT, CHIP_QUEUE)                                                                   \
	X(LANG_TEXT, LANG_BG)                                                                      \
	X(LANG_TEXT, LANG_PRESSED)                                                                 \
	X(PRIMARY_TEXT, PRIMARY)                                                                   \
	X(PRIMARY_TEXT, PRIMARY_PRESSED)                                                           \
	X(SECOND_TEXT, SECOND)                                                                     \
	X(SECOND_TEXT, SECOND_PRESSED)                                                             \
	X(SIM_TEXT, SIM_BG)                                                                        \
	X(SIM_BUTTON_TEXT, SIM_BUTTON)                                                             \
	X(SIM_BUTTON_TEXT, SIM_BUTTON_PRESSED)

enum ui_col {
#define UI_COL_ENUM(name, normal, hc) C_##name,
	UI_THEME_COLOURS(UI_COL_ENUM)
#undef UI_COL_ENUM
	        C_COUNT_
};

/* sizes */
#define THEME_TOUCH_MM       20   /* smallest side of any touch target */
#define THEME_DESIGN_PX      1080 /* type sizes below are for a 1080 px short side */
#define THEME_PAD            32   /* outer padding, design px */
#define THEME_GAP            24   /* between widgets, design px */
#define THEME_RADIUS         18   /* button corner radius, design px */
#define THEME_LARGE_TEXT_PCT 130  /* type sizes in large-text mode */

/* type scale, design px */
#define THEME_FONT_HERO   68 /* the main line of a screen */
#define THEME_FONT_TITLE  52
#define THEME_FONT_NAME   60 /* the holder's name */
#define THEME_FONT_BODY   38
#define THEME_FONT_BUTTON 42
#define THEME_FONT_SMALL  28
#define THEME_FONT_BAR    26
#define THEME_FONT_KEY    56 /* keypad digits */

#endif
