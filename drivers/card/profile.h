/*
 * profile.h - card profiles: everything card-specific as data, loaded from *.profile files (INI;
 * the format is documented in docs/card.md and in drivers/card/profiles/omn-demo.profile).
 *
 * A profile says which cards it is for (ATR patterns with masks), the applet AID, the files to
 * read, where each identity field sits (a BER-TLV tag path or a fixed offset) and how it is
 * encoded (text encoding per field, date format), the PIN reference and length, and the
 * authenticity method. The official Omani layout is not public: the shipped omn-demo profile
 * uses the card's published ATR and AID with placeholder file ids and tags.
 *
 * Profiles are immutable after loading; a loaded set may be read from any thread.
 */
#ifndef KIOSK_PROFILE_H
#define KIOSK_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../card.h"

#define PROFILE_MAX_ATRS  8
#define PROFILE_MAX_FILES 4
#define PROFILE_TLV_DEPTH 3
#define PROFILE_FILE_MAX                                                                           \
	32767 /* largest file a profile may declare (short READ BINARY offsets)                    \
	       */

enum card_field_id {
	CARD_F_CIVIL = 0, /* civil number (digits) */
	CARD_F_NAME_AR,
	CARD_F_NAME_EN,
	CARD_F_NATIONALITY,
	CARD_F_SEX,
	CARD_F_BIRTH,
	CARD_F_EXPIRY,
	CARD_F_SERIAL, /* card serial number */
	CARD_F_COUNT_
};

enum card_datefmt {
	CARD_DATE_NONE = 0,     /* a text field */
	CARD_DATE_BCD_YYYYMMDD, /* 4 bytes packed BCD */
	CARD_DATE_YYYYMMDD,     /* 8 ASCII digits */
	CARD_DATE_DDMMYYYY,     /* 8 ASCII digits */
};

enum card_auth {
	CARD_AUTH_NONE = 0, /* the profile knows no way to prove the card genuine */
	CARD_AUTH_INTERNAL, /* INTERNAL AUTHENTICATE with the card key + certificate file */
};

struct card_field {
	bool defined, required;
	int file;  /* index into files[] */
	int depth; /* > 0: BER-TLV path of depth tags; 0: fixed offset */
	uint32_t tags[PROFILE_TLV_DEPTH];
	size_t off, len;
	int enc;                /* enum textenc */
	enum card_datefmt date; /* != NONE: a date field */
};

struct card_file {
	char name[24];
	uint16_t fid;
	size_t max; /* read at most this many bytes (cap) */
};

struct card_atr_pattern {
	uint8_t v[CARD_ATR_MAX], mask[CARD_ATR_MAX];
	size_t len;
};

struct card_profile {
	char id[48];
	char label[128];
	struct card_atr_pattern atr[PROFILE_MAX_ATRS];
	int natr;
	uint8_t aid[16];
	size_t aid_len;
	size_t chunk; /* READ BINARY chunk size */
	struct card_file files[PROFILE_MAX_FILES];
	int nfiles;
	struct card_field fields[CARD_F_COUNT_];
	/* [photo]: read only when a screen needs it (card_read_photo) */
	int photo_file;  /* index into files[], -1 none */
	int photo_depth; /* 0: the whole file; else a BER-TLV path */
	uint32_t photo_tags[PROFILE_TLV_DEPTH];
	/* [pin] */
	bool has_pin;
	uint8_t pin_ref;
	int pin_min, pin_max, pin_pad_to; /* pad_to 0: no padding */
	uint8_t pin_pad_byte;
	/* [auth] */
	enum card_auth auth;
	uint8_t auth_key_ref;
	int auth_cert_file; /* index into files[], -1 none */
	size_t challenge_len;
};

struct card_profiles {
	struct card_profile *p; /* owned array */
	int n;
};

/* Field names as used in profile files ("civil_number", "name_ar", ...). */
const char *profile_field_name(enum card_field_id f);

/*
 * Parses profile text (not NUL-terminated; len bytes). On error returns KERR_CONFIG and writes
 * "LINE: message" into err. The result is complete and validated (files and fields resolved).
 */
int profile_parse(const char *text, size_t len, struct card_profile *out, char *err,
                  size_t errsize);
/* Reads and parses a file; errors are logged with the path. */
int profile_load(const char *path, struct card_profile *out);
/* The built-in DEMO profile's text (drivers/card/profiles/omn-demo.profile). */
extern const char profile_demo_text[];
/* Loads every *.profile in dir (sorted by name); dir "" loads the built-in DEMO profile only.
 * KERR_CONFIG if any is invalid or none exists. */
int profile_load_dir(const char *dir, struct card_profiles *out);
void profile_set_free(struct card_profiles *set); /* NULL-safe; leaves it empty */

bool profile_atr_matches(const struct card_profile *p, const uint8_t *atr, size_t len);
/* The first profile whose ATR patterns match, or NULL (an unknown card). */
const struct card_profile *profile_match(const struct card_profiles *set, const uint8_t *atr,
                                         size_t len);
const struct card_profile *profile_by_id(const struct card_profiles *set, const char *id);

#endif
