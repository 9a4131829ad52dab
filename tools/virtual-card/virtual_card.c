/*
 * virtual_card.c - build/virtual-card: a virtual ID card for vsmartcard's vpcd reader driver in
 * pcscd, so the real PC/SC stack can be tested without hardware. The card logic is
 * drivers/card/vcard.c (the same card the in-process "sim" backend uses); this file is the vpcd
 * transport, the fault injection and the control socket. Start at main().
 *
 * vpcd protocol: the card is a TCP client of pcscd's vpcd (127.0.0.1:35963); every message is a
 * 2-byte big-endian length and a payload. A 1-byte payload from vpcd is a control byte: 0 power
 * off, 1 power on, 2 reset, 4 get ATR (the only one answered). Anything longer is a C-APDU,
 * answered with an R-APDU. Closing the connection is removing the card.
 *
 * Logs counts and instruction/status bytes only, never APDU data.
 */
#define _DEFAULT_SOURCE
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../drivers/card/profile.h"
#include "../../drivers/card/vcard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct vc {
	struct vcard *card;
	const char *host;
	int port;
	int fd;                        /* vpcd connection, -1 = card out */
	int ctl;                       /* control socket listener, -1 = none */
	bool want_in;                  /* the card should be in the reader */
	long remove_after, mute_after; /* APDUs before the fault; -1 = off */
	int mute_ms;
	int delay_ms;
	bool muted;
	struct timespec muted_at;
	struct timespec out_at; /* when the card last left the reader */
	unsigned long apdus, total, inserts;
	int verbose;
};

#define REINSERT_GAP_MS 600

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !quit)
		;
}

static int
readn(int fd, uint8_t *b, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = recv(fd, b + got, n - got, 0);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

static int
send_frame(int fd, const uint8_t *b, size_t n)
{
	uint8_t buf[2 + 600];
	if (n > sizeof(buf) - 2)
		return -1;
	buf[0] = (uint8_t)(n >> 8);
	buf[1] = (uint8_t)n;
	memcpy(buf + 2, b, n);
	return send(fd, buf, n + 2, MSG_NOSIGNAL) == (ssize_t)(n + 2) ? 0 : -1;
}

static long
ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void
card_out(struct vc *v, const char *why)
{
	if (v->fd >= 0) {
		close(v->fd);
		clock_gettime(CLOCK_MONOTONIC, &v->out_at);
		klog(KLOG_INFO, "vcard", "card removed (%s) after %lu APDUs", why, v->apdus);
	}
	v->fd = -1;
	v->muted = false;
}

/* Inserts the card: connects to vpcd. Quietly fails while pcscd is not there. */
static void
card_in(struct vc *v)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)v->port)};
	int one = 1, fd;
	/* pcscd polls presence about every 0.45 s: a card back sooner than that would look as if
	 * it never left, which no hand can do. */
	if (v->inserts && ms_since(&v->out_at) < REINSERT_GAP_MS)
		return;
	if (inet_pton(AF_INET, v->host, &sa.sin_addr) != 1)
		return;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	v->fd = fd;
	v->apdus = 0;
	v->inserts++;
	vcard_reset(v->card);
	klog(KLOG_INFO, "vcard", "card inserted (%s) into %s:%d", vcard_label(v->card), v->host,
	     v->port);
}

/* Serves one message from vpcd. */
static void
serve(struct vc *v)
{
	uint8_t hdr[2], msg[600], r[600];
	size_t rlen = sizeof(r);
	if (readn(v->fd, hdr, 2) <= 0) {
		card_out(v, "reader closed the connection");
		return;
	}
	size_t len = (size_t)hdr[0] << 8 | hdr[1];
	if (len > sizeof(msg) || (len && readn(v->fd, msg, len) <= 0)) {
		card_out(v, "bad frame from the reader");
		return;
	}
	if (len == 1) { /* control byte */
		if (msg[0] == 4) {
			size_t alen = CARD_ATR_MAX;
			vcard_atr(v->card, r, &alen);
			if (send_frame(v->fd, r, alen))
				card_out(v, "send failed");
		} else if (msg[0] == 0 || msg[0] == 1 || msg[0] == 2) {
			vcard_reset(v->card);
		}
		return;
	}
	if (len < 4) {
		card_out(v, "short APDU");
		return;
	}
	if (v->remove_after >= 0 && (long)v->apdus >= v->remove_after) {
		v->remove_after = -1;
		v->want_in = false;
		card_out(v, "fault: pulled out");
		return;
	}
	if (v->muted)
		return; /* mute: never answers */
	if (v->mute_after >= 0 && (long)v->apdus >= v->mute_after) {
		v->mute_after = -1;
		v->muted = true;
		clock_gettime(CLOCK_MONOTONIC, &v->muted_at);
		klog(KLOG_INFO, "vcard", "fault: mute after %lu APDUs", v->apdus);
		return;
	}
	v->apdus++;
	v->total++;
	if (v->delay_ms > 0)
		sleep_ms(v->delay_ms);
	vcard_apdu(v->card, msg, len, r, &rlen);
	if (v->verbose)
		klog(KLOG_DEBUG, "vcard", "APDU %lu: INS %02X -> SW %02X%02X (%zu bytes)", v->apdus,
		     msg[1], rlen >= 2 ? r[rlen - 2] : 0, rlen >= 2 ? r[rlen - 1] : 0, rlen);
	if (send_frame(v->fd, r, rlen))
		card_out(v, "send failed");
}

static int
ctl_listen(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* One control connection: one command line in, one answer line out. */
static void
ctl_serve(struct vc *v)
{
	char line[256], out[256];
	int c = accept(v->ctl, NULL, NULL);
	ssize_t n;
	if (c < 0)
		return;
	n = recv(c, line, sizeof(line) - 1, 0);
	line[n > 0 ? n : 0] = 0;
	line[strcspn(line, "\r\n")] = 0;
	snprintf(out, sizeof(out), "ok\n");
	if (strcmp(line, "insert") == 0) {
		v->want_in = true;
		if (v->fd < 0)
			card_in(v);
	} else if (strcmp(line, "remove") == 0) {
		v->want_in = false;
		card_out(v, "control");
	} else if (strncmp(line, "remove-after ", 13) == 0) {
		v->remove_after = strtol(line + 13, NULL, 10);
	} else if (strncmp(line, "mute-after ", 11) == 0) {
		v->mute_after = strtol(line + 11, NULL, 10);
	} else if (strncmp(line, "delay ", 6) == 0) {
		v->delay_ms = (int)strtol(line + 6, NULL, 10);
	} else if (strncmp(line, "behave ", 7) == 0) {
		if (vcard_behave(v->card, line + 7))
			snprintf(out, sizeof(out), "error: unknown behaviour\n");
	} else if (strcmp(line, "stats") == 0) {
		snprintf(out, sizeof(out), "inserted=%d apdus=%lu total=%lu inserts=%lu tries=%d\n",
		         v->fd >= 0, v->apdus, v->total, v->inserts, vcard_pin_tries(v->card));
	} else {
		snprintf(out, sizeof(out), "error: unknown command\n");
	}
	if (send(c, out, strlen(out), MSG_NOSIGNAL) < 0)
		klog(KLOG_WARN, "vcard", "control answer not sent");
	close(c);
}

/* --send PATH CMD: the client side of the control socket, for shell tests. */
static int
ctl_send(const char *path, const char *cmd)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char buf[256];
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path))
		return 2;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "virtual-card: cannot reach %s: %s\n", path, strerror(errno));
		close(fd);
		return 2;
	}
	if (send(fd, cmd, strlen(cmd), 0) < 0 || send(fd, "\n", 1, 0) < 0) {
		close(fd);
		return 2;
	}
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	fputs(buf, stdout);
	return strncmp(buf, "ok", 2) == 0 || strncmp(buf, "inserted=", 9) == 0 ? 0 : 1;
}

static void
usage(FILE *f)
{
	fputs("usage: virtual-card [options] CARD-IMAGE\n"
	      "       virtual-card --send CONTROL-SOCKET COMMAND\n"
	      "  --profiles DIR      card profiles (default: the built-in demo profile)\n"
	      "  --host ADDR         vpcd address (127.0.0.1)\n"
	      "  --port N            vpcd port (35963; slot 1 is 35964)\n"
	      "  --control PATH      control socket: insert | remove | remove-after N |\n"
	      "                      mute-after N | delay MS | behave SWITCH | stats\n"
	      "  --out               start with the card out of the reader\n"
	      "  --remove-after N    pull the card out when APDU N+1 arrives (N answered)\n"
	      "  --mute-after N      stop answering after N APDUs (pulled out after --mute-ms)\n"
	      "  --mute-ms MS        (3000)\n"
	      "  --delay-ms MS       wait before each answer (a T=0 reader: about 15)\n"
	      "  --chunk61 N         answer data in 61xx chunks of N bytes\n"
	      "  --no-fci            SELECT gives no file size\n"
	      "  --wrong-length      READ BINARY answers one byte too many\n"
	      "  --garbage           answer every APDU with junk\n"
	      "  -v                  log each APDU's INS and SW (never data)\n"
	      "The card is re-inserted when pcscd comes back, unless it was pulled out.\n",
	      f);
}

int
main(int argc, char **argv)
{
	struct vc v = {.host = "127.0.0.1",
	               .port = 35963,
	               .fd = -1,
	               .ctl = -1,
	               .want_in = true,
	               .remove_after = -1,
	               .mute_after = -1,
	               .mute_ms = 3000};
	const char *profiles_dir = "", *ctl_path = NULL, *image = NULL;
	const char *behave[8];
	int nbehave = 0, rc = 0;
	char chunk[32];
	struct card_profiles profiles;

	if (argc == 4 && strcmp(argv[1], "--send") == 0)
		return ctl_send(argv[2], argv[3]);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--profiles") == 0 && next)
			profiles_dir = argv[++i];
		else if (strcmp(a, "--host") == 0 && next)
			v.host = argv[++i];
		else if (strcmp(a, "--port") == 0 && next)
			v.port = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--control") == 0 && next)
			ctl_path = argv[++i];
		else if (strcmp(a, "--out") == 0)
			v.want_in = false;
		else if (strcmp(a, "--remove-after") == 0 && next)
			v.remove_after = strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--mute-after") == 0 && next)
			v.mute_after = strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--mute-ms") == 0 && next)
			v.mute_ms = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--delay-ms") == 0 && next)
			v.delay_ms = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(a, "--chunk61") == 0 && next && nbehave < 8) {
			snprintf(chunk, sizeof(chunk), "chunk61 %s", argv[++i]);
			behave[nbehave++] = chunk;
		} else if (strcmp(a, "--no-fci") == 0 && nbehave < 8)
			behave[nbehave++] = "fci off";
		else if (strcmp(a, "--wrong-length") == 0 && nbehave < 8)
			behave[nbehave++] = "wrong_length";
		else if (strcmp(a, "--garbage") == 0 && nbehave < 8)
			behave[nbehave++] = "garbage";
		else if (strcmp(a, "-v") == 0)
			v.verbose = 1;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return usage(stdout), 0;
		else if (a[0] != '-' && !image)
			image = a;
		else
			return usage(stderr), 2;
	}
	if (!image)
		return usage(stderr), 2;
	klog_set_level(v.verbose ? KLOG_DEBUG : KLOG_INFO);
	if (profile_load_dir(profiles_dir, &profiles))
		return 1;
	rc = vcard_load(image, &profiles, &v.card);
	profile_set_free(&profiles);
	if (rc)
		return 1;
	for (int i = 0; i < nbehave; i++)
		if (vcard_behave(v.card, behave[i])) {
			fprintf(stderr, "virtual-card: bad behaviour '%s'\n", behave[i]);
			vcard_free(v.card);
			return 2;
		}
	if (ctl_path && (v.ctl = ctl_listen(ctl_path)) < 0) {
		fprintf(stderr, "virtual-card: cannot listen on %s: %s\n", ctl_path,
		        strerror(errno));
		vcard_free(v.card);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	printf("virtual-card ready: %s\n", vcard_label(v.card));
	fflush(stdout);
	while (!quit) {
		struct pollfd pf[2];
		int n = 0, ifd = -1, ictl = -1;
		if (v.want_in && v.fd < 0)
			card_in(&v);
		if (v.fd >= 0) {
			ifd = n;
			pf[n++] = (struct pollfd){.fd = v.fd, .events = POLLIN};
		}
		if (v.ctl >= 0) {
			ictl = n;
			pf[n++] = (struct pollfd){.fd = v.ctl, .events = POLLIN};
		}
		int r = poll(pf, (nfds_t)n, 100);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && ictl >= 0 && (pf[ictl].revents & POLLIN))
			ctl_serve(&v);
		if (r > 0 && ifd >= 0 && v.fd >= 0 &&
		    (pf[ifd].revents & (POLLIN | POLLHUP | POLLERR)))
			serve(&v);
		if (v.muted) {
			if (ms_since(&v.muted_at) >= v.mute_ms) {
				v.want_in = false;
				card_out(&v, "fault: mute, then pulled out");
			}
		}
	}
	card_out(&v, "exit");
	if (v.ctl >= 0) {
		close(v.ctl);
		unlink(ctl_path);
	}
	printf("virtual-card: %lu APDUs answered, %lu insertions\n", v.total, v.inserts);
	vcard_free(v.card);
	return 0;
}
