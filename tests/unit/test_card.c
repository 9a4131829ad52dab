/*
 * test_card.c - the card stack through the sim backend: BER-TLV parsing, identity decoding, the
 * APDU layer, and a card pulled out at every APDU of the read (each gives KERR_REMOVED, never
 * garbage, and a later read of a re-inserted card works); a card removed in the middle of a read,
 * also when another card is put back at once; and through the card worker (app/cardmon.c), a card
 * whose expiry is a day the calendar does not have (unreadable) and one pulled mid-read
 * (CARD_NOTE_FAILED with rc KERR_REMOVED).
 */
#include "../../app/cardmon.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/card.h"
#include "../../drivers/card/cardsec.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"
#include "../../drivers/card/textenc.h"
#include "../../drivers/card/tlv.h"
#include "../tap.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static struct card_profile demo; /* drivers/card/profiles/omn-demo.profile */

static void
tlv_cases(void)
{
	struct tlv t;
	const uint8_t good[] = {0x5F, 0x20, 0x03, 'A', 'B', 'C', 0x5F, 0x01, 0x02, '1', '2'};
	is_int(tlv_find(good, sizeof(good), 0x5F01, &t), 0, "find second tag");
	ok(t.len == 2 && t.val[0] == '1', "value of second tag");
	is_int(tlv_find(good, sizeof(good), 0x5F99, &t), KERR_NOTFOUND, "absent tag");
	is_int(tlv_find(good, sizeof(good) - 1, 0x5F20, &t), KERR_BADCARD, "truncated value");
	const uint8_t dup[] = {0x5F, 0x20, 0x01, 'A', 0x5F, 0x20, 0x01, 'B'};
	is_int(tlv_validate(dup, sizeof(dup)), KERR_BADCARD, "duplicate tag refused");
	const uint8_t indef[] = {0x70, 0x80, 0x00, 0x00};
	is_int(tlv_validate(indef, sizeof(indef)), KERR_BADCARD, "indefinite length refused");
	const uint8_t longlen[] = {0x70, 0x82, 0xFF, 0xFF, 0x00};
	is_int(tlv_validate(longlen, sizeof(longlen)), KERR_BADCARD, "length past the end refused");
	const uint8_t longtag[] = {0x5F, 0xFF, 0xFF, 0xFF, 0x01, 0x00};
	is_int(tlv_validate(longtag, sizeof(longtag)), KERR_BADCARD, "4-byte tag refused");
	const uint8_t l81[] = {0x70, 0x81, 0x02, 0xAA, 0xBB};
	is_int(tlv_find(l81, sizeof(l81), 0x70, &t), 0, "0x81 long form");
}

static void
identity_parse_cases(void)
{
	struct card_identity id;
	const struct card_profile *p = &demo;
	const uint8_t *files[PROFILE_MAX_FILES] = {0};
	size_t lens[PROFILE_MAX_FILES] = {0};
	uint8_t buf[] = {0x5F, 0x01, 0x04, '1',  '2',  '3',  '4',  0x5F, 0x21, 0x04, 0xD8,
	                 0xB3, 0xD8, 0xA7, 0x5F, 0x20, 0x02, 'A',  'B',  0x5F, 0x2B, 0x04,
	                 0x19, 0x85, 0x03, 0x14, 0x5F, 0x24, 0x04, 0x20, 0x31, 0x01, 0x01};
	files[0] = buf;
	lens[0] = sizeof(buf);
	is_int(card_identity_parse(p, files, lens, &id), 0, "minimal identity parses");
	is_str(id.birth, "1985-03-14", "BCD birth date");
	is_str(id.name_ar, "\xD8\xB3\xD8\xA7", "Arabic name bytes kept");
	buf[4] = 'X'; /* a letter in the civil number */
	is_int(card_identity_parse(p, files, lens, &id), KERR_BADCARD, "non-digit civil no.");
	ok(id.name_en[0] == 0, "nothing left behind after a failed parse");
	buf[4] = '2';
	buf[11] = 0xFF; /* broken UTF-8 in the Arabic name */
	is_int(card_identity_parse(p, files, lens, &id), KERR_BADCARD, "invalid UTF-8");
	buf[11] = 0xB3;
	buf[24] = 0x13; /* month 13 */
	is_int(card_identity_parse(p, files, lens, &id), KERR_BADCARD, "impossible date");
}

static int
read_once(struct card_dev *dev, struct card_identity *id)
{
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	int rc = card_connect(dev, atr, &alen);
	if (rc == 0)
		rc = card_read_identity(dev, &demo, id);
	card_disconnect(dev);
	return rc;
}

static void
sim_reads(void)
{
	struct kiosk_config cfg;
	struct card_dev dev;
	struct card_identity id;
	enum card_event ev;

	config_defaults(&cfg, ".");
	is_int(card_open(&dev, &cfg), 0, "sim reader opens with the demo cards");
	is_int(card_wait(&dev, 10, &ev), 0, "wait with no card");
	is_int(ev, CARD_EV_NONE, "no event without a card");
	is_int(read_once(&dev, &id), KERR_NOCARD, "read with no card -> KERR_NOCARD");

	is_int(card_control(&dev, "insert 01-citizen"), 0, "insert the citizen card");
	is_int(card_wait(&dev, 1000, &ev), 0, "wait");
	is_int(ev, CARD_EV_INSERTED, "insertion seen");
	is_int(read_once(&dev, &id), 0, "identity read");
	is_str(id.civil_number, "90012345", "civil number");
	is_str(id.name_en, "Salim Khalfan Al Hinai", "English name");
	is_str(id.name_ar, "سالم بن خلفان الهنائي", "Arabic name (UTF-8)");
	is_str(id.expiry, "2031-01-01", "expiry");
	ok(id.sex == 'M', "sex");
	char masked[24];
	card_identity_mask_civil(&id, masked, sizeof(masked));
	is_str(masked, "****2345", "masked civil number");
	card_identity_wipe(&id);
	ok(id.civil_number[0] == 0 && id.name_ar[0] == 0, "wipe clears the identity");

	/* count the APDUs of a full read, then pull the card at each of them */
	int pulled_ok = 0, reads = 0;
	for (int n = 0; n < 40; n++) {
		char cmd[32];
		snprintf(cmd, sizeof(cmd), "fail_after %d", n);
		card_control(&dev, cmd);
		int rc = read_once(&dev, &id);
		if (rc == 0) { /* the read finished in fewer than n APDUs */
			card_control(&dev, "fail_after -1");
			break;
		}
		reads++;
		if (rc == KERR_REMOVED && id.civil_number[0] == 0 && id.name_en[0] == 0)
			pulled_ok++;
		card_wait(&dev, 100, &ev); /* the removal event */
		if (ev != CARD_EV_REMOVED)
			break;
		card_control(&dev, "insert 01-citizen");
		card_wait(&dev, 100, &ev);
	}
	ok(reads >= 3, "the read takes several APDUs (%d)", reads);
	is_int(pulled_ok, reads, "every pull gives KERR_REMOVED and no partial identity");
	is_int(read_once(&dev, &id), 0, "a re-inserted card reads fine afterwards");
	card_identity_wipe(&id);

	is_int(card_control(&dev, "insert 02-resident"), KERR_BUSY, "cannot insert two cards");
	is_int(card_control(&dev, "remove"), 0, "remove");
	card_wait(&dev, 100, &ev);
	is_int(ev, CARD_EV_REMOVED, "removal seen");
	is_int(card_control(&dev, "insert no-such-card"), KERR_NOTFOUND, "unknown demo card");
	is_int(card_control(&dev, "dance"), KERR_INVAL, "unknown control command");
	card_close(&dev);

	snprintf(cfg.card_backend, sizeof(cfg.card_backend), "nfc");
	is_int(card_open(&dev, &cfg), KERR_CONFIG, "unknown backend -> KERR_CONFIG");
	snprintf(cfg.card_backend, sizeof(cfg.card_backend), "sim");
	snprintf(cfg.card_sim_cards, sizeof(cfg.card_sim_cards), "/nonexistent");
	is_int(card_open(&dev, &cfg), KERR_CONFIG, "missing demo card folder -> KERR_CONFIG");
}

/* A card pulled out by hand ("remove") between two APDUs of a read: KERR_REMOVED, and still so
 * when a card is back in the reader before the next APDU (it is another session). */
static void
removed_mid_read(void)
{
	struct kiosk_config cfg;
	struct card_dev dev;
	struct card_identity id;
	enum card_event ev;
	uint8_t atr[CARD_ATR_MAX], r[CARD_RESP_MAX];
	const uint8_t select_mf[] = {0x00, 0xA4, 0x00, 0x0C};
	size_t alen = sizeof(atr), n = sizeof(r);

	config_defaults(&cfg, ".");
	if (card_open(&dev, &cfg) != 0) {
		ok(0, "sim reader opens");
		return;
	}
	card_control(&dev, "insert 01-citizen");
	card_wait(&dev, 1000, &ev);
	is_int(card_connect(&dev, atr, &alen), 0, "connected");
	is_int(card_transmit(&dev, select_mf, sizeof(select_mf), r, &n), 0, "a first APDU");
	card_control(&dev, "remove");
	is_int(card_read_identity(&dev, &demo, &id), KERR_REMOVED,
	       "card removed between two APDUs: the read ends as removed");
	ok(id.civil_number[0] == 0, "... with nothing kept");
	card_wait(&dev, 100, &ev);
	is_int(ev, CARD_EV_REMOVED, "... and the removal event follows");

	card_control(&dev, "insert 01-citizen");
	card_wait(&dev, 1000, &ev);
	alen = sizeof(atr);
	card_connect(&dev, atr, &alen);
	card_control(&dev, "remove");
	card_control(&dev, "insert 02-resident");
	is_int(card_read_identity(&dev, &demo, &id), KERR_REMOVED,
	       "removed and another card put in before the read: still removed");
	card_disconnect(&dev);
	card_close(&dev);
}

/* Notes from the card worker, for the test thread. */
struct notes {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct card_note *q[16];
	int n;
};

static void
on_note(void *ctx, struct card_note *note)
{
	struct notes *ns = ctx;
	pthread_mutex_lock(&ns->lock);
	if (ns->n < 16)
		ns->q[ns->n++] = note;
	else
		cardmon_note_free(note);
	pthread_cond_broadcast(&ns->cond);
	pthread_mutex_unlock(&ns->lock);
}

/* Waits (at most 10 s) for a note of kind; NULL when none came. Earlier ones are dropped. */
static struct card_note *
next_note(struct notes *ns, enum card_note_kind kind)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	struct card_note *got = NULL;
	pthread_mutex_lock(&ns->lock);
	while (!got) {
		while (ns->n == 0)
			if (pthread_cond_timedwait(&ns->cond, &ns->lock, &until) != 0)
				goto out_unlock;
		struct card_note *head = ns->q[0];
		memmove(ns->q, ns->q + 1, (size_t)(--ns->n) * sizeof(ns->q[0]));
		if (head->kind == kind)
			got = head;
		else
			cardmon_note_free(head);
	}
out_unlock:
	pthread_mutex_unlock(&ns->lock);
	return got;
}

/* Writes dir/name.card: the demo citizen with this expiry (YYYYMMDD). */
static int
write_card(const char *dir, const char *name, const char *expiry)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.card", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f,
	        "[card]\nlabel = %s\natr = 3B 7A 97 00 00 80 65 B0 85 20 04 02 72 D6 41\n"
	        "profile = omn-demo-1\n[identity]\ncivil_number = 90012345\n"
	        "name_ar = سالم\nname_en = Test Person\nnationality = OMN\nsex = M\n"
	        "birth = 19850314\nexpiry = %s\ncard_serial = T0000001\n"
	        "[pin]\nvalue = 1234\ntries = 3\nmax_tries = 3\n",
	        name, expiry);
	return fclose(f);
}

static void
worker_cases(void)
{
	struct kiosk_config cfg;
	struct cardmon *cm = NULL;
	struct notes ns = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
	const char *dir = tap_tmpdir();

	ok(write_card(dir, "a-leap", "20270229") == 0 && write_card(dir, "b-good", "20310101") == 0,
	   "card images written");
	config_defaults(&cfg, ".");
	snprintf(cfg.card_sim_cards, sizeof(cfg.card_sim_cards), "%s", dir);
	snprintf(cfg.clock_backend, sizeof(cfg.clock_backend), "fake");
	if (cardmon_start(&cm, &cfg) != 0) {
		ok(0, "card worker starts on the sim reader");
		return;
	}
	cardmon_set_notify(cm, on_note, &ns);

	cardmon_control(cm, "insert a-leap");
	struct card_note *note = next_note(&ns, CARD_NOTE_FAILED);
	ok(note && note->rc == KERR_BADCARD && note->id.civil_number[0] == 0,
	   "expiry 2027-02-29 (no such day): CARD_NOTE_FAILED, unreadable card (%s)",
	   note ? kerr_name(note->rc) : "no note");
	cardmon_note_free(note);
	cardmon_control(cm, "remove");
	cardmon_note_free(next_note(&ns, CARD_NOTE_REMOVED));

	cardmon_control(cm, "insert b-good");
	note = next_note(&ns, CARD_NOTE_READ);
	ok(note && note->rc == 0, "the same card with a real expiry day reads");
	cardmon_note_free(note);
	cardmon_control(cm, "remove");
	cardmon_note_free(next_note(&ns, CARD_NOTE_REMOVED));

	int removed = 0, pulls = 0;
	for (int k = 0; k < 3;
	     k++) { /* pulled after the applet SELECT, in a file, in the PIN query */
		char cmd[32];
		snprintf(cmd, sizeof(cmd), "fail_after %d", k == 0 ? 1 : k == 1 ? 2 : 3);
		cardmon_control(cm, cmd);
		cardmon_control(cm, "insert b-good");
		note = next_note(&ns, CARD_NOTE_FAILED);
		pulls++;
		if (note && note->rc == KERR_REMOVED && note->id.civil_number[0] == 0)
			removed++;
		else
			printf("# pulled after %d APDUs: %s\n", k + 1,
			       note ? kerr_name(note->rc) : "no note");
		cardmon_note_free(note);
		cardmon_note_free(next_note(&ns, CARD_NOTE_REMOVED));
	}
	is_int(removed, pulls, "card pulled mid-read: CARD_NOTE_FAILED with rc KERR_REMOVED");
	cardmon_stop(cm);
	for (int i = 0; i < ns.n; i++)
		cardmon_note_free(ns.q[i]);
}

int
main(void)
{
	ok(profile_load("drivers/card/profiles/omn-demo.profile", &demo) == 0,
	   "the demo profile loads");
	tlv_cases();
	identity_parse_cases();
	sim_reads();
	removed_mid_read();
	worker_cases();
	return tap_done();
}
