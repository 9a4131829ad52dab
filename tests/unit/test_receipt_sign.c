/*
 * test_receipt_sign.c - the signed QR payload of a receipt built from its committed payload
 * (tests/receipts.h): a key pair made at run time (never committed), a payload signed and
 * verified, each status's letter, every kind of tampering rejected, unsigned and malformed
 * payloads, fields the format cannot carry, keys of the wrong kind, the size bound with the longest
 * fields, and `kiosk-receipt verify` (the built tool, exit codes and output).
 */
#include "../../app/receipt.h"
#include "../../app/receipt_sign.h"
#include "../../common/kerr.h"
#include "../receipts.h"
#include "../tap.h"
#include "../texts.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/wait.h>

static void
write_key(EVP_PKEY *k, const char *priv, const char *pub)
{
	FILE *f = fopen(priv, "w");
	FILE *g = fopen(pub, "w");
	if (f)
		PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	if (g)
		PEM_write_PUBKEY(g, k);
	if (f)
		fclose(f);
	if (g)
		fclose(g);
}

static void
make_key(int type, const char *priv, const char *pub)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(type, NULL);
	EVP_PKEY_keygen_init(ctx);
	if (type == EVP_PKEY_EC)
		EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1);
	EVP_PKEY_keygen(ctx, &k);
	EVP_PKEY_CTX_free(ctx);
	write_key(k, priv, pub);
	EVP_PKEY_free(k);
}

/* A visit receipt built from its committed payload (tests/receipts.h): queued at kiosk KSK-7,
 * sequence 42, committed at 2026-09-21 14:13:20 UTC. */
static void
sample(struct receipt *r)
{
	struct test_visit v = test_visit_resident();
	v.kiosk_id = "KSK-7";
	v.seq = 42;
	v.created_ms = 1790000000000LL;
	if (test_visit_receipt(test_texts(), &v, r) < 0)
		memset(r, 0, sizeof(*r)); /* and every check below fails */
}

/* Runs the built kiosk-receipt; its exit code, output in out. -1 when it cannot run. */
static int
run_tool(const char *args, char *out, size_t size)
{
	const char *b = getenv("KIOSK_BUILD");
	char cmd[1400];
	snprintf(cmd, sizeof(cmd), "%s/kiosk-receipt %s 2>&1", b && b[0] ? b : "build", args);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	size_t n = fread(out, 1, size - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
main(void)
{
	char priv[600], pub[600], priv2[600], pub2[600], ecpriv[600], ecpub[600];
	const char *d = tap_tmpdir();
	snprintf(priv, sizeof(priv), "%s/kiosk.key", d);
	snprintf(pub, sizeof(pub), "%s/kiosk.pub", d);
	snprintf(priv2, sizeof(priv2), "%s/other.key", d);
	snprintf(pub2, sizeof(pub2), "%s/other.pub", d);
	snprintf(ecpriv, sizeof(ecpriv), "%s/ec.key", d);
	snprintf(ecpub, sizeof(ecpub), "%s/ec.pub", d);
	make_key(EVP_PKEY_ED25519, priv, pub);
	make_key(EVP_PKEY_ED25519, priv2, pub2);
	make_key(EVP_PKEY_EC, ecpriv, ecpub);

	struct receipt_signer *s = NULL;
	is_int(receipt_signer_open(&s, priv), 0, "Ed25519 key loads");
	struct receipt_signer *bad = NULL;
	is_int(receipt_signer_open(&bad, ecpriv), KERR_CONFIG, "an EC key is refused");
	is_int(receipt_signer_open(&bad, "/nonexistent/k.pem"), KERR_NOTFOUND, "a missing key");

	struct receipt r;
	sample(&r);
	char pl[RECEIPT_PAYLOAD_MAX], qr[320];
	is_int(receipt_payload(s, &r, pl, sizeof(pl)), 0, "payload built");
	ok(strncmp(pl, "MOL1~KSK-7-000042-2~visit-receipt~1790000000~KSK-7~Q~", 53) == 0,
	   "compact fields: %s", pl);
	ok(strlen(pl) == 53 + 86, "an 86-character signature (%zu)", strlen(pl));
	is_int(receipt_qr_text("https://verify.example/r", pl, qr, sizeof(qr)), 0, "QR text");

	struct receipt_claims c;
	is_int(receipt_verify(pub, pl, &c), 0, "the payload verifies");
	ok(strcmp(c.reference, r.reference) == 0 && strcmp(c.kiosk_id, "KSK-7") == 0 &&
	           c.when_s == 1790000000 && c.status == 'Q' &&
	           strcmp(c.type, "visit-receipt") == 0,
	   "claims read back");
	is_int(receipt_verify(pub, qr, &c), 0, "the whole QR text (URL + payload) verifies");
	is_int(receipt_verify(priv, pl, &c), 0, "the private key file's public half works too");
	is_int(receipt_verify(pub2, pl, &c), KERR_REJECTED, "another kiosk's key: rejected");

	/* The status letter follows the receipt's status. */
	static const struct {
		enum receipt_status st;
		char code;
	} codes[] = {{RECEIPT_SUBMITTED, 'S'},
	             {RECEIPT_QUEUED, 'Q'},
	             {RECEIPT_FAILED, 'F'},
	             {RECEIPT_REJECTED, 'R'},
	             {RECEIPT_ACCEPTED, 'A'}};
	int right = 0;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct receipt rs = r;
		rs.status = codes[i].st;
		right += receipt_payload(s, &rs, pl, sizeof(pl)) == 0 &&
		         receipt_verify(pub, pl, &c) == 0 && c.status == codes[i].code;
	}
	is_int(right, 5, "each status signs and verifies with its letter (S Q F R A)");
	receipt_payload(s, &r, pl, sizeof(pl));

	/* Tampering with any signed byte breaks it. */
	int broken = 0, tried = 0;
	const char *sig = strrchr(pl, '~');
	for (size_t i = 5; pl + i < sig; i++) {
		char t[RECEIPT_PAYLOAD_MAX];
		snprintf(t, sizeof(t), "%s", pl);
		if (t[i] == '~')
			continue;
		t[i] = t[i] == '1' ? '2' : '1';
		tried++;
		int rc = receipt_verify(pub, t, &c);
		broken += rc == KERR_REJECTED || rc == KERR_INVAL;
	}
	is_int(broken, tried, "every changed field byte is caught (%d)", tried);
	char t[RECEIPT_PAYLOAD_MAX];
	snprintf(t, sizeof(t), "%s", pl);
	t[strlen(t) - 3] = t[strlen(t) - 3] == 'A' ? 'B' : 'A';
	is_int(receipt_verify(pub, t, &c), KERR_REJECTED, "a changed signature: rejected");

	/* Unsigned, malformed, unsayable. */
	is_int(receipt_payload(NULL, &r, pl, sizeof(pl)), 0, "unsigned payload built");
	ok(pl[strlen(pl) - 1] == '-' && pl[strlen(pl) - 2] == '~', "ends in ~-");
	is_int(receipt_verify(pub, pl, &c), KERR_REJECTED, "an unsigned payload never verifies");
	is_int(receipt_verify(pub, "MOL1~a~b~c", &c), KERR_INVAL, "too few fields");
	is_int(receipt_verify(pub, "hello", &c), KERR_INVAL, "not a payload");
	is_int(receipt_verify(pub, "MOL1~a~b~x1~k~Q~-", &c), KERR_INVAL, "a bad time");
	is_int(receipt_verify(ecpub, qr, &c), KERR_CONFIG, "an EC public key: unusable");
	snprintf(r.reference, sizeof(r.reference), "KSK 7/42");
	is_int(receipt_payload(s, &r, pl, sizeof(pl)), KERR_INVAL,
	       "a reference with '/ ': refused");
	r.reference[0] = 0;
	is_int(receipt_payload(s, &r, pl, sizeof(pl)), KERR_INVAL, "an empty reference: refused");

	/* The longest fields the model holds still fit the QR text with the default URL. */
	memset(r.reference, 'R', sizeof(r.reference) - 1);
	r.reference[sizeof(r.reference) - 1] = 0;
	memset(r.type, 't', sizeof(r.type) - 1);
	r.type[sizeof(r.type) - 1] = 0;
	memset(r.kiosk_id, 'K', sizeof(r.kiosk_id) - 1);
	r.kiosk_id[sizeof(r.kiosk_id) - 1] = 0;
	r.when_ms = 9999999999999LL;
	is_int(receipt_payload(s, &r, pl, sizeof(pl)), 0, "longest fields: payload fits");
	is_int(receipt_qr_text("https://verify.mol.gov.om/r", pl, qr, sizeof(qr)), 0,
	       "... and so does the QR text (%zu bytes)", strlen(qr));
	is_int(receipt_verify(pub, qr, &c), 0, "... and verifies");

	/* The command-line tool. */
	sample(&r);
	receipt_payload(s, &r, pl, sizeof(pl));
	receipt_qr_text("https://verify.example/r", pl, qr, sizeof(qr));
	char args[1200], out[2048];
	snprintf(args, sizeof(args), "verify -k %s '%s'", pub, qr);
	int rc = run_tool(args, out, sizeof(out));
	is_int(rc, 0, "kiosk-receipt verify: exit 0 for a good payload");
	ok(strstr(out, "check digit agrees") != NULL, "the reference's Luhn digit is checked");
	ok(strstr(out, "GOOD") && strstr(out, "KSK-7-000042-2") &&
	           strstr(out, "QUEUED - NOT YET SENT") && strstr(out, "2026-09-21"),
	   "it prints the fields, the time in +04 and GOOD");
	snprintf(args, sizeof(args), "verify -k %s '%s'", pub2, qr);
	is_int(run_tool(args, out, sizeof(out)), 1, "exit 1 against another key");
	snprintf(args, sizeof(args), "verify -k %s 'MOL1~x'", pub);
	is_int(run_tool(args, out, sizeof(out)), 2, "exit 2 for a malformed payload");
	snprintf(args, sizeof(args), "keygen %s/gen.key %s/gen.pub", d, d);
	is_int(run_tool(args, out, sizeof(out)), 0, "keygen makes a pair");
	snprintf(args, sizeof(args), "%s/gen.key", d);
	struct receipt_signer *g = NULL;
	is_int(receipt_signer_open(&g, args), 0, "the generated key signs");
	receipt_signer_free(g);

	receipt_signer_free(s);
	receipt_signer_free(NULL);
	return tap_done();
}
