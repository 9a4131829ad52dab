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

struct card_identity {
	char civil_number[16]; /* digits only */
	char name_ar[128];     /* UTF-8 */
	char name_en[128];     /* UTF-8 (ASCII on known cards) */
	char nationality[4];   /* ISO 3166 alpha-3 */
	char sex;              /* 'M', 'F' or 0 */
	char birth[11];        /* YYYY-MM-DD */
	char expiry[11];       /* YYYY-MM-DD, "" when the profile has none */
	char card_serial[24];
	char profile_id[48]; /* which profile decoded it (not personal) */
};

/*
 * Decodes the identity from the profile's files: files[i] / lens[i] are the bytes of
 * p->files[i] (NULL/0 when not read). KERR_BADCARD on any malformed value or missing required
 * field; *out is then wiped.
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

/* true when expiry (YYYY-MM-DD) is before today (YYYY-MM-DD). An empty expiry never expires. */
bool card_identity_expired(const struct card_identity *id, const char *today);

/* "YYYY-MM-DD" (UTC) of s seconds since the epoch: "today" for card_identity_expired(). */
void card_date_from_epoch(int64_t s, char out[11]);

void card_identity_wipe(struct card_identity *id);

/* "****5678": the last 4 digits, for receipts and screens. */
void card_identity_mask_civil(const struct card_identity *id, char *out, size_t size);

#endif
