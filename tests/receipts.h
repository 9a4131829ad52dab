/*
 * receipts.h - receipts for the tests and kiosk-bench, made the way the kiosk makes them: a visit
 * receipt's committed payload in the shape app/engine/payload.c writes it, turned into a struct
 * receipt by receipt_build() with the visit receipt's own template (services/svc_visit_receipt.c)
 * and the facts the outbox adds (app/engine/steps.c do_print). Header-only, like tap.h.
 *
 *   struct test_visit v = test_visit_citizen();    a person and the facts; change what you need
 *   struct receipt r;
 *   test_visit_receipt(test_texts(), &v, &r);       0, or receipt_build()'s error
 *   test_receipt_qr(&r, "https://verify...");      the unsigned QR text a print worker without
 *                                                  a signing key puts there (app/print.c)
 *
 * The people are invented; no civil number here is anyone's. The receipt holds their data like
 * a real one: tests need not wipe it, the kiosk does.
 */
#ifndef KIOSK_TEST_RECEIPTS_H
#define KIOSK_TEST_RECEIPTS_H

#include "../app/engine/valuefmt.h"
#include "../app/receipt.h"
#include "../app/receipt_build.h"
#include "../app/receipt_sign.h"
#include "../app/txn.h"
#include "../drivers/clock.h"
#include "../services/table.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One visit receipt: who (as the card and the sign-in gave it) and what the outbox knows. */
struct test_visit {
	const char *civil_number, *name_ar, *name_en, *nationality, *card_serial, *expiry, *birth;
	const char *role;   /* from the sign-in ("citizen", "worker"), or NULL: none */
	const char *lang;   /* the language the person chose at the kiosk */
	int64_t created_ms; /* the commit's wall time (payload "created") */
	int64_t fee_baisa;  /* the reference data's visit-receipt fee */
	const char *kiosk_id, *location;
	int64_t seq; /* the outbox sequence: reference = txn_reference(kiosk_id, seq) */
	const char *ministry_ref; /* the backend's reference, "" before it acknowledged */
	enum receipt_status status;
	bool copy; /* a copy asked for later, at copy_ms */
	int64_t copy_ms;
	int hijri_y, hijri_m, hijri_d; /* the backend's Hijri date of that day; 0: none known */
};

/* An Omani citizen, Arabic at the kiosk, acknowledged: SUBMITTED with the Ministry's reference,
 * an OMR 2.000 fee, the Hijri date known. 2026-11-18 15:06:40 in Oman. */
static inline struct test_visit
test_visit_citizen(void)
{
	return (struct test_visit){.civil_number = "90125678",
	                           .name_ar = "محمد بن سالم البلوشي",
	                           .name_en = "Mohammed Salim Al Balushi",
	                           .nationality = "OMN",
	                           .card_serial = "DEMO0000123",
	                           .expiry = "2031-01-01",
	                           .birth = "1988-04-12",
	                           .role = "citizen",
	                           .lang = "ar",
	                           .created_ms = 1795000000000LL,
	                           .fee_baisa = 2000,
	                           .kiosk_id = "KSK-MCT-001",
	                           .location = "Muscat - Al Khuwair",
	                           .seq = 123,
	                           .ministry_ref = "MOL-00004211",
	                           .status = RECEIPT_SUBMITTED,
	                           .hijri_y = 1448,
	                           .hijri_m = 6,
	                           .hijri_d = 8};
}

/* A resident worker, English at the kiosk, offline: QUEUED - NOT YET SENT, no Ministry
 * reference, no fee, no Hijri date (the kiosk never computes one). */
static inline struct test_visit
test_visit_resident(void)
{
	return (struct test_visit){.civil_number = "71239012",
	                           .name_ar = "جون سميث",
	                           .name_en = "John Smith",
	                           .nationality = "GBR",
	                           .card_serial = "DEMO0000077",
	                           .expiry = "2028-06-15",
	                           .birth = "1979-10-02",
	                           .role = "worker",
	                           .lang = "en",
	                           .created_ms = 1795000000000LL,
	                           .fee_baisa = 0,
	                           .kiosk_id = "KSK-SLL-002",
	                           .location = "Salalah - Al Saada",
	                           .seq = 77,
	                           .ministry_ref = "",
	                           .status = RECEIPT_QUEUED};
}

/* The visit receipt's service (the build's table of services). */
static inline const struct svc_def *
test_visit_def(void)
{
	for (int i = 0; i < services_count; i++)
		if (strcmp(services_all[i]->id, "visit-receipt") == 0)
			return services_all[i];
	return NULL;
}

/* v's committed payload, the JSON text payload_build() writes (caller frees with free()); NULL
 * when jansson refuses a field (not UTF-8). */
static inline char *
test_visit_payload(const struct test_visit *v)
{
	const struct svc_def *def = test_visit_def();
	char created[40];
	clock_format_oman(v->created_ms, created, sizeof(created));
	json_t *party = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[]}", "civil_number",
	                          v->civil_number, "name_ar", v->name_ar, "name_en", v->name_en,
	                          "nationality", v->nationality, "card_serial", v->card_serial,
	                          "expiry", v->expiry, "birth", v->birth, "roles");
	if (party && v->role)
		json_array_append_new(json_object_get(party, "roles"), json_string(v->role));
	json_t *fees = json_array();
	for (int i = 0; def && i < def->nfees; i++)
		json_array_append_new(fees, json_pack("{s:s, s:I}", "label", def->fees[i].label,
		                                      "amount_baisa", (json_int_t)v->fee_baisa));
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:[o], s:o, s:I}", "service", "visit-receipt",
	                      "created", created, "lang", v->lang, "kiosk_location", v->location,
	                      "party", party, "fees", fees, "total_baisa",
	                      (json_int_t)(def ? def->nfees : 0) * (json_int_t)v->fee_baisa);
	char *text = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(p);
	return text;
}

/* v's receipt into *out through receipt_build(), as the print step makes it; 0 or its error
 * (KERR_INVAL). tx: the kiosk's texts (tests/texts.h test_texts(), kiosk-bench's bench_i18n). */
static inline int
test_visit_receipt(const struct i18n *tx, const struct test_visit *v, struct receipt *out)
{
	char ref[32], har[96] = "", hen[96] = "";
	txn_reference(v->kiosk_id, v->seq, ref, sizeof(ref));
	if (v->hijri_y > 0) {
		valuefmt_hijri(tx, "ar", v->hijri_y, v->hijri_m, v->hijri_d, har, sizeof(har));
		valuefmt_hijri(tx, "en", v->hijri_y, v->hijri_m, v->hijri_d, hen, sizeof(hen));
	}
	struct receipt_facts f = {.kiosk_id = v->kiosk_id,
	                          .location = v->location,
	                          .reference = ref,
	                          .ministry_ref = v->ministry_ref,
	                          .status = v->status,
	                          .copy = v->copy,
	                          .copy_ms = v->copy_ms,
	                          .hijri_ar = har,
	                          .hijri_en = hen};
	char *payload = test_visit_payload(v);
	int rc = receipt_build(tx, test_visit_def(), payload, &f, out);
	free(payload);
	return rc;
}

/* r's QR text as a print worker without a signing key makes it: the unsigned payload behind
 * url. 0 or receipt_payload()'s / receipt_qr_text()'s error. */
static inline int
test_receipt_qr(struct receipt *r, const char *url)
{
	char payload[RECEIPT_PAYLOAD_MAX];
	int rc = receipt_payload(NULL, r, payload, sizeof(payload));
	if (rc == 0)
		rc = receipt_qr_text(url, payload, r->qr_text, sizeof(r->qr_text));
	return rc;
}

#endif
