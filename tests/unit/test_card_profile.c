/*
 * test_card_profile.c - card profiles (parser, validation, ATR masks), text encodings, generic
 * identity decoding (TLV paths, fixed offsets, dates: every format refuses a day the calendar
 * does not have), the expiry check on the Oman day, the PIN, the virtual card's faults and the
 * photo over the sim reader.
 */
#include "../../common/config.h"
#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../drivers/card.h"
#include "../../drivers/card/cardsec.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"
#include "../../drivers/card/textenc.h"
#include "../tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
parse(const char *text, struct card_profile *p, char *err)
{
	return profile_parse(text, strlen(text), p, err, 200);
}

#define MIN_PROFILE                                                                                \
	"[profile]\nid = t1\natr = 3B 88 80 01 ?? 49\naid = A0 00 00 00 01\n"                      \
	"[file.id]\nfid = 0101\nmax = 512\n"                                                       \
	"[field.civil_number]\nfile = id\ntlv = 5F01\nencoding = digits\nrequired = yes\n"

static void
profile_cases(void)
{
	struct card_profile p;
	char err[200] = "";
	is_int(parse(MIN_PROFILE, &p, err), 0, "a minimal profile parses");
	is_str(p.id, "t1", "id");
	is_int(p.natr, 1, "one ATR pattern");
	const uint8_t atr1[] = {0x3B, 0x88, 0x80, 0x01, 0x77, 0x49};
	const uint8_t atr2[] = {0x3B, 0x88, 0x80, 0x02, 0x77, 0x49};
	ok(profile_atr_matches(&p, atr1, sizeof(atr1)), "?? matches any byte");
	ok(!profile_atr_matches(&p, atr2, sizeof(atr2)), "a different fixed byte does not match");
	ok(!profile_atr_matches(&p, atr1, 5), "a shorter ATR does not match");
	is_int((int)p.chunk, 224, "default READ BINARY chunk");

	is_int(parse(MIN_PROFILE "[profile]\natr = 3B 7A / FF F0\n", &p, err), 0, "explicit mask");
	const uint8_t atr3[] = {0x3B, 0x7F};
	ok(profile_atr_matches(&p, atr3, 2), "mask F0 ignores the low nibble");

	struct {
		const char *text, *want;
	} bad[] = {
	        {"[profile]\nid = x\n", "needs at least one atr"},
	        {MIN_PROFILE "[field.name_ar]\nfile = nofile\ntlv = 5F21\n", "names no [file.*]"},
	        {MIN_PROFILE "[field.name_ar]\nfile = id\n", "give tlv, or offset and length"},
	        {MIN_PROFILE "[field.birth]\nfile = id\ntlv = 5F2B\n", "need date ="},
	        {MIN_PROFILE "[field.name_ar]\nfile = id\ntlv = 5F21\nencoding = koi8\n",
	         "encoding:"},
	        {MIN_PROFILE "[field.name_ar]\nfile = id\noffset = 500\nlength = 20\n",
	         "beyond the file's max"},
	        {MIN_PROFILE "[field.shoe_size]\nfile = id\n", "unknown field"},
	        {MIN_PROFILE "[pin]\nref = 81\nmin_length = 8\nmax_length = 4\n", "[pin]"},
	        {MIN_PROFILE "[auth]\nmethod = internal-authenticate\n", "certificate must name"},
	        {MIN_PROFILE "[profile]\natr = 3B ZZ\n", "atr: expected hex"},
	        {MIN_PROFILE "[profile]\naid = A0\n", "aid: 5..16"},
	        {MIN_PROFILE "[file.id]\nfid = 12345\n", "fid: 4 hex digits"},
	        {MIN_PROFILE "[file.id]\nmax = 99999\n", "max: 1..32767"},
	        {MIN_PROFILE "[field.name_ar]\nfile = id\ntlv = 5F/5F/5F/5F\n", "tlv: 1..3 tags"},
	        {MIN_PROFILE "[nonsense]\nx = 1\n", "unknown section"},
	        {"[profile]\nid = x\natr = 3B 00\naid = A000000001\n", "civil_number] is missing"},
	        {"garbage line without equals\n", "syntax"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		int rc = parse(bad[i].text, &p, err);
		ok(rc == KERR_CONFIG && strstr(err, bad[i].want), "bad profile %zu refused: %s", i,
		   err);
	}

	ok(profile_load("drivers/card/profiles/omn-demo.profile", &p) == 0, "demo profile loads");
	ok(p.has_pin && p.pin_ref == 0x81 && p.pin_pad_to == 8, "demo PIN settings");
	ok(p.auth == CARD_AUTH_INTERNAL && p.auth_cert_file >= 0, "demo authenticity method");
	const uint8_t oman1[] = {0x3B, 0x7A, 0x97, 0x00, 0x00, 0x80, 0x65, 0xB0,
	                         0x85, 0x20, 0x04, 0x02, 0x72, 0xD6, 0x41};
	const uint8_t oman2[] = {0x3B, 0x7A, 0x97, 0x00, 0x00, 0x80, 0x65, 0xB0,
	                         0x85, 0x20, 0x05, 0x02, 0x72, 0xD6, 0x43};
	ok(profile_atr_matches(&p, oman1, sizeof(oman1)) &&
	           profile_atr_matches(&p, oman2, sizeof(oman2)),
	   "both published Omani ATRs match the demo profile");

	/* the built-in copy is the file, byte for byte */
	FILE *f = fopen("drivers/card/profiles/omn-demo.profile", "rb");
	char *buf = calloc(1, 65536);
	size_t n = f ? fread(buf, 1, 65535, f) : 0;
	if (f)
		fclose(f);
	ok(n > 0 && strcmp(buf, profile_demo_text) == 0,
	   "built-in demo profile == drivers/card/profiles/omn-demo.profile");
	free(buf);

	struct card_profiles set;
	is_int(profile_load_dir("", &set), 0, "empty folder setting: the built-in profile");
	ok(set.n == 1 && profile_by_id(&set, "omn-demo-1"), "built-in profile found by id");
	ok(profile_match(&set, oman1, sizeof(oman1)) != NULL, "matched by ATR");
	ok(profile_match(&set, atr1, sizeof(atr1)) == NULL, "an unknown card matches nothing");
	profile_set_free(&set);
	is_int(profile_load_dir("/nonexistent", &set), KERR_CONFIG, "missing folder");
}

static void
textenc_cases(void)
{
	char out[64];
	uint8_t enc[64];
	size_t n;
	const char *salim = "سالم";
	const uint8_t cp1256[] = {0xD3, 0xC7, 0xE1, 0xE3};
	const uint8_t iso[] = {0xD3, 0xC7, 0xE4, 0xE5};
	const uint8_t ucs2[] = {0x06, 0x33, 0x06, 0x27, 0x06, 0x44, 0x06, 0x45, 0x00, 0x00};

	is_int(textenc_decode(TEXTENC_CP1256, cp1256, sizeof(cp1256), out, sizeof(out)), 0,
	       "Windows-1256 decodes");
	is_str(out, salim, "Windows-1256 Arabic");
	is_int(textenc_decode(TEXTENC_ISO8859_6, iso, sizeof(iso), out, sizeof(out)), 0,
	       "ISO-8859-6 decodes");
	is_str(out, salim, "ISO-8859-6 Arabic");
	is_int(textenc_decode(TEXTENC_UCS2BE, ucs2, sizeof(ucs2), out, sizeof(out)), 0,
	       "UCS-2 decodes (padding dropped)");
	is_str(out, salim, "UCS-2 Arabic");
	is_int(textenc_encode(TEXTENC_CP1256, salim, enc, sizeof(enc), &n), 0, "encode cp1256");
	ok(n == sizeof(cp1256) && memcmp(enc, cp1256, n) == 0, "cp1256 round trip");
	is_int(textenc_encode(TEXTENC_ISO8859_6, "é", enc, sizeof(enc), &n), KERR_INVAL,
	       "a letter ISO-8859-6 lacks cannot be encoded");

	const uint8_t iso_hole[] = {0xA1};
	is_int(textenc_decode(TEXTENC_ISO8859_6, iso_hole, 1, out, sizeof(out)), KERR_BADCARD,
	       "an unassigned ISO-8859-6 byte is refused");
	const uint8_t cp_ctl[] = {'A', 0x07, 'B'};
	is_int(textenc_decode(TEXTENC_CP1256, cp_ctl, 3, out, sizeof(out)), KERR_BADCARD,
	       "control characters are refused");
	const uint8_t odd[] = {0x06, 0x33, 0x06};
	is_int(textenc_decode(TEXTENC_UCS2BE, odd, 3, out, sizeof(out)), KERR_BADCARD,
	       "odd-length UCS-2 refused");
	const uint8_t surrogate[] = {0xD8, 0x00};
	is_int(textenc_decode(TEXTENC_UCS2BE, surrogate, 2, out, sizeof(out)), KERR_BADCARD,
	       "UCS-2 surrogate refused");
	const uint8_t overlong[] = {0xC0, 0xAF};
	is_int(textenc_decode(TEXTENC_UTF8, overlong, 2, out, sizeof(out)), KERR_BADCARD,
	       "overlong UTF-8 refused");
	const uint8_t digits[] = {'1', '2', 'x'};
	is_int(textenc_decode(TEXTENC_DIGITS, digits, 3, out, sizeof(out)), KERR_BADCARD,
	       "a letter among digits refused");
	uint8_t longtext[40];
	memset(longtext, 'A', sizeof(longtext));
	is_int(textenc_decode(TEXTENC_ASCII, longtext, 40, out, 8), KERR_TOOBIG,
	       "text longer than the field is refused, not cut");
	is_int(textenc_by_name("windows-1256"), TEXTENC_CP1256, "encoding by name");
	is_int(textenc_by_name("latin-9"), -1, "unknown encoding name");
}

static void
decode_cases(void)
{
	struct card_profile p;
	struct card_identity id;
	char err[200] = "";
	const char *text = MIN_PROFILE "[file.fixed]\nfid = 0102\nmax = 64\n"
	                               "[field.name_en]\nfile = fixed\noffset = 0\nlength = 16\n"
	                               "encoding = ascii\n"
	                               "[field.birth]\nfile = fixed\noffset = 16\nlength = 8\n"
	                               "date = ddmmyyyy\n"
	                               "[field.name_ar]\nfile = id\ntlv = 61/5F21\n"
	                               "encoding = ucs-2\n";
	is_int(parse(text, &p, err), 0, "profile with a fixed-offset file and a TLV path: %s", err);
	uint8_t f0[] = {0x5F, 0x01, 0x03, '1',  '2',  '3',  0x61, 0x07,
	                0x5F, 0x21, 0x04, 0x06, 0x33, 0x06, 0x27};
	uint8_t f1[24] = "Salim           14031985";
	const uint8_t *files[PROFILE_MAX_FILES] = {f0, f1};
	size_t lens[PROFILE_MAX_FILES] = {sizeof(f0), sizeof(f1)};
	is_int(card_identity_parse(&p, files, lens, &id), 0, "mixed layout decodes");
	is_str(id.name_en, "Salim", "fixed-offset text, padding dropped");
	is_str(id.birth, "1985-03-14", "DDMMYYYY date");
	is_str(id.name_ar, "سا", "nested TLV 61/5F21, UCS-2");
	f1[18] = '1';
	f1[19] = '3'; /* month 13 */
	is_int(card_identity_parse(&p, files, lens, &id), KERR_BADCARD, "impossible date refused");
	ok(id.name_en[0] == 0 && id.civil_number[0] == 0, "nothing kept after a failed decode");
	lens[1] = 10; /* the date is beyond the bytes read: optional, absent */
	is_int(card_identity_parse(&p, files, lens, &id), 0, "a short optional field is absent");
	is_str(id.birth, "", "absent date stays empty");
	f0[9] = 0x22; /* the Arabic name's tag is gone: optional */
	is_int(card_identity_parse(&p, files, lens, &id), 0, "optional TLV absent");
	f0[7] = 0x09; /* inner length overruns the constructed value */
	is_int(card_identity_parse(&p, files, lens, &id), KERR_BADCARD, "nested overrun refused");
}

/* card_identity_expired() on the Oman day (UTC+4) of an instant: a card expiring 2031-01-01 is
 * good to 23:59:59 Oman time that day, and expired from Oman midnight, 20:00 UTC (the UTC day
 * the old code used still said 1 January until 04:00 Oman time). */
static void
expiry_cases(void)
{
	struct card_identity id;
	struct civil_date today;
	memset(&id, 0, sizeof(id));
	snprintf(id.expiry, sizeof(id.expiry), "2031-01-01");
	date_oman(1925063999000LL, &today); /* 2031-01-01T19:59:59Z = 23:59:59 in Oman */
	ok(!card_identity_expired(&id, &today), "accepted at 23:59:59 Oman time on its expiry day");
	date_oman(1925064000000LL, &today); /* 2031-01-01T20:00:00Z = 00:00 on 2 January in Oman */
	ok(card_identity_expired(&id, &today), "refused at 00:00 Oman time the day after (20:00Z)");
	date_oman(1925076600000LL, &today); /* 2031-01-01T23:30:00Z = 03:30 on 2 January in Oman */
	ok(card_identity_expired(&id, &today), "refused at 03:30 Oman time the day after (23:30Z)");
	date_oman(1924992000000LL - 14400000LL, &today); /* 2031-01-01T00:00 in Oman */
	ok(!card_identity_expired(&id, &today), "accepted from Oman midnight of its expiry day");
	today = (struct civil_date){2030, 12, 31};
	ok(!card_identity_expired(&id, &today), "accepted the day before");
	today = (struct civil_date){2032, 1, 1};
	ok(card_identity_expired(&id, &today), "refused a year later");
	id.expiry[0] = 0;
	ok(!card_identity_expired(&id, &today), "no expiry on the card: never expires");
	snprintf(id.expiry, sizeof(id.expiry), "2031-02-30");
	ok(card_identity_expired(&id, &today), "an expiry that is no date counts as expired");
}

/* Every date format a profile can declare, for birth and expiry: a day that does not exist in the
 * calendar makes the card unreadable (KERR_BADCARD), like any malformed field. */
static void
date_validity_cases(void)
{
	static const struct {
		const char *name;
		size_t len;
	} fmts[] = {{"bcd-yyyymmdd", 4}, {"yyyymmdd", 8}, {"ddmmyyyy", 8}};
	static const struct {
		const char *ymd; /* YYYYMMDD */
		bool good;
	} days[] = {
	        {"20240229", true},  {"20000229", true},  {"19850314", true},  {"20311231", true},
	        {"19000101", true},  {"20230229", false}, {"19000229", false}, {"21000229", false},
	        {"20260431", false}, {"20260631", false}, {"20261301", false}, {"20260001", false},
	        {"20260100", false}, {"20260132", false}, {"20260230", false}, {"18991231", false},
	        {"00000101", false},
	};
	const char *fields[] = {"birth", "expiry"};
	for (size_t fi = 0; fi < sizeof(fmts) / sizeof(fmts[0]); fi++) {
		char text[1024], err[200] = "";
		struct card_profile p;
		size_t n = fmts[fi].len;
		snprintf(text, sizeof(text),
		         MIN_PROFILE
		         "[file.d]\nfid = 0102\nmax = 64\n"
		         "[field.birth]\nfile = d\noffset = 0\nlength = %zu\ndate = %s\n"
		         "[field.expiry]\nfile = d\noffset = %zu\nlength = %zu\n"
		         "date = %s\n",
		         n, fmts[fi].name, n, n, fmts[fi].name);
		if (parse(text, &p, err) != 0) {
			ok(0, "profile with %s dates: %s", fmts[fi].name, err);
			continue;
		}
		for (int which = 0; which < 2; which++) {
			int bad_ok = 0, good_ok = 0, nbad = 0, ngood = 0;
			for (size_t di = 0; di < sizeof(days) / sizeof(days[0]); di++) {
				uint8_t f0[] = {0x5F, 0x01, 0x03, '1', '2', '3'};
				uint8_t f1[16];
				const char *ymd[2] = {"19850314", "20310101"};
				ymd[which] = days[di].ymd;
				for (int k = 0; k < 2; k++) {
					const char *v = ymd[k];
					uint8_t *o = f1 + (size_t)k * n;
					if (n == 4) {
						for (int b = 0; b < 4; b++)
							o[b] = (uint8_t)((v[2 * b] - '0') << 4 |
							                 (v[2 * b + 1] - '0'));
					} else if (strcmp(fmts[fi].name, "yyyymmdd") == 0) {
						memcpy(o, v, 8);
					} else {
						memcpy(o, v + 6, 2);
						memcpy(o + 2, v + 4, 2);
						memcpy(o + 4, v, 4);
					}
				}
				const uint8_t *files[PROFILE_MAX_FILES] = {f0, f1};
				size_t lens[PROFILE_MAX_FILES] = {sizeof(f0), 2 * n};
				struct card_identity id;
				int rc = card_identity_parse(&p, files, lens, &id);
				char want[11];
				snprintf(want, sizeof(want), "%.4s-%.2s-%.2s", days[di].ymd,
				         days[di].ymd + 4, days[di].ymd + 6);
				const char *got = which ? id.expiry : id.birth;
				if (days[di].good) {
					ngood++;
					if (rc == 0 && strcmp(got, want) == 0)
						good_ok++;
					else
						printf("# %s %s %s: rc %d '%s'\n", fmts[fi].name,
						       fields[which], days[di].ymd, rc, got);
				} else {
					nbad++;
					if (rc == KERR_BADCARD && id.civil_number[0] == 0)
						bad_ok++;
					else
						printf("# %s %s %s accepted\n", fmts[fi].name,
						       fields[which], days[di].ymd);
				}
			}
			is_int(good_ok, ngood, "%s %s: %d real days decode", fmts[fi].name,
			       fields[which], ngood);
			is_int(bad_ok, nbad,
			       "%s %s: %d impossible days refused (29 Feb of common years, 31 Apr, "
			       "month 0/13, day 0/32, before 1900)",
			       fmts[fi].name, fields[which], nbad);
		}
	}
}

static void
pin_cases(void)
{
	struct kiosk_config cfg;
	struct card_dev dev;
	struct card_profile p;
	enum card_event ev;
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	int tries;

	config_defaults(&cfg, ".");
	profile_load("drivers/card/profiles/omn-demo.profile", &p);
	if (card_open(&dev, &cfg) || card_control(&dev, "insert 02-resident")) {
		ok(0, "sim reader with the resident card");
		return;
	}
	card_wait(&dev, 1000, &ev);
	is_int(card_connect(&dev, atr, &alen), 0, "connect");
	is_int(card_pin_tries(&dev, &p, &tries), 0, "tries query");
	is_int(tries, 3, "3 tries before typing");
	is_int(card_pin_verify(&dev, &p, "12a4", 4, &tries), KERR_INVAL, "non-digits not sent");
	is_int(card_pin_verify(&dev, &p, "123", 3, &tries), KERR_INVAL, "too short: not sent");
	is_int(card_pin_tries(&dev, &p, &tries), 0, "tries query again");
	is_int(tries, 3, "nothing was spent on refused input");
	is_int(card_pin_verify(&dev, &p, "1111", 4, &tries), KERR_PIN, "wrong PIN");
	is_int(tries, 2, "2 left");
	is_int(card_pin_verify(&dev, &p, "4321", 4, &tries), 0, "right PIN");
	is_int(card_pin_tries(&dev, &p, &tries), 0, "tries after success");
	is_int(tries, -1, "verified: no count needed");
	card_disconnect(&dev);
	alen = sizeof(atr);
	card_connect(&dev, atr, &alen);
	card_pin_tries(&dev, &p, &tries);
	is_int(tries, 3, "a right PIN resets the counter; a reset forgets the verification");
	for (int i = 0; i < 2; i++)
		card_pin_verify(&dev, &p, "0000", 4, &tries);
	is_int(card_pin_verify(&dev, &p, "0000", 4, &tries), KERR_BLOCKED, "third wrong: blocked");
	is_int(card_pin_verify(&dev, &p, "4321", 4, &tries), KERR_BLOCKED, "blocked stays blocked");
	is_int(card_pin_tries(&dev, &p, &tries), KERR_BLOCKED, "tries query: blocked");
	is_int(tries, 0, "0 tries");

	enum card_auth_result r;
	is_int(card_authenticate(&dev, &p, NULL, 0, &r), 0, "auth without issuer CA");
	is_int(r, CARD_AUTH_RECOGNISED, "recognised only");
	is_int(card_authenticate(&dev, NULL, NULL, 0, &r), 0, "auth with no profile");
	is_int(r, CARD_AUTH_UNKNOWN, "unknown card");

	/* faults of the virtual card through the sim backend */
	struct card_identity id;
	is_int(card_control(&dev, "behave chunk61 7"), 0, "chunk61 switch");
	is_int(card_read_identity(&dev, &p, &id), 0, "read in 61xx chunks of 7 bytes");
	is_str(id.nationality, "IND", "data intact across chunks");
	card_control(&dev, "behave normal");
	card_control(&dev, "behave fci off");
	is_int(card_read_identity(&dev, &p, &id), 0, "read without FCI sizes");
	card_control(&dev, "behave normal");
	card_control(&dev, "behave wrong_length");
	is_int(card_read_identity(&dev, &p, &id), KERR_BADCARD, "a byte too many: refused");
	card_control(&dev, "behave normal");
	card_control(&dev, "behave garbage");
	ok(card_read_identity(&dev, &p, &id) < 0 && id.civil_number[0] == 0,
	   "garbage answers: refused, nothing kept");
	is_int(card_control(&dev, "behave dance"), KERR_INVAL, "unknown switch");
	card_identity_wipe(&id);
	card_close(&dev);
}

static void
photo_cases(void)
{
	struct kiosk_config cfg;
	struct card_dev dev;
	struct card_profile p;
	enum card_event ev;
	uint8_t atr[CARD_ATR_MAX], *photo = malloc(3000), *got = malloc(8192);
	size_t alen = sizeof(atr), n;
	char dir[] = "/tmp/test_card_photo.XXXXXX", path[128];

	if (!mkdtemp(dir)) {
		ok(0, "temp folder");
		return;
	}
	for (int i = 0; i < 3000; i++)
		photo[i] = (uint8_t)(i * 7 + 3);
	snprintf(path, sizeof(path), "%s/photo.jpg", dir);
	FILE *f = fopen(path, "wb");
	fwrite(photo, 1, 3000, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/01-photo.card", dir);
	f = fopen(path, "w");
	fputs("[card]\natr = 3B 7A 97 00 00 80 65 B0 85 20 04 02 72 D6 41\nprofile = omn-demo-1\n"
	      "photo = photo.jpg\n[identity]\ncivil_number = 1\nname_ar = x\nname_en = x\n"
	      "birth = 20000101\nexpiry = 20300101\n",
	      f);
	fclose(f);
	config_defaults(&cfg, ".");
	snprintf(cfg.card_sim_cards, sizeof(cfg.card_sim_cards), "%s", dir);
	profile_load("drivers/card/profiles/omn-demo.profile", &p);
	ok(p.photo_file >= 0 && p.photo_depth == 1, "demo profile has a photo in a TLV");
	if (card_open(&dev, &cfg) == 0 && card_control(&dev, "insert") == 0) {
		card_wait(&dev, 1000, &ev);
		card_connect(&dev, atr, &alen);
		is_int(card_read_photo(&dev, &p, got, 8192, &n), 0, "photo read (3000 bytes)");
		ok(n == 3000 && memcmp(got, photo, n) == 0, "photo bytes intact");
		is_int(card_read_photo(&dev, &p, got, 1000, &n), KERR_TOOBIG,
		       "too big for the cap");
		card_close(&dev);
	} else {
		ok(0, "sim reader with a photo card");
	}
	unlink(path);
	snprintf(path, sizeof(path), "%s/photo.jpg", dir);
	unlink(path);
	rmdir(dir);
	free(photo);
	free(got);
}

int
main(void)
{
	profile_cases();
	textenc_cases();
	decode_cases();
	expiry_cases();
	date_validity_cases();
	pin_cases();
	photo_cases();
	return tap_done();
}
