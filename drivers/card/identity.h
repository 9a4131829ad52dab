/*
 * identity.h - the holder's identity from an ID card, decoded per a card profile (profile.h).
 *
 * Decoding is generic: the profile says where each field is and how it is encoded. The official
 * Omani layout is not public; drivers/card/profiles/omn-demo.profile is a labelled placeholder.
 *
 * struct card_identity holds personal data: wipe it with card_identity_wipe() as soon as the
 * session ends. Never log any field. Functions here are used by the card worker thread.
 */
#ifndef KIOSK_IDENTITY_H
#define KIOSK_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

struct card_dev;
struct civil_date;

struct card_identity {
	char civil_number[16]; /* digits only */
	char name_ar[128];     /* UTF-8 */
	char name_en[128];     /* UTF-8 (ASCII on known cards) */
	char nationality[4];   /* ISO 3166 alpha-3 */
	char sex;              /* 'M', 'F' or 0 */
	char birth[11];        /* YYYY-MM-DD, a real calendar day from 1900 on */
	char expiry[11];       /* YYYY-MM-DD (the same), "" when the profile has none */
	char card_serial[24];
	char profile_id[48]; /* which profile decoded it (not personal) */
};

/*
 * Decodes the identity from the profile's files: files[i] / lens[i] are the bytes of
 * p->files[i] (NULL/0 when not read). KERR_BADCARD on any malformed value or missing required
 * field, a date that does not exist (29 February of a common year, 31 April, month 13, day 00)
 * included; *out is then wiped.
 */
int card_identity_parse(const struct card_profile *p, const uint8_t *const *files,
                        const size_t *lens, struct card_identity *out);

/*
 * On a connected card: SELECT the profile's applet, then each file holding identity fields
 * (file size from the FCI when the card gives it), READ BINARY in chunks, decode. On failure
 * *out is wiped.
 */
int card_read_identity(struct card_dev *dev, const struct card_profile *p,
                       struct card_identity *out);

/* Reads the holder's photo (profile [photo]: a file, or a TLV in it) into buf (cap bytes) on a
 * connected card; only when a screen needs it. KERR_NOTSUP when the profile has no photo,
 * KERR_TOOBIG when it does not fit. The bytes are personal data: wipe them after use. */
int card_read_photo(struct card_dev *dev, const struct card_profile *p, uint8_t *buf, size_t cap,
                    size_t *n);

/* The minimum number of APDUs an identity read needs with this profile when the card gives file
 * sizes in the FCI: 1 SELECT applet + per file 1 SELECT + ceil(size / chunk) READ BINARY.
 * sizes[i] = size of files[i] (0 = not read). */
int card_identity_min_apdus(const struct card_profile *p, const size_t *sizes);

/*
 * True when the card has expired on today_oman, the Oman calendar day (UTC+4) of now: take it
 * from date_oman(clock_wall_ms(...)) (common/date.h), never from a UTC day. A card is valid up to
 * and including its expiry day (to 23:59:59 Oman time) and expired from the next Oman midnight.
 * An empty expiry (the profile has none) never expires; an expiry that is not a valid
 * "YYYY-MM-DD" (not one card_identity_parse() made) counts as expired.
 */
bool card_identity_expired(const struct card_identity *id, const struct civil_date *today_oman);

void card_identity_wipe(struct card_identity *id);

/* "****5678": the last 4 digits, for receipts and screens. */
void card_identity_mask_civil(const struct card_identity *id, char *out, size_t size);

#endif
