/*
 * test_config.c - kiosk.conf parsing, validation and the generated documentation.
 * Each tests/config/t-*.conf is loaded and its errors compared with t-*.expected (golden files,
 * after OpenBSD's doas regress); the repo's kiosk.conf must load (paths may be missing in a fresh
 * clone, so only key errors count there); docs/configuration.md must equal config_write_doc().
 */
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static char *
errors_of(const char *path, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	struct kiosk_config cfg;
	FILE *m = open_memstream(&buf, &len);
	*rc = config_load(path, &cfg, m);
	fclose(m);
	return buf;
}

static void
golden_files(void)
{
	DIR *d = opendir("tests/config");
	struct dirent *de;
	int n = 0;
	ok(d != NULL, "tests/config exists");
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (strncmp(de->d_name, "t-", 2) != 0 || len < 6 ||
		    strcmp(de->d_name + len - 5, ".conf"))
			continue;
		char conf[512], exp[512];
		int rc;
		snprintf(conf, sizeof(conf), "tests/config/%s", de->d_name);
		snprintf(exp, sizeof(exp), "tests/config/%.*s.expected", (int)(len - 5),
		         de->d_name);
		char *got = errors_of(conf, &rc);
		char *want = slurp(exp);
		ok(want != NULL, "%s has an .expected file", conf);
		if (want) {
			is_str(got, want, "%s: errors as expected", conf);
			is_int(rc, want[0] ? KERR_CONFIG : 0, "%s: result code", conf);
		}
		free(got);
		free(want);
		n++;
	}
	closedir(d);
	ok(n >= 5, "at least 5 golden config files (%d)", n);
}

static void
defaults_valid(void)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, ".");
	is_int(cfg.width, 1080, "default width");
	is_str(cfg.card_backend, "sim", "default card backend");
	is_str(cfg.font_dir, "./assets/fonts-arabic", "relative default resolved against base");
	ok(cfg.idle_warning_s < cfg.idle_timeout_s, "default warning shorter than timeout");
}

static void
repo_conf(void)
{
	int rc;
	char *got = errors_of("kiosk.conf", &rc);
	/* in a fresh clone build/pki does not exist yet: only "cannot read" lines are allowed */
	int other = 0;
	for (char *l = got; l && *l;) {
		char *nl = strchr(l, '\n');
		if (!strstr(l, "cannot read"))
			other++;
		l = nl ? nl + 1 : l + strlen(l);
	}
	is_int(other, 0, "kiosk.conf has no key or value errors");
	if (other)
		printf("# %s", got);
	free(got);
}

static void
doc_current(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	config_write_doc(m);
	fclose(m);
	char *file = slurp("docs/configuration.md");
	ok(file && strcmp(file, buf) == 0,
	   "docs/configuration.md is current (regenerate with `make docs`)");
	free(buf);
	free(file);
}

static void
missing_file(void)
{
	int rc;
	char *got = errors_of("tests/config/does-not-exist.conf", &rc);
	is_int(rc, KERR_IO, "missing file -> KERR_IO");
	ok(got && strstr(got, "cannot open"), "missing file message names the problem");
	free(got);
}

int
main(void)
{
	defaults_valid();
	golden_files();
	repo_conf();
	doc_current();
	missing_file();
	return tap_done();
}
