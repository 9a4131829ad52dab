/*
 * fuzz_tlv.c - libFuzzer harness: BER-TLV parsing and identity decoding of hostile card data.
 */
#include "../../drivers/card/identity.h"
#include "../../drivers/card/tlv.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlv t;
	struct card_identity id;
	size_t pos = 0;
	while (pos < size && tlv_next(data, size, &pos, &t) == 0)
		;
	tlv_find(data, size, 0x5F20, &t);
	card_identity_parse(&card_demo_profile, data, size, &id);
	card_identity_wipe(&id);
	return 0;
}
