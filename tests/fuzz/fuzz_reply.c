/*
 * fuzz_reply.c - libFuzzer harness for sync_reply_parse(), the parser of the backend's answer
 * that decides which outbox rows are marked acked. The answer is network input.
 * Checks the contract on every input: on error nothing is reported; on success every
 * accepted/duplicate item has a non-empty printable reference and every reason is
 * NUL-terminated without control characters.
 * Seeds: tests/fuzz/corpus/reply/.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/fuzz_reply.c \
 *         app/backend/sync_reply.c $(pkg-config --cflags --libs jansson)
 */
// fuzz-sources: app/backend/sync_reply.c
#include "../../app/backend/sync_reply.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t seqs[] = {1, 2, 3, 4, 5, 9007199254740993LL};
	enum { N = sizeof(seqs) / sizeof(seqs[0]) };
	struct sync_item_result res[N];

	int rc = sync_reply_parse((const char *)data, size, seqs, N, res);
	for (int i = 0; i < N; i++) {
		const struct sync_item_result *r = &res[i];
		if (rc < 0 && r->status != SYNC_ITEM_MISSING)
			abort(); /* a garbled reply must mark nothing */
		if (r->status == SYNC_ITEM_ACCEPTED || r->status == SYNC_ITEM_DUPLICATE) {
			size_t n = strnlen(r->ref, sizeof(r->ref));
			if (n == 0 || n == sizeof(r->ref))
				abort();
			for (size_t k = 0; k < n; k++)
				if ((unsigned char)r->ref[k] < 0x20 ||
				    (unsigned char)r->ref[k] > 0x7e)
					abort();
		}
		size_t m = strnlen(r->reason, sizeof(r->reason));
		if (m == sizeof(r->reason))
			abort();
		for (size_t k = 0; k < m; k++)
			if ((unsigned char)r->reason[k] < 0x20)
				abort();
	}
	return 0;
}
