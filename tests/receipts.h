/*
 * receipts.h - a receipt as the kiosk makes one, for the receipt, print and printer tests and
 * the bench: the payload a commit of the visit receipt writes to the outbox (the shape of
 * app/engine/payload.c), turned into a struct receipt by receipt_build() with the service's
 * own template (services/svc_visit_receipt.c), so the tests print what a person would get.
 * Header-only; the invented person is not a real one.
 */
#ifndef KIOSK_TESTS_RECEIPTS_H
#define KIOSK_TESTS_RECEIPTS_H

#include "../app/engine/valuefmt.h"
#include "../app/receipt.h"
#include "../app/receipt_build.h"
#include "../services/table.h"
#include "../text/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* What a commit of the visit receipt wrote, 1 January 2027 04:00 Oman time: the person (PIN
 * verified), a fee of 1.250 OMR from the reference data. */
#define RECEIPTS_VISIT_PAYLOAD                                                                           \
	"{\"created\":\"2027-01-01T04:00:00+04:00\",\"fees\":[{\"amount_baisa\":1250,"                   \
	"\"label\":\"receipt.item.service_fee\"}],\"kiosk_location\":\"Muscat - Al Khuwair\","           \
	"\"lang\":\"ar\",\"party\":[{\"card_serial\":\"DEMO0000001\",\"civil_number\":"                  \
	"\"90012345\","                                                                                  \
	"\"expiry\":\"2031-01-01\",\"name_ar\":\"سالم بن خلفان الهنائي\",\"name_en\":" \
	"\"Salim Khalfan Al Hinai\",\"nationality\":\"OMN\",\"roles\":[\"citizen\"]}],"                  \
	"\"service\":\"visit-receipt\",\"total_baisa\":1250}"
#define RECEIPTS_VISIT_CIVIL   "90012345"
#define RECEIPTS_VISIT_REF     "KSK-MCT-001-000042-3"
#define RECEIPTS_VISIT_MOL_REF "MOL-00000042"

/* The service of id, or NULL. */
static inline const struct svc_def *
receipts_service(const char *id)
{
	for (int i = 0; i < services_count; i++)
		if (strcmp(services_all[i]->id, id) == 0)
			return services_all[i];
	return NULL;
}

/* The second person: a resident whose card has the English name first, nothing to pay. */
#define RECEIPTS_RESIDENT_PAYLOAD                                                                    \
	"{\"created\":\"2026-11-19T09:15:00+04:00\",\"fees\":[{\"amount_baisa\":0,"                  \
	"\"label\":\"receipt.item.service_fee\"}],\"kiosk_location\":\"Salalah\",\"lang\":\"en\","   \
	"\"party\":[{\"card_serial\":\"DEMO0000077\",\"civil_number\":\"71239012\",\"expiry\":"      \
	"\"2028-06-15\",\"name_ar\":\"جون سميث\",\"name_en\":\"John Smith\",\"nationality\":" \
	"\"GBR\",\"roles\":[\"worker\"]}],\"service\":\"visit-receipt\",\"total_baisa\":0}"

/*
 * *r = the visit receipt of payload (one of the above) with status st (SUBMITTED carries the
 * ministry's reference), a copy when copy; hijri_*: the Hijri date of that day as the kiosk
 * writes it (NULL: none); the QR text the print worker would put on it, unsigned. Returns
 * receipt_build()'s status.
 */
static inline int
receipts_build(const struct i18n *tx, const char *payload, enum receipt_status st, bool copy,
               const char *kiosk, const char *ref, const int hijri[3], struct receipt *r)
{
	char h_ar[128] = "", h_en[128] = "";
	if (hijri) {
		valuefmt_hijri(tx, "ar", hijri[0], hijri[1], hijri[2], h_ar, sizeof(h_ar));
		valuefmt_hijri(tx, "en", hijri[0], hijri[1], hijri[2], h_en, sizeof(h_en));
	}
	const struct receipt_facts f = {
	        .kiosk_id = kiosk,
	        .location = "Muscat - Al Khuwair",
	        .reference = ref,
	        .ministry_ref = st == RECEIPT_SUBMITTED ? RECEIPTS_VISIT_MOL_REF : "",
	        .status = st,
	        .copy = copy,
	        .copy_ms = copy ? 1798765200000LL : 0, /* an hour after the visit's commit */
	        .hijri_ar = h_ar,
	        .hijri_en = h_en,
	};
	int rc = receipt_build(tx, receipts_service("visit-receipt"), payload, &f, r);
	if (rc == 0)
		snprintf(r->qr_text, sizeof(r->qr_text),
		         "https://verify.mol.gov.om/r?p=MOL1~%s~visit-receipt~%lld~%s~%c~-", ref,
		         (long long)(r->when_ms / 1000), kiosk, receipt_status_code(st));
	return rc;
}

/* The visit receipt of RECEIPTS_VISIT_PAYLOAD (1 January 2027 = 23 Rajab 1448). */
static inline int
receipts_visit(const struct i18n *tx, enum receipt_status st, bool copy, struct receipt *r)
{
	static const int hijri[3] = {1448, 7, 23};
	return receipts_build(tx, RECEIPTS_VISIT_PAYLOAD, st, copy, "KSK-MCT-001",
	                      RECEIPTS_VISIT_REF, hijri, r);
}

#endif
