/*
 * config.c - kiosk.conf: the key table, and parsing, defaults, validation and documentation
 * driven by it (see config.h). Start at keys[] below: adding a key is adding a row there and a
 * field in struct kiosk_config.
 *
 * inih's handler does not know line numbers, so lines are fed to ini_parse_stream() through our
 * own reader, which counts them; every message then carries "file:line".
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include "kerr.h"
#include "kparse.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum cfg_type {
	CT_STR,  /* free text up to the field's size */
	CT_PATH, /* file path; relative ones are resolved against the config file's folder */
	CT_INT,  /* decimal integer in [min, max] */
	CT_LONG, /* like CT_INT, 64-bit */
	CT_BOOL, /* true/false, yes/no, on/off, 1/0 */
	CT_ENUM, /* one of the '|'-separated choices */
};

enum {
	CF_EXISTS = 1 << 0,  /* path must exist when set (checked after parsing) */
	CF_NONEMPTY = 1 << 1 /* value may not be empty */
};

struct cfg_key {
	const char *section;
	const char *key;
	enum cfg_type type;
	size_t offset;
	size_t size; /* for strings: the field's capacity */
	const char *def;
	long long min, max;  /* for numbers */
	const char *choices; /* for CT_ENUM */
	int flags;
	const char *help;
};

#define F(field) offsetof(struct kiosk_config, field), sizeof(((struct kiosk_config *)0)->field)

static const struct cfg_key keys[] = {
        {"kiosk", "id", CT_STR, F(kiosk_id), "KIOSK-DEMO-001", 0, 0, NULL, CF_NONEMPTY,
         "This kiosk's identifier, unique across the ministry; part of every transaction's key."},
        {"kiosk", "location", CT_STR, F(location), "Muscat - demo", 0, 0, NULL, 0,
         "Where the kiosk stands, printed on receipts."},
        {"kiosk", "language", CT_ENUM, F(language), "ar", 0, 0, "ar|en", 0,
         "Language of the attract screen; each person can switch."},
        {"language", "digits_ar", CT_ENUM, F(digits_ar), "western", 0, 0, "western|arabic-indic", 0,
         "Digits of the numbers written in Arabic (dates, amounts, counts), on screen and on "
         "paper alike: western (0-9) or arabic-indic (U+0660..U+0669, with the Arabic decimal "
         "separator). Codes (references, civil, permit and CR numbers) always keep western "
         "digits (docs/ui.md)."},
        {"language", "digits_en", CT_ENUM, F(digits_en), "western", 0, 0, "western|arabic-indic", 0,
         "The same for English; arabic-indic is allowed but unusual."},
        {"display", "width", CT_INT, F(width), "1080", 320, 7680, NULL, 0,
         "Screen width in pixels (window size when not full screen)."},
        {"display", "height", CT_INT, F(height), "1920", 240, 7680, NULL, 0,
         "Screen height in pixels."},
        {"display", "orientation", CT_ENUM, F(orientation), "portrait", 0, 0, "portrait|landscape",
         0, "Layout family; must agree with width and height."},
        {"display", "fullscreen", CT_BOOL, F(fullscreen), "false", 0, 0, NULL, 0,
         "Take the whole screen (true on a kiosk; false for development)."},
        {"display", "dpi", CT_INT, F(dpi), "96", 50, 600, NULL, 0,
         "Physical pixel density; touch targets are sized from it."},
        {"display", "font_dir", CT_PATH, F(font_dir), "assets/fonts-arabic", 0, 0, NULL,
         CF_EXISTS | CF_NONEMPTY, "Folder holding the Noto Sans Arabic and Noto Sans TTF files."},
        {"card", "backend", CT_ENUM, F(card_backend), "sim", 0, 0, "pcsc|sim", 0,
         "Card reader driver: pcsc (pcscd) or sim (built-in simulated reader with demo cards)."},
        {"card", "reader", CT_STR, F(card_reader), "", 0, 0, NULL, 0,
         "PC/SC reader name to use; empty means the first reader with a card."},
        {"card", "sim_cards", CT_PATH, F(card_sim_cards), "assets/demo-cards", 0, 0, NULL,
         CF_EXISTS, "Folder of demo card images for the sim backend."},
        {"card", "profiles", CT_PATH, F(card_profiles), "", 0, 0, NULL, CF_EXISTS,
         "Folder of card profiles (*.profile: ATRs, applet, file layout, encodings, PIN, "
         "authenticity; see docs/card.md); empty: only the built-in DEMO Omani profile."},
        {"card", "issuer_ca", CT_PATH, F(card_issuer_ca), "", 0, 0, NULL, CF_EXISTS,
         "PEM file of the card issuer CA certificates used to check a card is genuine; empty: "
         "cards are only recognised, never proven genuine."},
        {"printer", "backend", CT_ENUM, F(printer_backend), "sim", 0, 0, "usb|file|sim|tcp", 0,
         "Receipt printer driver: usb (libusb), file (raw ESC/POS to a file), sim (decodes to "
         "PNG) or tcp (raw port 9100; escpos-render --listen is a virtual one)."},
        {"printer", "profile", CT_STR, F(printer_profile), "generic-80", 0, 0, NULL, CF_NONEMPTY,
         "Printer model: a section of the profiles file (shipped: generic-58, generic-80, "
         "epson-tm-t88); paper width, resolution, USB id, cutter, status."},
        {"printer", "profiles", CT_PATH, F(printer_profiles), "", 0, 0, NULL, CF_EXISTS,
         "INI file of printer profiles (one section per model; keys in docs/printing.md); empty: "
         "drivers/printer/profiles/printers.ini under the working folder."},
        {"printer", "device", CT_PATH, F(printer_device), "build/run/receipts", 0, 0, NULL, 0,
         "usb: 'auto' or VID:PID in hex; file: output file; sim: folder for receipt PNGs; tcp: "
         "HOST:PORT."},
        {"receipt", "signing_key", CT_PATH, F(receipt_signing_key), "", 0, 0, NULL, CF_EXISTS,
         "PEM Ed25519 private key that signs each receipt's QR payload (kiosk-receipt verify "
         "checks it with the public half); empty: the QR carries an unsigned payload."},
        {"receipt", "verify_url", CT_STR, F(receipt_verify_url), "https://verify.mol.gov.om/r", 0,
         0, NULL, 0,
         "Verification page put in front of the QR payload (URL?p=PAYLOAD); empty: the bare "
         "payload."},
        {"receipt", "ack_wait_ms", CT_INT, F(receipt_ack_wait_ms), "3000", 0, 15000, NULL, 0,
         "How long the kiosk waits after a commit for the backend's acknowledgement before "
         "printing QUEUED."},
        {"network", "backend", CT_ENUM, F(net_backend), "curl", 0, 0, "curl|sim", 0,
         "Network driver: curl (HTTPS) or sim (in-process, for tests)."},
        {"backend", "url", CT_STR, F(backend_url), "https://127.0.0.1:8443", 0, 0, NULL,
         CF_NONEMPTY, "Base URL of the ministry backend; must be https://."},
        {"backend", "ca_file", CT_PATH, F(backend_ca_file), "", 0, 0, NULL, CF_EXISTS,
         "PEM file of the CA(s) that sign the backend's certificate; empty = system store."},
        {"backend", "client_cert", CT_PATH, F(backend_client_cert), "", 0, 0, NULL, CF_EXISTS,
         "PEM client certificate for mutual TLS; empty = none."},
        {"backend", "client_key", CT_PATH, F(backend_client_key), "", 0, 0, NULL, CF_EXISTS,
         "PEM private key of the client certificate (keep it mode 0600)."},
        {"backend", "pin", CT_STR, F(backend_pin), "", 0, 0, NULL, 0,
         "Optional public-key pin of the backend: sha256//<base64 of the SHA-256 of its DER "
         "public key>, several joined by ';'. Empty = the CA check alone."},
        {"backend", "timeout_ms", CT_INT, F(backend_timeout_ms), "10000", 500, 120000, NULL, 0,
         "Longest a single request may take, connect included."},
        {"backend", "sync_interval_s", CT_INT, F(sync_interval_s), "30", 1, 3600, NULL, 0,
         "How often the sync worker looks for unsent transactions when not woken."},
        {"backend", "query_timeout_ms", CT_INT, F(query_timeout_ms), "8000", 500, 60000, NULL, 0,
         "Longest a service's question to the backend (sign-in, a record) may take, connect "
         "included; then the person is told the ministry cannot be reached."},
        {"clock", "backend", CT_ENUM, F(clock_backend), "system", 0, 0, "system|fake", 0,
         "Clock driver: system, or fake (starts at fake_start_ms, for tests)."},
        {"clock", "fake_start_ms", CT_LONG, F(clock_fake_start_ms), "1798761600000", 0,
         4102444800000LL, NULL, 0, "Start time of the fake clock, ms since 1970 (UTC)."},
        {"cache", "database", CT_PATH, F(cache_database), "build/run/kiosk.db", 0, 0, NULL,
         CF_NONEMPTY, "SQLite file holding the outbox of transactions."},
        {"cache", "key_file", CT_PATH, F(cache_key_file), "", 0, 0, NULL, CF_EXISTS,
         "File with the AES-256 key (32 bytes, or 64 hex digits) that encrypts personal data in "
         "the outbox; must be owned by root, mode 0600 or 0400. Empty = not encrypted (a "
         "warning is logged)."},
        {"cache", "retention_days", CT_INT, F(cache_retention_days), "30", 0, 3650, NULL, 0,
         "Days an acknowledged transaction's payload is kept before it is purged (0 = at the "
         "next sync round)."},
        {"session", "idle_timeout_s", CT_INT, F(idle_timeout_s), "90", 30, 3600, NULL, 0,
         "Seconds without a touch before a session ends and personal data is wiped."},
        {"session", "idle_warning_s", CT_INT, F(idle_warning_s), "30", 10, 600, NULL, 0,
         "How long the 'are you still there?' warning shows before the session ends."},
        {"log", "level", CT_ENUM, F(log_level), "info", 0, 0, "error|warn|info|debug", 0,
         "Least severe message written to the log."},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

struct parse_ctx {
	struct kiosk_config *cfg;
	const char *path;
	const char *base_dir;
	FILE *file;
	FILE *errs;
	int line;
	int nerr;
	int seen[NKEYS]; /* line where each key was set, 0 = not set */
};

static void __attribute__((format(printf, 3, 4)))
report(struct parse_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	c->nerr++;
	if (!c->errs)
		return;
	if (line > 0)
		fprintf(c->errs, "%s:%d: ", c->path, line);
	else
		fprintf(c->errs, "%s: ", c->path);
	va_start(ap, fmt);
	vfprintf(c->errs, fmt, ap);
	va_end(ap);
	fputc('\n', c->errs);
}

static int
set_path(char *dst, size_t size, const char *base_dir, const char *v)
{
	int n;
	if (v[0] == '\0' || v[0] == '/' || !base_dir || !base_dir[0])
		n = snprintf(dst, size, "%s", v);
	else
		n = snprintf(dst, size, "%s/%s", base_dir, v);
	return (n < 0 || (size_t)n >= size) ? KERR_TOOBIG : 0;
}

static bool
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

static bool
in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0)
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

/* Applies one value to the field; returns NULL or a message describing what is wrong. */
static const char *
apply(const struct cfg_key *k, struct kiosk_config *cfg, const char *v, const char *base_dir,
      char *msg, size_t msgsz)
{
	char *field = (char *)cfg + k->offset;
	long long n;
	bool b;

	if ((k->flags & CF_NONEMPTY) && v[0] == '\0')
		return "may not be empty";
	switch (k->type) {
	case CT_STR:
		if (strlen(v) >= k->size) {
			snprintf(msg, msgsz, "longer than %zu bytes", k->size - 1);
			return msg;
		}
		memcpy(field, v, strlen(v) + 1);
		return NULL;
	case CT_PATH:
		return set_path(field, k->size, base_dir, v) ? "path too long" : NULL;
	case CT_INT:
	case CT_LONG:
		if (kparse_ll(v, LLONG_MIN, LLONG_MAX, &n) < 0) {
			snprintf(msg, msgsz, "'%s' is not a whole number", v);
			return msg;
		}
		if (n < k->min || n > k->max) { /* checked here to name the value in the message */
			snprintf(msg, msgsz, "%lld is outside %lld..%lld", n, k->min, k->max);
			return msg;
		}
		if (k->type == CT_INT)
			*(int *)(void *)field = (int)n;
		else
			*(long long *)(void *)field = n;
		return NULL;
	case CT_BOOL:
		if (!parse_bool(v, &b)) {
			snprintf(msg, msgsz, "'%s' is not true or false", v);
			return msg;
		}
		*(bool *)(void *)field = b;
		return NULL;
	case CT_ENUM:
		if (!in_choices(k->choices, v)) {
			snprintf(msg, msgsz, "'%s' is not one of %s", v, k->choices);
			return msg;
		}
		memcpy(field, v, strlen(v) + 1);
		return NULL;
	}
	return "internal: bad key type";
}

void
config_defaults(struct kiosk_config *cfg, const char *base_dir)
{
	char msg[128];
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NKEYS; i++) {
		const char *err = apply(&keys[i], cfg, keys[i].def, base_dir, msg, sizeof(msg));
		(void)err; /* defaults are checked by test_config */
	}
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_ctx *c = user;
	char msg[160];
	bool known_section = false;

	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		known_section = true;
		if (strcmp(keys[i].key, name) != 0)
			continue;
		if (c->seen[i])
			report(c, c->line, "[%s] %s is set twice (line %d first)", section, name,
			       c->seen[i]);
		c->seen[i] = c->line;
		const char *err = apply(&keys[i], c->cfg, value, c->base_dir, msg, sizeof(msg));
		if (err)
			report(c, c->line, "[%s] %s: %s", section, name, err);
		return 1;
	}
	if (!section[0])
		report(c, c->line, "'%s' is outside any [section]", name);
	else if (!known_section)
		report(c, c->line, "unknown section [%s]", section);
	else
		report(c, c->line, "unknown key '%s' in [%s]", name, section);
	return 1; /* keep going: report every problem in one pass */
}

/* inih reader: one physical line per call, so c->line is the line the handler sees. */
static char *
read_line(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	if (!fgets(str, num, c->file))
		return NULL;
	c->line++;
	size_t len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(c->file)) {
		int ch;
		while ((ch = fgetc(c->file)) != EOF && ch != '\n')
			;
		report(c, c->line, "line longer than %d characters", num - 2);
		str[0] = '\0'; /* the line is dropped, not half-applied */
	}
	return str;
}

static void
check_cross(struct parse_ctx *c)
{
	struct kiosk_config *cfg = c->cfg;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &keys[i];
		const char *p = (const char *)cfg + k->offset;
		if (k->type == CT_PATH && (k->flags & CF_EXISTS) && p[0] && access(p, R_OK) != 0)
			report(c, c->seen[i], "[%s] %s: cannot read '%s': %s", k->section, k->key,
			       p, strerror(errno));
	}
	if (strncmp(cfg->backend_url, "https://", 8) != 0)
		report(c, 0, "[backend] url must start with https:// (got '%s')", cfg->backend_url);
	if (!cfg->backend_client_cert[0] != !cfg->backend_client_key[0])
		report(c, 0, "[backend] client_cert and client_key must be set together");
	if (cfg->backend_pin[0] && strncmp(cfg->backend_pin, "sha256//", 8) != 0)
		report(c, 0, "[backend] pin must start with sha256// (got '%s')", cfg->backend_pin);
	bool portrait = strcmp(cfg->orientation, "portrait") == 0;
	if (portrait != (cfg->height >= cfg->width))
		report(c, 0, "[display] orientation is %s but %dx%d is %s", cfg->orientation,
		       cfg->width, cfg->height, portrait ? "landscape" : "portrait");
	if (cfg->idle_warning_s >= cfg->idle_timeout_s)
		report(c, 0,
		       "[session] idle_warning_s (%d) must be shorter than idle_timeout_s (%d)",
		       cfg->idle_warning_s, cfg->idle_timeout_s);
	if (strcmp(cfg->printer_backend, "usb") != 0 && !cfg->printer_device[0])
		report(c, 0, "[printer] device must name a file or folder for the %s backend",
		       cfg->printer_backend);
}

int
config_load(const char *path, struct kiosk_config *cfg, FILE *errs)
{
	struct parse_ctx c = {.cfg = cfg, .path = path, .errs = errs};
	char base[CFG_PATH_MAX];
	int rc;

	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(base, sizeof(base), ".");
	else
		snprintf(base, sizeof(base), "%.*s", (int)(slash - path), path);
	if (slash == path)
		snprintf(base, sizeof(base), "/");
	c.base_dir = base;
	config_defaults(cfg, base);

	c.file = fopen(path, "r");
	if (!c.file) {
		if (errs)
			fprintf(errs, "%s: cannot open: %s\n", path, strerror(errno));
		return KERR_IO;
	}
	rc = ini_parse_stream(read_line, &c, handler, &c);
	fclose(c.file);
	if (rc > 0) /* a syntax error (no '=' or ']'); inih gives its line */
		report(&c, rc, "syntax error: expected [section] or key = value");
	else if (rc < 0)
		report(&c, 0, "could not parse (out of memory)");
	check_cross(&c);
	return c.nerr ? KERR_CONFIG : 0;
}

void
config_write_doc(FILE *out)
{
	const char *section = "";
	fputs("# kiosk.conf\n\n"
	      "<!-- Generated by `build/kiosk --config-doc` from the key table in common/config.c; "
	      "do not edit by hand (test_config fails when it is stale). -->\n\n"
	      "`kiosk.conf` is an INI file read with inih: `[section]` headers, `key = value` "
	      "lines, "
	      "`;` or `#` starts a comment. Relative paths are resolved against the folder of the "
	      "file. An unknown section or key, a repeated key or a bad value stops start-up with "
	      "`file:line: message`; `kiosk --check-config FILE` runs the same checks and exits 0 "
	      "only when the file is valid.\n",
	      out);
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &keys[i];
		if (strcmp(section, k->section) != 0) {
			section = k->section;
			fprintf(out,
			        "\n## [%s]\n\n| key | type | default | meaning "
			        "|\n|---|---|---|---|\n",
			        section);
		}
		char type[96];
		switch (k->type) {
		case CT_STR:
			snprintf(type, sizeof(type), "text (< %zu bytes)", k->size);
			break;
		case CT_PATH:
			snprintf(type, sizeof(type), "path%s",
			         (k->flags & CF_EXISTS) ? ", must exist" : "");
			break;
		case CT_INT:
		case CT_LONG:
			snprintf(type, sizeof(type), "integer %lld..%lld", k->min, k->max);
			break;
		case CT_BOOL:
			snprintf(type, sizeof(type), "true/false");
			break;
		case CT_ENUM: {
			/* a '|' would split the Markdown table cell */
			int n = snprintf(type, sizeof(type), "one of ");
			for (const char *c = k->choices; *c && n < (int)sizeof(type) - 4; c++)
				n += snprintf(type + n, sizeof(type) - (size_t)n, "%s",
				              *c == '|' ? ", " : (char[]){*c, 0});
			break;
		}
		}
		fprintf(out, "| `%s` | %s | `%s` | %s |\n", k->key, type, k->def, k->help);
	}
	fputs("\nChecks across keys: `[backend] url` must be https; `client_cert` and `client_key` "
	      "go together; `[display] orientation` must match width and height; "
	      "`idle_warning_s` < `idle_timeout_s`; the file and sim printers need `device`.\n",
	      out);
}
