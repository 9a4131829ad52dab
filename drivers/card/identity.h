/*
 * identity.h - reading the holder's identity from an ID card, per a card profile.
 *
 * The official Omani card layout is not public. DEMO_PROFILE below is a clearly labelled
 * placeholder: the card's published applet AID with invented file ids and tags. A later issue
 * loads profiles from files so the real layout can be dropped in without code changes.
 *
 * struct card_identity holds personal data: wipe it with card_identity_wipe() as soon as the
 * session ends. Never log any field.
 */
#ifndef KIOSK_IDENTITY_H
#define KIOSK_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

struct card_dev;

struct card_profile {
	const char *id; /* "omn-demo-1" */
	uint8_t aid[16];
	size_t aid_len;
	uint16_t identity_fid;
	uint32_t tag_civil, tag_name_ar, tag_name_en, tag_nationality, tag_sex, tag_birth,
	        tag_expiry;
};

extern const struct card_profile card_demo_profile;

struct card_identity {
	char civil_number[16]; /* digits only */
	char name_ar[128];     /* UTF-8 */
	char name_en[128];     /* ASCII */
	char nationality[4];   /* ISO 3166 alpha-3 */
	char sex;              /* 'M', 'F' or 0 */
	char birth[11];        /* YYYY-MM-DD */
	char expiry[11];       /* YYYY-MM-DD */
};

/* Parses an identity file's bytes. KERR_BADCARD on any malformed or missing required field. */
int card_identity_parse(const struct card_profile *p, const uint8_t *buf, size_t len,
                        struct card_identity *out);

/* SELECT the profile's applet and identity file, READ BINARY it, parse. The card must be
 * connected. On failure *out is wiped. */
int card_read_identity(struct card_dev *dev, const struct card_profile *p,
                       struct card_identity *out);

void card_identity_wipe(struct card_identity *id);

/* "****5678": the last 4 digits, for receipts and screens. */
void card_identity_mask_civil(const struct card_identity *id, char *out, size_t size);

#endif
