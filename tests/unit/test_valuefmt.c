/*
 * test_valuefmt.c - values written for people (app/engine/valuefmt.h), the same on screen and on
 * paper:
 *   - amounts: "OMR 12.500" in English, the amount then the rial's abbreviation in Arabic; 0,
 *     negative and very large amounts, no thousands separator;
 *   - with Arabic-Indic digits for Arabic (kiosk.conf [language] digits_ar, i18n_set_digits()):
 *     an Arabic amount, date, Hijri date, count and integer in Arabic-Indic digits and the English
 *     ones in Western digits; codes (a CR number, a masked civil number, a reference) in Western
 *     digits in both;
 *   - a receipt built by receipt_build() from a payload holds, line for line, the value the
 *     screen shows for that payload, and the paper's line (the value formatted again inside
 *     receipt.line) shows the same digits; the visit receipt's Hijri date follows the setting,
 *     its signed QR payload stays ASCII.
 */
#include "../tap.h"
#include "../receipts.h"
#include "../texts.h"

#include "app/engine/valuefmt.h"
#include "app/receipt_build.h"
#include "app/receipt_sign.h"
#include "services/svc.h"
#include "text/i18n.h"
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define FSI "\u2068"
#define PDI "\u2069"

/* The plain text of s (bidi controls dropped), for comparing with what a person reads. */
static const char *
plain(const char *s, char *out, size_t size)
{
	text_strip_controls(s, out, size);
	return out;
}

static bool
has_ascii_digit(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

/* Whether s holds an Arabic-Indic digit (U+0660..U+0669: 0xD9 0xA0..0xA9). */
static bool
has_indic_digit(const char *s)
{
	for (; s[0] && s[1]; s++)
		if ((unsigned char)s[0] == 0xD9 && (unsigned char)s[1] >= 0xA0 &&
		    (unsigned char)s[1] <= 0xA9)
			return true;
	return false;
}

static void
amounts(void)
{
	const struct i18n *tx = test_texts();
	char out[128], p[128];
	static const struct {
		int64_t baisa;
		const char *en, *ar;
	} cases[] = {
	        {12500, "OMR 12.500", "12.500 ر.ع."},
	        {0, "OMR 0.000", "0.000 ر.ع."},
	        {5, "OMR 0.005", "0.005 ر.ع."},
	        {-12500, "OMR -12.500", "-12.500 ر.ع."},
	        {-5, "OMR -0.005", "-0.005 ر.ع."},
	        {1234567890123, "OMR 1234567890.123", "1234567890.123 ر.ع."},
	        {INT64_MAX, "OMR 9223372036854775.807", "9223372036854775.807 ر.ع."},
	        {INT64_MIN, "OMR -9223372036854775.808", "-9223372036854775.808 ر.ع."},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		valuefmt_amount(tx, "en", cases[k].baisa, out, sizeof(out));
		is_str(plain(out, p, sizeof(p)), cases[k].en, "en: %lld baisa",
		       (long long)cases[k].baisa);
		valuefmt_amount(tx, "ar", cases[k].baisa, out, sizeof(out));
		is_str(plain(out, p, sizeof(p)), cases[k].ar, "ar: %lld baisa",
		       (long long)cases[k].baisa);
	}
	valuefmt_amount(tx, "ar", 12500, out, sizeof(out));
	is_str(out, FSI "12.500" PDI " ر.ع.", "ar: the amount is isolated, then the abbreviation");
}

/* The kiosk's texts with Arabic-Indic digits for Arabic, as main() sets them from kiosk.conf;
 * NULL when the catalogues cannot be read. Caller frees. */
static struct i18n *
indic_texts(void)
{
	struct i18n *tx = NULL;
	if (i18n_open_all(&tx, NULL) < 0)
		return NULL;
	if (i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC) < 0) {
		i18n_free(tx);
		return NULL;
	}
	return tx;
}

/* The value at path of the JSON text doc, in lang, as a screen row shows it. */
static const char *
value_of(const struct i18n *tx, const char *lang, const char *doc, const char *path,
         enum svc_fmt fmt, const char *key, char *out, size_t size)
{
	json_t *root = json_loads(doc, 0, NULL);
	struct svc_value v = {.path = path, .fmt = fmt, .key = key};
	valuefmt(tx, lang, root, &v, out, size);
	json_decref(root);
	return out;
}

static const char doc[] =
        "{\"created\":\"2026-11-18T15:06:40+04:00\","
        "\"party\":[{\"civil_number\":\"90125678\",\"name_ar\":\"مؤسسة النور 2000\","
        "\"name_en\":\"Al Noor 2000 LLC\"}],"
        "\"record\":{\"cr\":\"1234567\",\"permit\":\"WP-2026-77\",\"expires\":\"2026-12-04\","
        "\"workers\":12,\"fee\":12500}}";

static void
digits(void)
{
	struct i18n *tx = indic_texts();
	char out[384], p[384];
	ok(tx != NULL, "the texts with Arabic-Indic digits for Arabic");
	if (!tx)
		return;
	valuefmt_amount(tx, "ar", 12500, out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "١٢٫٥٠٠ ر.ع.",
	       "ar amount: Arabic-Indic digits, the Arabic decimal separator");
	valuefmt_amount(tx, "ar", -500, out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "-٠٫٥٠٠ ر.ع.", "ar amount: negative, below one rial");
	valuefmt_amount(tx, "en", 12500, out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "OMR 12.500", "en amount: Western digits");
	valuefmt_date(tx, "ar", "2026-12-04", out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "٤ ديسمبر ٢٠٢٦", "ar date: Arabic-Indic digits");
	valuefmt_date(tx, "en", "2026-12-04", out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "4 December 2026", "en date: Western digits");
	valuefmt_date(tx, "ar", "2026-13-40", out, sizeof(out));
	is_str(out, "2026-13-40", "an invalid date is copied as it is (not a date for people)");
	valuefmt_hijri(tx, "ar", 1448, 6, 8, out, sizeof(out));
	ok(strstr(plain(out, p, sizeof(p)), "١٤٤٨") && strstr(p, "٨ ") == p && !has_ascii_digit(p),
	   "ar Hijri date: Arabic-Indic digits (%s)", p);
	valuefmt_hijri(tx, "en", 1448, 6, 8, out, sizeof(out));
	is_str(plain(out, p, sizeof(p)), "8 Jumada al-Akhirah 1448\u00a0AH",
	       "en Hijri date: Western digits");

	value_of(tx, "ar", doc, "record.workers", SVC_FMT_COUNT, "status.waiting", out,
	         sizeof(out));
	ok(strstr(plain(out, p, sizeof(p)), "١٢") && !has_ascii_digit(p), "ar count: %s", p);
	value_of(tx, "en", doc, "record.workers", SVC_FMT_COUNT, "status.waiting", out,
	         sizeof(out));
	is_str(plain(out, p, sizeof(p)), "12 waiting to send", "en count: Western digits");
	is_str(value_of(tx, "ar", doc, "record.workers", SVC_FMT_TEXT, NULL, out, sizeof(out)),
	       "١٢", "ar integer (SVC_FMT_TEXT): a number, Arabic-Indic");
	is_str(value_of(tx, "en", doc, "record.workers", SVC_FMT_TEXT, NULL, out, sizeof(out)),
	       "12", "en integer: Western");
	is_str(value_of(tx, "ar", doc, "record.fee", SVC_FMT_AMOUNT, NULL, out, sizeof(out)),
	       FSI "١٢٫٥٠٠" PDI " ر.ع.", "ar amount from a payload");
	is_str(value_of(tx, "ar", doc, "record.expires", SVC_FMT_DATE, NULL, out, sizeof(out)),
	       "\u200F" FSI "٤" PDI " " FSI "ديسمبر" PDI " " FSI "٢٠٢٦" PDI,
	       "ar date from a payload (RLM first: po/ar.po date.long)");
	is_str(value_of(tx, "ar", doc, "record.cr", SVC_FMT_TEXT, NULL, out, sizeof(out)),
	       I18N_CODE "1234567", "ar CR number: a code, Western digits, marked");
	is_str(value_of(tx, "en", doc, "record.cr", SVC_FMT_TEXT, NULL, out, sizeof(out)),
	       I18N_CODE "1234567", "en CR number: the same");
	is_str(value_of(tx, "ar", doc, "record.permit", SVC_FMT_TEXT, NULL, out, sizeof(out)),
	       I18N_CODE "WP-2026-77", "ar permit number: a code");
	is_str(value_of(tx, "ar", doc, "party.0.civil_number", SVC_FMT_MASKED, NULL, out,
	                sizeof(out)),
	       I18N_CODE "****5678", "ar masked civil number: a code");
	is_str(value_of(tx, "ar", doc, "party.0.name", SVC_FMT_LANG, NULL, out, sizeof(out)),
	       "مؤسسة النور ٢٠٠٠", "ar name: the language's text takes its digits");
	is_str(value_of(tx, "en", doc, "party.0.name", SVC_FMT_LANG, NULL, out, sizeof(out)),
	       "Al Noor 2000 LLC", "en name: as written");
	is_str(valuefmt_code("K-0001-000042-7", out, sizeof(out)), I18N_CODE "K-0001-000042-7",
	       "valuefmt_code: LRM first");
	is_str(valuefmt_code(I18N_CODE "77", out, sizeof(out)), I18N_CODE "77",
	       "valuefmt_code: never two");
	is_str(valuefmt_code("", out, sizeof(out)), "", "valuefmt_code: empty stays empty");
	i18n_free(tx);
}

/* A service whose receipt prints one value of every kind (labels borrowed from the catalogues). */
static const struct svc_line lines[] = {
        {"field.name", {"party.0.name", SVC_FMT_LANG, NULL}},
        {"field.civil_number", {"party.0.civil_number", SVC_FMT_MASKED, NULL}},
        {"record.employer_cr", {"record.cr", SVC_FMT_TEXT, NULL}},
        {"record.permit_no", {"record.permit", SVC_FMT_TEXT, NULL}},
        {"record.expires", {"record.expires", SVC_FMT_DATE, NULL}},
        {"record.issued", {"record.workers", SVC_FMT_TEXT, NULL}},
        {"record.status", {"record.workers", SVC_FMT_COUNT, "status.waiting"}},
        {"fee.total", {"record.fee", SVC_FMT_AMOUNT, NULL}},
};
static const struct svc_receipt every_kind_receipt = {
        .title = "receipt.title.visit", .lines = lines, .nlines = SVC_N(lines)};
static const struct svc_def every_kind = {.id = "every-kind", .receipt = &every_kind_receipt};

static void
screen_and_paper(void)
{
	struct i18n *tx = indic_texts();
	ok(tx != NULL, "the texts with Arabic-Indic digits for Arabic");
	if (!tx)
		return;
	struct receipt_facts f = {.kiosk_id = "KSK-MCT-001",
	                          .location = "Muscat",
	                          .reference = "KSK-MCT-001-000123-0",
	                          .status = RECEIPT_SUBMITTED};
	struct receipt r;
	is_int(receipt_build(tx, &every_kind, doc, &f, &r), 0,
	       "receipt_build: every kind of value");
	is_int(r.nlines, SVC_N(lines), "... one line each");
	json_t *root = json_loads(doc, 0, NULL);
	int differ = 0, reformatted = 0;
	for (int i = 0; i < r.nlines && i < SVC_N(lines); i++) {
		static const char *const langs[] = {"ar", "en"};
		for (int l = 0; l < 2; l++) {
			char screen[384], line[768], pl[768], pv[384];
			const char *paper = l ? r.lines[i].value.en : r.lines[i].value.ar;
			const char *label = l ? r.lines[i].label.en : r.lines[i].label.ar;
			valuefmt(tx, langs[l], root, &lines[i].v, screen, sizeof(screen));
			if (strcmp(screen, paper)) {
				differ++;
				printf("# %s line %d: screen '%s', receipt '%s'\n", langs[l], i,
				       screen, paper);
			}
			/* the paper formats the value again inside its line: same digits */
			const struct i18n_arg a[] = {{"label", label}, {"value", paper}};
			i18n_fmt(tx, langs[l], "receipt.line", a, 2, line, sizeof(line));
			if (!strstr(plain(line, pl, sizeof(pl)), plain(screen, pv, sizeof(pv)))) {
				reformatted++;
				printf("# %s line %d: paper '%s' lacks '%s'\n", langs[l], i, pl,
				       pv);
			}
		}
	}
	json_decref(root);
	is_int(differ, 0, "the receipt holds the screen's value, line for line, in both languages");
	is_int(reformatted, 0, "the paper's lines show the screen's digits (a code stays a code)");
	char pl[768];
	ok(r.nlines > 7 && has_indic_digit(r.lines[4].value.ar) &&
	           has_indic_digit(r.lines[7].value.ar) &&
	           !has_ascii_digit(plain(r.lines[4].value.ar, pl, sizeof(pl))),
	   "ar: the date and the amount on the receipt in Arabic-Indic digits");
	ok(r.nlines > 7 && !has_indic_digit(r.lines[4].value.en) &&
	           !has_indic_digit(r.lines[7].value.en),
	   "en: the same in Western digits");
	ok(r.nlines > 3 && !has_indic_digit(r.lines[1].value.ar) &&
	           !has_indic_digit(r.lines[2].value.ar) && !has_indic_digit(r.lines[3].value.ar),
	   "ar: the civil, CR and permit numbers keep Western digits");

	/* the visit receipt: its Hijri date follows; its QR payload is ASCII whatever the digits */
	struct test_visit v = test_visit_citizen();
	struct receipt vr, wr;
	is_int(test_visit_receipt(tx, &v, &vr), 0, "the visit receipt with Arabic-Indic digits");
	ok(strstr(vr.hijri.ar, "١٤٤٨") && !has_ascii_digit(plain(vr.hijri.ar, pl, sizeof(pl))),
	   "... its Arabic Hijri date in Arabic-Indic digits (%s)", pl);
	ok(strstr(vr.hijri.en, "1448") != NULL, "... its English one in Western digits");
	is_int(test_receipt_qr(&vr, "https://verify.mol.gov.om/r"), 0, "... its QR text");
	bool ascii = vr.qr_text[0] != '\0';
	for (const char *c = vr.qr_text; *c; c++)
		ascii &= (unsigned char)*c < 0x80;
	ok(ascii, "the QR payload is ASCII (%s)", vr.qr_text);
	test_visit_receipt(test_texts(), &v, &wr);
	test_receipt_qr(&wr, "https://verify.mol.gov.om/r");
	is_str(vr.qr_text, wr.qr_text, "... and the same as with Western digits");
	ok(strstr(vr.qr_text, vr.reference) != NULL && !has_indic_digit(vr.reference),
	   "... carrying the reference in ASCII (%s)", vr.reference);
	i18n_free(tx);
}

int
main(void)
{
	amounts();
	digits();
	screen_and_paper();
	return tap_done();
}
