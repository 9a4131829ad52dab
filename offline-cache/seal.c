/*
 * seal.c - personal data at rest: the outbox's payloads sealed with AES-256-GCM (OpenSSL), the
 * key from a root-only file, and the purge of acknowledged payloads after the retention period.
 * Stored form: "enc1:" + base64(12-byte random nonce | ciphertext | 16-byte tag), with the
 * item's idempotency key as additional data, so a payload moved to another row does not open.
 * Start at queue_key_load(); queue.c calls seal_payload()/open_payload().
 */
#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/kparse.h"
#include "../common/xalloc.h"
#include "queue.h"
#include "queue_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEAL_PREFIX "enc1:"
#define NONCE_LEN   12
#define TAG_LEN     16

int
queue_key_load(const char *file, unsigned char key[QUEUE_KEY_BYTES])
{
	unsigned char buf[130];
	struct stat sb;
	int rc = KERR_CONFIG;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		klog(KLOG_ERR, "queue", "key file %s: %s", file, strerror(errno));
		return KERR_CONFIG;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		klog(KLOG_ERR, "queue", "key file %s is not a regular file", file);
		goto out;
	}
	if ((sb.st_mode & 077) != 0 || (sb.st_uid != 0 && sb.st_uid != geteuid())) {
		klog(KLOG_ERR, "queue",
		     "key file %s is readable by others (mode %03o, owner %u): refused; it must be"
		     " owned by root with mode 0600 or 0400",
		     file, (unsigned)(sb.st_mode & 0777), (unsigned)sb.st_uid);
		goto out;
	}
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n == QUEUE_KEY_BYTES) { /* raw bytes */
		memcpy(key, buf, QUEUE_KEY_BYTES);
		rc = 0;
	} else if (n >= 2 * QUEUE_KEY_BYTES) { /* hex, maybe with a newline */
		rc = 0;
		for (int i = 0; i < QUEUE_KEY_BYTES && rc == 0; i++) {
			int hi = kparse_hexdigit(buf[2 * i]), lo = kparse_hexdigit(buf[2 * i + 1]);
			if (hi < 0 || lo < 0)
				rc = KERR_CONFIG;
			else
				key[i] = (unsigned char)(hi << 4 | lo);
		}
		for (ssize_t i = 2 * QUEUE_KEY_BYTES; rc == 0 && i < n; i++)
			if (buf[i] != '\n' && buf[i] != '\r')
				rc = KERR_CONFIG;
	}
	if (rc)
		klog(KLOG_ERR, "queue",
		     "key file %s must hold 32 raw bytes or 64 hex digits (e.g. openssl rand -hex "
		     "32)",
		     file);
out:
	xwipe(buf, sizeof(buf));
	close(fd);
	return rc;
}

void
queue_set_key(struct queue *q, const unsigned char key[QUEUE_KEY_BYTES])
{
	if (key) {
		memcpy(q->key, key, QUEUE_KEY_BYTES);
		q->has_key = true;
	} else {
		xwipe(q->key, sizeof(q->key));
		q->has_key = false;
	}
}

void
queue_set_retention(struct queue *q, int64_t retention_ms)
{
	q->retention_ms = retention_ms;
}

int
queue_open_cfg(const struct kiosk_config *cfg, struct queue **out)
{
	unsigned char key[QUEUE_KEY_BYTES];
	int rc;
	*out = NULL;
	if (cfg->cache_key_file[0] && (rc = queue_key_load(cfg->cache_key_file, key)))
		return rc;
	if ((rc = queue_open(cfg->cache_database, out)))
		goto out;
	if (cfg->cache_key_file[0])
		queue_set_key(*out, key);
	else
		klog(KLOG_WARN, "queue",
		     "no [cache] key_file: personal data in the outbox is NOT encrypted at rest");
	queue_set_retention(*out, (int64_t)cfg->cache_retention_days * 86400000LL);
out:
	xwipe(key, sizeof(key));
	return rc;
}

char *
seal_payload(struct queue *q, const char *aad, const char *plain)
{
	unsigned char nonce[NONCE_LEN], tag[TAG_LEN];
	size_t plen = strlen(plain);
	unsigned char *raw = xcalloc(1, NONCE_LEN + plen + TAG_LEN);
	char *out = NULL;
	int len = 0, fin = 0;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (!c || RAND_bytes(nonce, NONCE_LEN) != 1 ||
	    EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, q->key, nonce) != 1 ||
	    EVP_EncryptUpdate(c, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) != 1 ||
	    EVP_EncryptUpdate(c, raw + NONCE_LEN, &len, (const unsigned char *)plain, (int)plen) !=
	            1 ||
	    EVP_EncryptFinal_ex(c, raw + NONCE_LEN + len, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) != 1)
		goto out;
	memcpy(raw, nonce, NONCE_LEN);
	memcpy(raw + NONCE_LEN + plen, tag, TAG_LEN);
	size_t rlen = NONCE_LEN + plen + TAG_LEN;
	out = xcalloc(1, sizeof(SEAL_PREFIX) + 4 * ((rlen + 2) / 3) + 1);
	memcpy(out, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1);
	EVP_EncodeBlock((unsigned char *)out + sizeof(SEAL_PREFIX) - 1, raw, (int)rlen);
out:
	EVP_CIPHER_CTX_free(c);
	free(raw);
	return out;
}

bool
payload_sealed(const char *stored)
{
	return strncmp(stored, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1) == 0;
}

int
open_payload(struct queue *q, const char *aad, const char *stored, char **out)
{
	*out = NULL;
	if (!payload_sealed(stored)) {
		*out = xstrdup(stored);
		return 0;
	}
	if (!q->has_key)
		return KERR_CONFIG;
	const char *b64 = stored + sizeof(SEAL_PREFIX) - 1;
	size_t blen = strlen(b64);
	if (blen % 4 != 0 || blen < 4 * ((NONCE_LEN + TAG_LEN + 2) / 3))
		return KERR_CORRUPT;
	unsigned char *raw = xcalloc(1, blen / 4 * 3 + 1);
	int rlen = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)blen);
	int rc = KERR_CORRUPT;
	if (rlen < 0)
		goto out_raw;
	if (blen >= 1 && b64[blen - 1] == '=')
		rlen--;
	if (blen >= 2 && b64[blen - 2] == '=')
		rlen--;
	if (rlen < NONCE_LEN + TAG_LEN)
		goto out_raw;
	int clen = rlen - NONCE_LEN - TAG_LEN, len = 0, fin = 0;
	char *plain = xcalloc(1, (size_t)clen + 1);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, q->key, raw) == 1 &&
	    EVP_DecryptUpdate(c, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) == 1 &&
	    EVP_DecryptUpdate(c, (unsigned char *)plain, &len, raw + NONCE_LEN, clen) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG_LEN, raw + NONCE_LEN + clen) == 1 &&
	    EVP_DecryptFinal_ex(c, (unsigned char *)plain + len, &fin) == 1) {
		plain[clen] = '\0';
		*out = plain;
		rc = 0;
	} else {
		xwipe(plain, (size_t)clen);
		free(plain);
	}
	EVP_CIPHER_CTX_free(c);
out_raw:
	xwipe(raw, blen / 4 * 3 + 1);
	free(raw);
	return rc;
}
