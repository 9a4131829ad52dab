/*
 * cardtool.c - build/kiosk-cardtool: the technician's card tool, on the same driver code the
 * kiosk uses (card backends, profiles, identity read, PIN, authenticity). Start at main().
 *
 *   kiosk-cardtool [options] read [--json]    wait for a card, read and print the identity
 *   kiosk-cardtool [options] tries            PIN tries left
 *   kiosk-cardtool [options] verify-pin       PIN from stdin (never on the command line)
 *   kiosk-cardtool [options] auth             authenticity: genuine, expired, not-genuine, ...
 *   kiosk-cardtool [options] photo --out FILE the holder's photo (JPEG bytes) to FILE
 *   kiosk-cardtool [options] monitor          card and reader events as JSON lines
 *   kiosk-cardtool [options] wait-removed     returns once the reader is empty (tests)
 *
 * Output is JSON on stdout (docs/card.md); the identity goes to stdout only, never to the log.
 * Exit status: 0 ok, 1 the card operation failed, 2 usage or configuration, 3 no card in time.
 */
#define _DEFAULT_SOURCE
#include "../../common/config.h"
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "../../drivers/card.h"
#include "../../drivers/card/cardsec.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct card_ops *real_ops;
static struct card_ops counting_ops;
static unsigned long apdus;

/* The real backend's transmit, counted (the number of APDUs is part of the output). */
static int
count_transmit(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen)
{
	apdus++;
	return real_ops->transmit(dev, apdu, n, resp, rlen);
}

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
emit(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);
	if (s)
		puts(s);
	fflush(stdout);
	free(s);
	json_decref(o);
}

static json_t *
error_json(int rc, const char *what)
{
	return json_pack("{s:b,s:s,s:s,s:s}", "ok", 0, "error", kerr_name(rc), "message",
	                 kerr_str(rc), "during", what);
}

/* Waits up to wait_ms for a card (the first wait also reports a card already present). */
static int
wait_card(struct card_dev *dev, int wait_ms)
{
	int64_t end = now_ms() + wait_ms;
	while (now_ms() < end) {
		enum card_event ev;
		int left = (int)(end - now_ms());
		int rc = card_wait(dev, left < 500 ? left : 500, &ev);
		if (rc && rc != KERR_TIMEOUT) {
			usleep(100 * 1000);
			continue;
		}
		if (ev == CARD_EV_INSERTED)
			return 0;
	}
	return KERR_NOCARD;
}

static void
atr_hex(const uint8_t *atr, size_t n, char *out)
{
	static const char hx[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[atr[i] >> 4];
		out[2 * i + 1] = hx[atr[i] & 15];
	}
	out[2 * n] = 0;
}

struct ctx {
	struct kiosk_config cfg;
	struct card_dev dev;
	struct card_profiles profiles;
	struct card_trust *trust;
	const struct card_profile *prof;
	uint8_t atr[CARD_ATR_MAX];
	size_t atr_len;
	int wait_ms;
	int64_t now_s; /* the time certificates and expiry are checked at */
	bool json;
	const char *insert; /* sim backend: card to insert */
};

/* Opens the backend, waits for a card, connects, picks the profile by ATR. */
static int
start(struct ctx *c, json_t **err)
{
	int rc;
	if ((rc = card_open(&c->dev, &c->cfg))) {
		*err = error_json(rc, "open");
		return rc;
	}
	real_ops = c->dev.ops;
	counting_ops = *real_ops;
	counting_ops.transmit = count_transmit;
	c->dev.ops = &counting_ops;
	if (c->insert) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "insert %s", c->insert);
		card_control(&c->dev, cmd);
	}
	if ((rc = wait_card(&c->dev, c->wait_ms))) {
		*err = error_json(rc, "wait");
		return rc;
	}
	c->atr_len = sizeof(c->atr);
	if ((rc = card_connect(&c->dev, c->atr, &c->atr_len))) {
		*err = error_json(rc, "connect");
		return rc;
	}
	c->prof = profile_match(&c->profiles, c->atr, c->atr_len);
	if (!c->prof) {
		*err = error_json(KERR_BADCARD, "profile");
		json_object_set_new(*err, "auth", json_string("unknown"));
		return KERR_BADCARD;
	}
	return 0;
}

static int
cmd_read(struct ctx *c, json_t **out)
{
	struct card_identity id;
	enum card_auth_result auth;
	char hex[2 * CARD_ATR_MAX + 1];
	int rc, tries = -2;

	if ((rc = card_read_identity(&c->dev, c->prof, &id))) {
		*out = error_json(rc, "read");
		return rc;
	}
	rc = card_authenticate(&c->dev, c->prof, c->trust, c->now_s, &auth);
	if (rc == 0 && c->prof->has_pin) {
		int t = card_pin_tries(&c->dev, c->prof, &tries);
		if (t && t != KERR_BLOCKED && t != KERR_CARD && t != KERR_NOTFOUND)
			rc = t; /* the card went away or broke: the read did not finish */
	}
	if (rc) {
		card_identity_wipe(&id);
		*out = error_json(rc, "read");
		return rc;
	}
	atr_hex(c->atr, c->atr_len, hex);
	struct civil_date today;
	date_oman(c->now_s * 1000, &today);
	*out = json_pack("{s:b,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s},s:s,s:i}", "ok", 1,
	                 "profile", c->prof->id, "atr", hex, "identity", "civil_number",
	                 id.civil_number, "name_ar", id.name_ar, "name_en", id.name_en,
	                 "nationality", id.nationality, "sex",
	                 id.sex == 'M'   ? "M"
	                 : id.sex == 'F' ? "F"
	                                 : "",
	                 "birth", id.birth, "expiry", id.expiry, "card_serial", id.card_serial,
	                 "auth", card_auth_result_name(auth), "pin_tries", tries);
	json_object_set_new(*out, "expired", json_boolean(card_identity_expired(&id, &today)));
	card_identity_wipe(&id);
	return rc;
}

static int
cmd_tries(struct ctx *c, json_t **out)
{
	int tries, rc = card_pin_tries(&c->dev, c->prof, &tries);
	if (rc && rc != KERR_BLOCKED) {
		*out = error_json(rc, "tries");
		return rc;
	}
	*out = json_pack("{s:b,s:i,s:b}", "ok", 1, "pin_tries", tries, "blocked", rc != 0);
	return 0;
}

static int
cmd_verify(struct ctx *c, json_t **out)
{
	char pin[40];
	int tries, rc;
	if (!fgets(pin, sizeof(pin), stdin)) {
		*out = error_json(KERR_INVAL, "stdin");
		return KERR_INVAL;
	}
	pin[strcspn(pin, "\r\n")] = 0;
	rc = card_pin_verify(&c->dev, c->prof, pin, strlen(pin), &tries);
	xwipe(pin, sizeof(pin));
	if (rc == 0 || rc == KERR_PIN || rc == KERR_BLOCKED)
		*out = json_pack("{s:b,s:b,s:i,s:b}", "ok", rc == 0, "verified", rc == 0,
		                 "pin_tries", tries, "blocked", rc == KERR_BLOCKED);
	else
		*out = error_json(rc, "verify");
	if (rc && rc != KERR_PIN && rc != KERR_BLOCKED)
		return rc;
	return rc ? KERR_PIN : 0;
}

/* photo --out FILE: the holder's photo bytes to FILE (personal data: the technician's copy). */
static int
cmd_photo(struct ctx *c, const char *path, json_t **out)
{
	uint8_t *buf = xmalloc(PROFILE_FILE_MAX);
	size_t n = 0;
	int rc = path ? card_read_photo(&c->dev, c->prof, buf, PROFILE_FILE_MAX, &n) : KERR_INVAL;
	if (rc == 0) {
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, n, f) != n)
			rc = KERR_IO;
		if (f && fclose(f))
			rc = KERR_IO;
	}
	xwipe(buf, PROFILE_FILE_MAX);
	free(buf);
	*out = rc ? error_json(rc, "photo") : json_pack("{s:b,s:i}", "ok", 1, "bytes", (int)n);
	return rc;
}

static int
cmd_auth(struct ctx *c, json_t **out)
{
	enum card_auth_result auth;
	int rc = card_authenticate(&c->dev, c->prof, c->trust, c->now_s, &auth);
	if (rc) {
		*out = error_json(rc, "auth");
		return rc;
	}
	*out = json_pack("{s:b,s:s,s:s}", "ok", 1, "profile", c->prof->id, "auth",
	                 card_auth_result_name(auth));
	return 0;
}

static const char *
event_name(enum card_event ev)
{
	switch (ev) {
	case CARD_EV_INSERTED:
		return "inserted";
	case CARD_EV_REMOVED:
		return "removed";
	case CARD_EV_READER_ADDED:
		return "reader-added";
	case CARD_EV_READER_GONE:
		return "reader-gone";
	default:
		return "none";
	}
}

/* monitor: one JSON line per event until --seconds pass; with --read, each inserted card is
 * read (masked civil number only) to show the stack works after restarts. */
static int
cmd_monitor(struct ctx *c, int seconds, bool read)
{
	int64_t end = now_ms() + (int64_t)seconds * 1000;
	int last = 0, rc;
	if ((rc = card_open(&c->dev, &c->cfg))) {
		emit(error_json(rc, "open"));
		return rc;
	}
	emit(json_pack("{s:s}", "event", "started"));
	while (now_ms() < end) {
		enum card_event ev;
		rc = card_wait(&c->dev, 300, &ev);
		if (rc && rc != KERR_TIMEOUT) {
			if (rc != last)
				emit(json_pack("{s:s,s:s}", "event", "error", "error",
				               kerr_name(rc)));
			last = rc;
			usleep(100 * 1000);
			continue;
		}
		if (last) {
			emit(json_pack("{s:s}", "event", "recovered"));
			last = 0;
		}
		if (ev == CARD_EV_NONE)
			continue;
		emit(json_pack("{s:s}", "event", event_name(ev)));
		if (ev != CARD_EV_INSERTED || !read)
			continue;
		struct card_identity id;
		char masked[24];
		c->atr_len = sizeof(c->atr);
		rc = card_connect(&c->dev, c->atr, &c->atr_len);
		c->prof = rc ? NULL : profile_match(&c->profiles, c->atr, c->atr_len);
		rc = rc ? rc : !c->prof ? KERR_BADCARD : card_read_identity(&c->dev, c->prof, &id);
		card_disconnect(&c->dev);
		if (rc) {
			emit(json_pack("{s:s,s:b,s:s}", "event", "read", "ok", 0, "error",
			               kerr_name(rc)));
			continue;
		}
		card_identity_mask_civil(&id, masked, sizeof(masked));
		card_identity_wipe(&id);
		emit(json_pack("{s:s,s:b,s:s}", "event", "read", "ok", 1, "civil_masked", masked));
	}
	card_close(&c->dev);
	return 0;
}

/* wait-removed: returns once no card is in the reader (as pcscd sees it), or after wait_ms. */
static int
cmd_wait_removed(struct ctx *c)
{
	int64_t end = now_ms() + c->wait_ms;
	bool present = false;
	int rc;
	if ((rc = card_open(&c->dev, &c->cfg))) {
		emit(error_json(rc, "open"));
		return rc;
	}
	rc = KERR_TIMEOUT;
	while (now_ms() < end) {
		enum card_event ev;
		int w = card_wait(&c->dev, 200, &ev);
		if (w && w != KERR_TIMEOUT) {
			usleep(50 * 1000);
			continue;
		}
		present = ev == CARD_EV_INSERTED ? true : ev == CARD_EV_REMOVED ? false : present;
		if (!present) {
			rc = 0;
			break;
		}
	}
	card_close(&c->dev);
	emit(json_pack("{s:b,s:b}", "ok", rc == 0, "present", present));
	return rc;
}

static void
usage(FILE *f)
{
	fputs("usage: kiosk-cardtool [options] read [--json] | tries | verify-pin | auth |\n"
	      "                      photo --out FILE | monitor [--seconds N] [--read] |\n"
	      "                      wait-removed\n"
	      "  -c FILE            kiosk.conf to take [card] settings from\n"
	      "  --backend NAME     pcsc (default) or sim\n"
	      "  --reader NAME      PC/SC reader (default: the first with a card)\n"
	      "  --profiles DIR     card profiles (default: kiosk.conf's, or the built-in demo)\n"
	      "  --issuer-ca FILE   issuer CA certificates (PEM) for auth\n"
	      "  --sim-cards DIR    demo card images (sim backend)\n"
	      "  --insert NAME      sim backend: insert this demo card first\n"
	      "  --wait-ms N        how long to wait for a card (5000)\n"
	      "  --now SECONDS      check certificates and expiry at this time (tests)\n"
	      "verify-pin reads the PIN from stdin. Output: JSON (docs/card.md).\n",
	      f);
}

int
main(int argc, char **argv)
{
	struct ctx c = {.wait_ms = 5000};
	const char *conf = NULL, *cmd = NULL, *backend = "pcsc", *reader = NULL, *profiles = NULL,
	           *ca = NULL, *sim_cards = NULL, *photo_out = NULL;
	int seconds = 10, rc;
	bool mon_read = false, backend_set = false;
	json_t *out = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-c") == 0 && next)
			conf = argv[++i];
		else if (strcmp(a, "--backend") == 0 && next)
			backend = argv[++i], backend_set = true;
		else if (strcmp(a, "--reader") == 0 && next)
			reader = argv[++i];
		else if (strcmp(a, "--profiles") == 0 && next)
			profiles = argv[++i];
		else if (strcmp(a, "--issuer-ca") == 0 && next)
			ca = argv[++i];
		else if (strcmp(a, "--sim-cards") == 0 && next)
			sim_cards = argv[++i];
		else if (strcmp(a, "--insert") == 0 && next)
			c.insert = argv[++i];
		else if (strcmp(a, "--wait-ms") == 0 && next)
			c.wait_ms = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--out") == 0 && next)
			photo_out = argv[++i];
		else if (strcmp(a, "--now") == 0 && next)
			c.now_s = strtoll(argv[++i], NULL, 10);
		else if (strcmp(a, "--seconds") == 0 && next)
			seconds = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--read") == 0)
			mon_read = true;
		else if (strcmp(a, "--json") == 0)
			c.json = true;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return usage(stdout), 0;
		else if (a[0] != '-' && !cmd)
			cmd = a;
		else
			return usage(stderr), 2;
	}
	if (!cmd)
		return usage(stderr), 2;
	if (!c.now_s)
		c.now_s = (int64_t)time(NULL); /* NOLINT: a tool, not the kiosk: no clock device */
	config_defaults(&c.cfg, NULL);
	if (conf && config_load(conf, &c.cfg, stderr))
		return 2;
	if (!conf || backend_set)
		snprintf(c.cfg.card_backend, sizeof(c.cfg.card_backend), "%s", backend);
	if (reader)
		snprintf(c.cfg.card_reader, sizeof(c.cfg.card_reader), "%s", reader);
	if (profiles)
		snprintf(c.cfg.card_profiles, sizeof(c.cfg.card_profiles), "%s", profiles);
	if (ca)
		snprintf(c.cfg.card_issuer_ca, sizeof(c.cfg.card_issuer_ca), "%s", ca);
	if (sim_cards)
		snprintf(c.cfg.card_sim_cards, sizeof(c.cfg.card_sim_cards), "%s", sim_cards);
	if (profile_load_dir(c.cfg.card_profiles, &c.profiles))
		return 2;
	if (c.cfg.card_issuer_ca[0] && card_trust_load(c.cfg.card_issuer_ca, &c.trust)) {
		profile_set_free(&c.profiles);
		return 2;
	}
	if (strcmp(cmd, "monitor") == 0) {
		rc = cmd_monitor(&c, seconds, mon_read);
		goto out;
	}
	if (strcmp(cmd, "wait-removed") == 0) {
		rc = cmd_wait_removed(&c);
		goto out;
	}
	if (strcmp(cmd, "read") && strcmp(cmd, "tries") && strcmp(cmd, "verify-pin") &&
	    strcmp(cmd, "auth") && strcmp(cmd, "photo")) {
		usage(stderr);
		rc = KERR_INVAL;
		goto out_usage;
	}
	rc = start(&c, &out);
	if (rc == 0) {
		if (strcmp(cmd, "read") == 0)
			rc = cmd_read(&c, &out);
		else if (strcmp(cmd, "tries") == 0)
			rc = cmd_tries(&c, &out);
		else if (strcmp(cmd, "verify-pin") == 0)
			rc = cmd_verify(&c, &out);
		else if (strcmp(cmd, "photo") == 0)
			rc = cmd_photo(&c, photo_out, &out);
		else
			rc = cmd_auth(&c, &out);
	}
	if (out) {
		json_object_set_new(out, "apdus", json_integer((json_int_t)apdus));
		emit(out);
	}
	card_disconnect(&c.dev);
	if (c.dev.ops)
		c.dev.ops = real_ops;
	card_close(&c.dev);
out:
	card_trust_free(c.trust);
	profile_set_free(&c.profiles);
	return rc == 0 ? 0 : rc == KERR_NOCARD ? 3 : 1;
out_usage:
	card_trust_free(c.trust);
	profile_set_free(&c.profiles);
	return 2;
}
