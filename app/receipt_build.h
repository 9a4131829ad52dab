/*
 * receipt_build.h - a receipt made from a committed transaction: the payload that is in the
 * outbox (JSON text), the service's receipt template (services/svc.h, struct svc_receipt) and the
 * facts the payload cannot know (its sequence and reference, whether the backend acknowledged
 * it, whether this is a copy). The first print and every reprint go through here, so they say
 * the same thing; the screen's result shows the same status.
 *
 * Texts come from text/i18n.h in Arabic and English (the receipt is bilingual). Pure: no I/O;
 * any thread (the i18n is read-only).
 */
#ifndef KIOSK_RECEIPT_BUILD_H
#define KIOSK_RECEIPT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "receipt.h"

struct i18n;
struct svc_def;

struct receipt_facts {
	const char *kiosk_id;
	const char *location;
	const char *reference;    /* the kiosk's reference (txn_reference()) */
	const char *ministry_ref; /* the backend's reference when acknowledged, else "" */
	enum receipt_status status;
	bool copy;                       /* a copy asked for later: marked COPY with copy_ms */
	int64_t copy_ms;                 /* wall time of the reprint */
	const char *hijri_ar, *hijri_en; /* the Hijri date of the transaction's day, or "" */
	const char *pay_url; /* the backend's payment link (a QR under the fees), NULL or "" */
};

/*
 * The key of a text that a service may word for itself: "<base>.<status>.<service id with '_'
 * for '-'>" ("result.body.submitted.visit_receipt") when the catalogues have it, else the
 * generic "<base>.<status>" ("result.body.submitted"). Into key (size bytes); returns key. The
 * screen's result and the paper's "what happens next" both go through here, so they agree.
 */
const char *receipt_text_key(const struct i18n *i18n, const char *base, enum receipt_status st,
                             const char *service_id, char *key, size_t size);

/*
 * Fills *out for the committed payload of a transaction of service def. KERR_INVAL when the
 * payload is not the JSON object a commit made (missing "created" or "party"). The receipt holds
 * personal data (names, the masked civil number): the caller wipes it after use.
 */
int receipt_build(const struct i18n *i18n, const struct svc_def *def, const char *payload,
                  const struct receipt_facts *f, struct receipt *out);

/*
 * A slip: a note that is not a transaction's receipt (out->slip), e.g. where to unblock a
 * blocked PIN. Its title, its lines (label and value, both message keys: the slip holds no
 * value of a person) in Arabic and English, and its closing text; printed with the kiosk,
 * the location and when_ms. Never personal data.
 */
struct slip_line {
	const char *label, *value; /* message keys */
};
void receipt_build_slip(const struct i18n *i18n, const char *title, const struct slip_line *lines,
                        int nlines, const char *next, const char *kiosk_id, const char *location,
                        int64_t when_ms, struct receipt *out);

#endif
