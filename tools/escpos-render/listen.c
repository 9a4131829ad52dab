/*
 * listen.c - `escpos-render --listen`: a virtual network receipt printer. It takes raw ESC/POS
 * on a TCP port (what the kiosk's "tcp" printer backend, or any port-9100 client, sends), prints
 * every cut receipt as receipt-NNNN.png (+ .escpos) in OUTDIR through the sim printer backend,
 * and answers DLE EOT status queries from the simulated state as a printer would: right away,
 * even while it is "offline" and holding data.
 *
 * The state is set as for the sim backend: lines in OUTDIR/sim-control ("paper_out",
 * "cover_open", "near_end", "error", "offline", "mute" (no answers), "garbage" (answers that are
 * no status bytes), "fail_after N", "unplug" (drops the connection), "ok"), read before each
 * write and each answer. While the paper is out or the cover open, received data waits (up to
 * 1 MiB, then the socket is no longer read: TCP back-pressure, as a full printer buffer) and is
 * printed once the state is "ok" again.
 *
 * Prints "listening on PORT" on stdout once ready; SIGTERM/SIGINT end it (an uncut tail is
 * printed, as the sim does at close).
 */
#define _DEFAULT_SOURCE
#include "listen.h"

#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HOLD_MAX (1u << 20)

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static int
open_listener(const char *hostport)
{
	char host[256], port[16];
	const char *colon = strrchr(hostport, ':');
	if (!colon || colon == hostport || (size_t)(colon - hostport) >= sizeof(host) ||
	    strlen(colon + 1) >= sizeof(port))
		return -1;
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = 0;
	snprintf(port, sizeof(port), "%s", colon + 1);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res = NULL;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd >= 0 && (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 4) < 0)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char port[16];
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0 ||
	    getnameinfo((struct sockaddr *)&ss, len, NULL, 0, port, sizeof(port), NI_NUMERICSERV))
		return -1;
	return (int)strtol(port, NULL, 10);
}

/* Answers one DLE EOT n from the simulated state; false when the printer "vanished". */
static bool
answer(struct printer_dev *dev, int client, uint8_t n)
{
	struct printer_status st;
	int rc = printer_status(dev, &st, 100);
	uint8_t b;
	if (rc == KERR_NODEV)
		return false;
	if (rc == KERR_TIMEOUT || rc == KERR_NOTSUP || n < ESCPOS_ST_PRINTER || n > ESCPOS_ST_PAPER)
		return true; /* muted, or a query we do not know: no answer */
	if (rc == KERR_PROTO) {
		b = 0xff; /* "garbage" */
	} else {
		/* the sim reports a merged state; turn it back into the reply to query n */
		b = escpos_status_reply((enum escpos_status_kind)n, &st);
	}
	return send(client, &b, 1, MSG_NOSIGNAL) == 1;
}

/* Hands held data to the sim printer; what it refuses (offline) stays held. */
static void
flush_held(struct printer_dev *dev, struct kbuf *held)
{
	if (!held->len)
		return;
	struct printer_status st;
	int rc = printer_status(dev, &st, 100);
	if (rc == 0 && printer_status_err(&st) < 0)
		return; /* offline (paper, cover, error): hold it */
	rc = printer_write(dev, held->data, held->len, 100);
	if (rc == 0 || rc == KERR_PAPER) /* fail_after: the taken part is on paper */
		kbuf_reset(held);
	if (rc < 0 && rc != KERR_PAPER && rc != KERR_COVER && rc != KERR_TIMEOUT)
		fprintf(stderr, "escpos-render: printing failed: %s\n", kerr_str(rc));
}

/* Serves one connection until it closes, the printer is "unplugged" or we are stopped. */
static void
serve(struct printer_dev *dev, int client)
{
	struct kbuf held;
	kbuf_init(&held, HOLD_MAX + 4096);
	uint8_t buf[4096];
	int dle = 0; /* 0: plain, 1: DLE seen, 2: DLE EOT seen */
	while (!stop) {
		flush_held(dev, &held);
		struct pollfd p = {.fd = client, .events = held.len < HOLD_MAX ? POLLIN : 0};
		int r = poll(&p, 1, 100);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t got = recv(client, buf, sizeof(buf), 0);
		if (got <= 0)
			break;
		bool alive = true;
		for (ssize_t i = 0; i < got && alive; i++) {
			uint8_t c = buf[i];
			if (dle == 2) {
				alive = answer(dev, client, c);
				dle = 0;
				continue;
			}
			if (dle == 1 && c == 0x04) {
				dle = 2;
				continue;
			}
			if (dle == 1) /* a DLE that started no query: it was data */
				kbuf_add(&held, (const uint8_t[]){0x10}, 1);
			dle = c == 0x10;
			if (!dle)
				kbuf_add(&held, &c, 1);
		}
		if (!alive) {
			fprintf(stderr, "escpos-render: unplugged; connection dropped\n");
			break;
		}
	}
	flush_held(dev, &held);
	kbuf_free(&held);
	close(client);
}

int
listen_main(const char *hostport, const char *profile, const char *outdir)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.printer_backend, sizeof(cfg.printer_backend), "sim");
	snprintf(cfg.printer_profile, sizeof(cfg.printer_profile), "%s", profile);
	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "%s", outdir);
	struct printer_dev dev;
	if (printer_open(&dev, &cfg) < 0) {
		fprintf(stderr, "escpos-render: cannot print into %s\n", outdir);
		return 2;
	}
	int lfd = open_listener(hostport);
	if (lfd < 0) {
		fprintf(stderr, "escpos-render: cannot listen on %s\n", hostport);
		printer_close(&dev);
		return 2;
	}
	struct sigaction sa = {.sa_handler = on_stop};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("listening on %d\n", bound_port(lfd));
	fflush(stdout);
	while (!stop) {
		struct pollfd p = {.fd = lfd, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		int client = accept(lfd, NULL, NULL);
		if (client < 0)
			continue;
		printer_control(&dev, "ok"); /* a new connection: the printer is plugged in */
		serve(&dev, client);
	}
	close(lfd);
	printer_close(&dev);
	return 0;
}
