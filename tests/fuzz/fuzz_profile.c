/*
 * fuzz_profile.c - libFuzzer harness: card profile files (profile.c), and identity decoding
 * under whatever profile parses, against the rest of the input as card data.
 */
// clang-format off
// fuzz-sources: drivers/card/profile.c drivers/card/profile_demo.c drivers/card/textenc.c drivers/card/identity.c drivers/card/tlv.c
// clang-format on
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct card_profile p;
	struct card_identity id;
	char err[200];
	/* "profile text \0 card bytes": the part after the first NUL is the identity file */
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	if (profile_parse((const char *)data, tlen, &p, err, sizeof(err)) != 0)
		return 0;
	const uint8_t *files[PROFILE_MAX_FILES] = {0};
	size_t lens[PROFILE_MAX_FILES] = {0};
	if (nul)
		for (int i = 0; i < p.nfiles; i++) {
			files[i] = nul + 1;
			lens[i] = size - tlen - 1;
			if (lens[i] > p.files[i].max)
				lens[i] = p.files[i].max;
		}
	card_identity_parse(&p, files, lens, &id);
	card_identity_wipe(&id);
	uint8_t atr[CARD_ATR_MAX] = {0};
	profile_atr_matches(&p, atr, size % CARD_ATR_MAX);
	return 0;
}
