/*
 * fuzz_receipt_verify.c - libFuzzer harness over the receipt QR payload parser
 * (receipt_verify(): what a scanned QR brings in from outside). Promises on every input: no
 * crash, a known result code, and on success claims whose fields keep the payload's alphabet.
 * The key is made once at start (never committed) and the harness signs nothing: a random input
 * almost never verifies, but every parse path before the signature check is reached.
 * Seeds: tests/fuzz/corpus/receipt_verify/.
 */
// fuzz-sources: app/receipt_sign.c app/receipt_status.c
#include "../../app/receipt_sign.h"
#include "../../common/kerr.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char key_path[64];

static void
make_key(void)
{
	snprintf(key_path, sizeof(key_path), "/tmp/fuzz-receipt-%d.pub", (int)getpid());
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	EVP_PKEY_keygen_init(ctx);
	EVP_PKEY_keygen(ctx, &k);
	EVP_PKEY_CTX_free(ctx);
	FILE *f = fopen(key_path, "w");
	if (f) {
		PEM_write_PUBKEY(f, k);
		fclose(f);
	}
	EVP_PKEY_free(k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!key_path[0])
		make_key();
	char text[512];
	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = 0;
	struct receipt_claims c;
	int rc = receipt_verify(key_path, text, &c);
	if (rc != 0 && rc != KERR_INVAL && rc != KERR_REJECTED)
		abort();
	if (rc == 0 && (strchr(c.reference, '~') || strchr(c.kiosk_id, '~')))
		abort();
	return 0;
}
