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
struct queue;
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

struct receipt_item {
	char label_ar[96];
	char label_en[96];
	int64_t amount_baisa; /* 1 OMR = 1000 baisa; printed with 3 decimals */
};

struct receipt {
	char kiosk_id[64];
	char location[128];
	char title_ar[96];
	char title_en[96];
	char status[48]; /* "SUBMITTED", "QUEUED - NOT YET SENT", ...: matched by its start to the
	                    status words in po/ (receipt.status.*); another is printed as is */
	char reference[32]; /* transaction reference with check character */
	int64_t when_ms;    /* wall time of the transaction */
	char name_ar[128];
	char name_en[128];
	char civil_masked[24]; /* e.g. "****5678"; never the full number */
	struct receipt_item items[RECEIPT_ITEMS_MAX];
	int nitems;
	char qr_text[320]; /* what the QR code carries; empty: the print worker signs one */
	bool copy;         /* a copy asked for: marked COPY */
	bool reprint;      /* printed again after a fault tore the first one: marked REPRINT */
	char type[32];     /* transaction type for the signed QR ("visit-receipt") */
	char hijri[48];    /* Hijri date from the backend's reference data; empty: not printed */
};

/*
 * The Hijri date for the Oman calendar day of now_ms, from the backend's reference data
 * ("hijri_date": either {"gregorian":"YYYY-MM-DD","hijri":"..."} or plain text, which counts only
 * on the Oman day it was stored). Never computed: out is "" when the data is absent or stale.
 * Main thread (q is its connection).
 */
void receipt_hijri(struct queue *q, int64_t now_ms, char *out, size_t size);

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
