/*
 * fuzz_config.c - libFuzzer harness: kiosk.conf parsing of arbitrary bytes (written to a temp
 * file because the parser reads files, as the kiosk does).
 */
#include "../../common/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-config-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	FILE *devnull = fopen("/dev/null", "w");
	struct kiosk_config cfg;
	config_load(path, &cfg, devnull);
	fclose(devnull);
	unlink(path);
	return 0;
}
