/*
 * config.h - the kiosk's site configuration (kiosk.conf, INI, parsed with Debian's inih).
 *
 * One table in config.c ({section, key, type, offset, default, limits, help}) drives parsing,
 * defaults, validation, `kiosk --check-config` and the generated docs/configuration.md.
 * Strings live inside the struct (fixed caps), so a struct kiosk_config owns no heap memory and
 * can be copied. Relative paths in the file are resolved against the file's own folder.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#define CFG_STR_MAX  256
#define CFG_PATH_MAX 512

struct kiosk_config {
	/* [kiosk] */
	char kiosk_id[64];
	char location[CFG_STR_MAX];
	char language[4]; /* "ar" or "en" */
	/* [language] */
	char digits_ar[16]; /* "western" or "arabic-indic" (text/i18n.h i18n_digits_parse) */
	char digits_en[16];
	/* [display] */
	int width, height;
	char orientation[16]; /* "portrait" or "landscape" */
	bool fullscreen;
	int dpi;
	char font_dir[CFG_PATH_MAX];
	/* [card] */
	char card_backend[16]; /* "pcsc" or "sim" */
	char card_reader[CFG_STR_MAX];
	char card_sim_cards[CFG_PATH_MAX];
	char card_profiles[CFG_PATH_MAX];  /* folder of *.profile */
	char card_issuer_ca[CFG_PATH_MAX]; /* PEM bundle, "" = no authenticity check */
	/* [printer] */
	char printer_backend[16]; /* "usb", "file" or "sim" */
	char printer_profile[32];
	char printer_device[CFG_PATH_MAX];
	char printer_profiles[CFG_PATH_MAX]; /* INI file of printer profiles */
	/* [receipt] */
	char receipt_signing_key[CFG_PATH_MAX]; /* PEM Ed25519 private key, "" = unsigned QR */
	char receipt_verify_url[CFG_STR_MAX];
	int receipt_ack_wait_ms; /* after a commit, wait this long for the backend's ack */
	/* [network] */
	char net_backend[16]; /* "curl" or "sim" */
	/* [backend] */
	char backend_url[CFG_STR_MAX];
	char backend_ca_file[CFG_PATH_MAX];
	char backend_client_cert[CFG_PATH_MAX];
	char backend_client_key[CFG_PATH_MAX];
	char backend_pin[CFG_STR_MAX]; /* "sha256//<base64>[;sha256//...]" or "" */
	int backend_timeout_ms;
	int sync_interval_s;
	int query_timeout_ms; /* a service's question to the backend (app/backend/query.c) */
	/* [clock] */
	char clock_backend[16]; /* "system" or "fake" */
	long long clock_fake_start_ms;
	/* [cache] */
	char cache_database[CFG_PATH_MAX];
	char cache_key_file[CFG_PATH_MAX]; /* AES-256 key for personal data at rest; "" = none */
	int cache_retention_days;          /* acked payloads are purged after this many days */
	/* [session] */
	int idle_timeout_s;
	int idle_warning_s;
	/* [log] */
	char log_level[8];
};

/* Fills cfg with every key's default (paths resolved against base_dir, or as written if NULL). */
void config_defaults(struct kiosk_config *cfg, const char *base_dir);

/*
 * Reads path into cfg (defaults first). Every problem is written to errs as one line
 * "path:LINE: message" (or "path: message" when no line applies). Returns 0 when the file is
 * valid, -KERR_CONFIG when any error was found (cfg then holds what could be read), -KERR_IO when
 * the file cannot be opened. Checks that paths which must exist do exist.
 */
int config_load(const char *path, struct kiosk_config *cfg, FILE *errs);

/* Writes the key reference (Markdown) generated from the table: docs/configuration.md. */
void config_write_doc(FILE *out);

#endif
