/*
 * kiosk-receipt - checks a receipt's signed QR payload offline, and makes signing keys.
 *
 *   kiosk-receipt verify [-k PUBLIC.pem | -c kiosk.conf] PAYLOAD
 *       PAYLOAD is the QR text (the URL with ?p=..., or the bare MOL1~... payload). The key is
 *       the kiosk's public key (-k), or the [receipt] signing_key of a kiosk.conf (-c; its
 *       public half is used). Prints the fields and whether the reference's check digit
 *       agrees (txn_reference()); exit 0 when the signature is good, 1 when it is bad or
 *       missing, 2 for a malformed payload or an unusable key.
 *   kiosk-receipt keygen PRIVATE.pem PUBLIC.pem
 *       A new Ed25519 key pair (private key mode 0600). For sites and tests; never commit keys.
 *
 * The payload format is in app/receipt_sign.h.
 */
#include "../../app/receipt_sign.h"
#include "../../app/txn.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/clock.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int
usage(void)
{
	fprintf(stderr, "usage: kiosk-receipt verify [-k PUBLIC.pem | -c kiosk.conf] PAYLOAD\n"
	                "       kiosk-receipt keygen PRIVATE.pem PUBLIC.pem\n");
	return 2;
}

static const char *
status_word(char c)
{
	switch (c) {
	case 'S':
		return "SUBMITTED";
	case 'Q':
		return "QUEUED - NOT YET SENT";
	case 'F':
		return "FAILED - NOT CHARGED";
	case 'R':
		return "REJECTED";
	case 'A':
		return "ACCEPTED";
	}
	return "other";
}

static int
verify(int argc, char **argv)
{
	const char *key = NULL, *conf = NULL, *payload = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			conf = argv[++i];
		else if (!payload)
			payload = argv[i];
		else
			return usage();
	}
	static struct kiosk_config cfg;
	if (conf) {
		if (config_load(conf, &cfg, stderr) < 0)
			return 2;
		key = cfg.receipt_signing_key;
	}
	if (!payload || !key || !key[0])
		return usage();
	struct receipt_claims c;
	int rc = receipt_verify(key, payload, &c);
	if (rc == KERR_INVAL) {
		printf("malformed payload\n");
		return 2;
	}
	if (rc == KERR_NOTFOUND || rc == KERR_CONFIG) {
		printf("unusable key %s: %s\n", key, kerr_str(rc));
		return 2;
	}
	char when[40];
	clock_format_oman(c.when_s * 1000, when, sizeof(when));
	printf("reference  %s\ntype       %s\ntime       %s\nkiosk      %s\nstatus     %s\n",
	       c.reference, c.type, when, c.kiosk_id, status_word(c.status));
	printf("check      %s\n", txn_reference_check(c.reference) == 0
	                                  ? "reference check digit agrees"
	                                  : "reference check digit DOES NOT agree");
	printf("signature  %s\n", rc == 0 ? "GOOD" : "BAD OR MISSING");
	return rc == 0 ? 0 : 1;
}

static int
keygen(const char *priv, const char *pub)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	int ok = ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &k) == 1;
	EVP_PKEY_CTX_free(ctx);
	FILE *f = NULL, *g = NULL;
	if (ok) {
		mode_t old = umask(077);
		f = fopen(priv, "w");
		umask(old);
		g = fopen(pub, "w");
		ok = f && g && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1 &&
		     PEM_write_PUBKEY(g, k) == 1;
	}
	if (f && fclose(f) != 0)
		ok = 0;
	if (g && fclose(g) != 0)
		ok = 0;
	EVP_PKEY_free(k);
	if (!ok) {
		fprintf(stderr, "kiosk-receipt: could not write the key pair\n");
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify(argc - 2, argv + 2);
	if (argc == 4 && strcmp(argv[1], "keygen") == 0)
		return keygen(argv[2], argv[3]);
	return usage();
}
