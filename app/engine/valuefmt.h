/*
 * valuefmt.h - values written for people, the same on screen and on paper: a value from a
 * service's bag or committed payload (services/svc.h, enum svc_fmt), a date as the language
 * writes it ("3 December 2026", "3 ديسمبر 2026"), a Hijri date ("8 Jumada al-Akhirah 1448 AH",
 * "8 جمادى الآخرة 1448 هـ"), an amount in OMR with three decimals. Numbers and codes inside
 * the language's text are isolated (text/i18n.h i18n_fmt), so they keep their order in Arabic.
 *
 * Digits: numbers (dates, Hijri dates, amounts, counts, integers) take the language's digits
 * (i18n_set_digits(); Arabic-Indic where kiosk.conf says so); codes never do: a string value of
 * SVC_FMT_TEXT (a permit, licence or CR number) and a masked civil number come out with
 * I18N_CODE (LRM) first, which keeps their ASCII digits here and wherever the value is formatted
 * again (a receipt line), and keeps them left to right inside Arabic.
 * Pure: any thread (the i18n is read-only).
 */
#ifndef KIOSK_VALUEFMT_H
#define KIOSK_VALUEFMT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct i18n;
struct svc_value;
struct svc_text;

/* The value v (a path in root) in lang into out; "" when root has no such value. */
void valuefmt(const struct i18n *i18n, const char *lang, const json_t *root,
              const struct svc_value *v, char *out, size_t size);

/* The message t with its {arguments} taken from root. */
void valuefmt_text(const struct i18n *i18n, const char *lang, const json_t *root,
                   const struct svc_text *t, char *out, size_t size);

/* "YYYY-MM-DD" written out; an invalid date is copied as it is. */
void valuefmt_date(const struct i18n *i18n, const char *lang, const char *iso, char *out,
                   size_t size);

/* "YYYY-MM-DDTHH:MM" written out (the date as valuefmt_date(), then the time); an invalid one
 * is copied as it is. */
void valuefmt_datetime(const struct i18n *i18n, const char *lang, const char *iso, char *out,
                       size_t size);

/* A Hijri date y-m-d (month 1..12) written out with the era ("AH", "هـ"). */
void valuefmt_hijri(const struct i18n *i18n, const char *lang, int y, int m, int d, char *out,
                    size_t size);

/* baisa as common.amount writes it: "OMR 12.500" in English, the amount then the rial's
 * abbreviation in Arabic; three decimals, a '-' before a negative amount, every digit of a large
 * one and no thousands separator in any language ("OMR 1234567.000", "OMR 0.000"). */
void valuefmt_amount(const struct i18n *i18n, const char *lang, int64_t baisa, char *out,
                     size_t size);

/* A code (a reference, a CR number) for a text's argument: I18N_CODE then s into out, so it keeps
 * its ASCII digits in every language (text/i18n.h); "" stays "". Returns out. */
const char *valuefmt_code(const char *s, char *out, size_t size);

#endif
