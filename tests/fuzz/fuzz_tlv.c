/*
 * fuzz_tlv.c - libFuzzer harness: BER-TLV parsing and identity decoding of hostile card data
 * under the built-in demo profile.
 */
// fuzz-sources: drivers/card/profile.c drivers/card/profile_demo.c drivers/card/textenc.c
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"
#include "../../drivers/card/tlv.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct card_profile demo;
	static int loaded;
	struct tlv t;
	struct card_identity id;
	char err[200];
	size_t pos = 0;
	if (!loaded) {
		if (profile_parse(profile_demo_text, strlen(profile_demo_text), &demo, err,
		                  sizeof(err)))
			return 0;
		loaded = 1;
	}
	while (pos < size && tlv_next(data, size, &pos, &t) == 0)
		;
	tlv_find(data, size, 0x5F20, &t);
	const uint8_t *files[PROFILE_MAX_FILES] = {data};
	size_t lens[PROFILE_MAX_FILES] = {size};
	card_identity_parse(&demo, files, lens, &id);
	card_identity_wipe(&id);
	return 0;
}
