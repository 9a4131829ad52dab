/*
 * receipt.h - the receipt model and its rasterizer (model -> 1-bit-ready ink bitmap at the printer
 * profile's width), drawn with the kiosk's own text engine so Arabic is shaped on paper exactly as
 * on screen. Both languages, Arabic block first.
 */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bitmap;
struct i18n;
struct printer_profile;
struct text_engine;

#define RECEIPT_ITEMS_MAX 8

/* What the paper (and the screen beside it) says happened to the transaction. */
enum receipt_status {
	RECEIPT_SUBMITTED = 0, /* the backend acknowledged it: its reference is printed */
	RECEIPT_QUEUED,        /* committed at the kiosk, not yet acknowledged: sent later */
	RECEIPT_FAILED,        /* not done, nothing charged */
	RECEIPT_REJECTED,      /* the backend refused it */
	RECEIPT_ACCEPTED,      /* decided in the person's favour */
};

#define RECEIPT_LINES_MAX 40  /* a statement: its lines, then a line per row (paper is long) */
#define RECEIPT_TEXT_MAX  512 /* bytes: an Arabic paragraph of "what happens next" */

/* A text in both languages: the receipt has an Arabic block and an English block. */
struct receipt_pair {
	char ar[RECEIPT_TEXT_MAX];
	char en[RECEIPT_TEXT_MAX];
};

/* A labelled value of the service (the name, a masked civil number, a permit number...). */
struct receipt_line {
	struct receipt_pair label, value;
};

struct receipt_item {
	struct receipt_pair label;
	int64_t amount_baisa; /* 1 OMR = 1000 baisa; printed with 3 decimals */
};

/*
 * What a receipt says, every text already written (app/receipt_build.c makes it from the
 * committed payload): the renderer adds only the fixed words around it (po/: receipt.*).
 * Holds personal data (a name, a masked civil number): wipe after use.
 */
struct receipt {
	char kiosk_id[64];
	char location[128];
	struct receipt_pair title;
	enum receipt_status status;
	char reference[32];        /* the kiosk's reference, with its check digit */
	char ministry_ref[64];     /* the backend's reference (SUBMITTED), else "" */
	int64_t when_ms;           /* wall time of the transaction (its commit) */
	struct receipt_pair hijri; /* the Hijri date of that day from the backend; "" = none */
	struct receipt_line lines[RECEIPT_LINES_MAX];
	int nlines;
	struct receipt_item items[RECEIPT_ITEMS_MAX];
	int nitems;
	struct receipt_pair next; /* the service's "what happens next"; "" = the status's */
	char qr_text[320];        /* what the QR code carries; empty: the print worker signs one */
	char pay_url[192]; /* the backend's payment link: a second QR under the total, with "scan
	                      to pay" (the kiosk takes no payment); "" = none */
	bool copy;         /* printed again on request: marked COPY with copy_ms */
	int64_t copy_ms;
	bool reprint;  /* printed again after a fault tore the first one: marked REPRINT */
	bool slip;     /* a note, not a transaction's receipt (where to unblock a PIN): no status,
	                  reference, amounts or QR; never personal data */
	char type[32]; /* the transaction type, for the signed QR ("visit-receipt") */
};

/* The status's name, the last part of the keys of its texts ("receipt.status.queued"):
 * "submitted", "queued", "failed", "rejected", "accepted"; "" for a value outside the enum
 * (app/receipt_status.c). */
const char *receipt_status_name(enum receipt_status s);
/* The status's code in the signed QR: S submitted, Q queued, F failed, R rejected, A accepted;
 * X for a value outside the enum. */
char receipt_status_code(enum receipt_status s);

/*
 * Lays out r for profile p into a new bitmap (*out, caller frees with bitmap_free()). Every word
 * printed around r's fields comes from tx (text/i18n.h: the Arabic block from "ar", the English
 * block from "en"; borrowed, any thread may share it); NULL prints the keys.
 */
int receipt_render(struct text_engine *te, const struct i18n *tx, const struct printer_profile *p,
                   const struct receipt *r, struct bitmap **out);

/* Where receipt_render_layout() put things, in dots from the top-left (tests, previews). */
struct receipt_layout {
	int ar_top, ar_bottom; /* the Arabic block (rows) */
	int en_top, en_bottom; /* the English block (rows) */
	int qr_x, qr_y;        /* top-left of the QR symbol, quiet zone excluded; 0 size = none */
	int qr_module;         /* dots per module */
	int qr_modules;        /* modules per side */
};

/* receipt_render(), also reporting the layout in *lay (may be NULL). */
int receipt_render_layout(struct text_engine *te, const struct i18n *tx,
                          const struct printer_profile *p, const struct receipt *r,
                          struct bitmap **out, struct receipt_layout *lay);

#endif
