/*
 * hijri.h - the Hijri date printed beside a Gregorian one, from the ministry backend.
 *
 * Oman fixes the Hijri months by its own moon-sighting committee (a day apart from the Saudi
 * Umm al-Qura tables at times), so the kiosk never computes a Hijri date: the backend sends a
 * table per Gregorian day in its reference data, "hijri_dates": {"YYYY-MM-DD": "YYYY-MM-DD", ...}
 * (Gregorian Oman day -> Hijri year-month-day, yesterday to 30 days ahead; docs/backend-api.md),
 * which the sync worker stores (offline-cache/refdata.h). A kiosk offline for weeks still finds
 * the right date; a day outside the table has none, and then no Hijri date is printed.
 */
#ifndef KIOSK_HIJRI_H
#define KIOSK_HIJRI_H

struct queue;
struct civil_date;

struct hijri_date {
	int y; /* year AH, 1..9999 */
	int m; /* month, 1..12 (1 = Muharram) */
	int d; /* day, 1..30 */
};

/*
 * The Hijri date of the Oman civil day oman_day (date_oman() of the instant, common/date.h):
 * 0 and *out. KERR_NOTFOUND when there is no table, when the day is not in it (a stale table: the
 * kiosk has been cut off longer than it reaches), or when the table is malformed: not an object,
 * a key that is not a real Gregorian day, a value that is not "YYYY-MM-DD" with month 1..12,
 * day 1..30 and year 1..9999 (one bad entry makes the whole table untrusted). A malformed table
 * is logged once, without any of its data, until a good one is seen. Another KERR_* for a
 * database error. *out is untouched on failure. q NULL (no outbox): KERR_NOTFOUND.
 * Thread: the caller's queue connection (the main thread: k->queue).
 */
int hijri_for_day(struct queue *q, const struct civil_date *oman_day, struct hijri_date *out);

#endif
