/*
 * printer/tcp.c - the "tcp" printer backend: raw ESC/POS over a TCP socket (port 9100 on network
 * receipt printers; `escpos-render --listen` is a virtual one).
 *
 * Start at tcp_open(). [printer] device is HOST:PORT ("[v6addr]:PORT" for IPv6); the connect has
 * a 3 s limit. Writes poll for room with the caller's timeout and continue after short writes,
 * so bytes are sent once and in order; a peer that closed the connection gives KERR_NODEV (the
 * print worker then reopens). Status: stale input is drained, then DLE EOT n and one reply byte
 * per n, as on USB; bytes that are no status reply give KERR_PROTO, silence KERR_TIMEOUT.
 */
#define _DEFAULT_SOURCE
#include "../printer.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "escpos.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TCP_CONNECT_MS         3000
#define TCP_DEFAULT_TIMEOUT_MS 5000

struct tcp_priv {
	int fd;
};

static int
errno_err(int e, const char *what)
{
	klog(KLOG_WARN, "printer", "tcp: %s: %s", what, strerror(e));
	switch (e) {
	case EPIPE:
	case ECONNRESET:
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case ENOTCONN:
		return KERR_NODEV;
	case ETIMEDOUT:
		return KERR_TIMEOUT;
	default:
		return KERR_IO;
	}
}

/* "host:port" or "[v6]:port" into host and port. */
static int
split_hostport(const char *dev, char *host, size_t hsize, char *port, size_t psize)
{
	const char *colon;
	const char *h = dev;
	size_t hl;
	if (dev[0] == '[') {
		const char *close = strchr(dev, ']');
		if (!close || close[1] != ':')
			return KERR_CONFIG;
		h = dev + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(dev, ':');
		if (!colon)
			return KERR_CONFIG;
		hl = (size_t)(colon - dev);
	}
	if (hl == 0 || hl >= hsize || !colon[1] || strlen(colon + 1) >= psize)
		return KERR_CONFIG;
	memcpy(host, h, hl);
	host[hl] = 0;
	snprintf(port, psize, "%s", colon + 1);
	return 0;
}

static int
connect_timeout(int fd, const struct sockaddr *sa, socklen_t len)
{
	if (connect(fd, sa, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	int r = poll(&p, 1, TCP_CONNECT_MS);
	if (r == 0)
		return ETIMEDOUT;
	if (r < 0)
		return errno;
	int err = 0;
	socklen_t el = sizeof(err);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
	return err;
}

static int
tcp_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	struct tcp_priv *t = xcalloc(1, sizeof(*t));
	t->fd = -1;
	dev->priv = t;
	char host[256], port[16];
	/* kiosk.conf resolves [printer] device like a path ("./host:9100"): take its last part */
	const char *dev_s = strrchr(cfg->printer_device, '/');
	dev_s = dev_s ? dev_s + 1 : cfg->printer_device;
	if (split_hostport(dev_s, host, sizeof(host), port, sizeof(port)) < 0) {
		klog(KLOG_ERR, "printer", "tcp: [printer] device must be HOST:PORT");
		return KERR_CONFIG;
	}
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	int r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		klog(KLOG_ERR, "printer", "tcp: %s: %s", host, gai_strerror(r));
		return KERR_NODEV;
	}
	int err = ECONNREFUSED;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		err = connect_timeout(fd, a->ai_addr, a->ai_addrlen);
		if (err == 0) {
			t->fd = fd;
			break;
		}
		close(fd);
	}
	freeaddrinfo(res);
	if (t->fd < 0)
		return errno_err(err, "connect");
	klog(KLOG_INFO, "printer", "tcp: connected to %s:%s", host, port);
	return 0;
}

static void
tcp_close(struct printer_dev *dev)
{
	struct tcp_priv *t = dev->priv;
	if (!t)
		return;
	if (t->fd >= 0)
		close(t->fd);
	free(t);
	dev->priv = NULL;
}

static int
tcp_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	struct tcp_priv *t = dev->priv;
	int to = timeout_ms > 0 ? timeout_ms : TCP_DEFAULT_TIMEOUT_MS;
	size_t off = 0;
	while (off < n) {
		struct pollfd p = {.fd = t->fd, .events = POLLOUT};
		int r = poll(&p, 1, to); /* the timeout counts from the last progress */
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			klog(KLOG_WARN, "printer",
			     "tcp: printer took nothing for %d ms (%zu of %zu)", to, off, n);
			return KERR_TIMEOUT;
		}
		if (r < 0)
			return errno_err(errno, "poll");
		ssize_t w = send(t->fd, data + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w < 0)
			return errno_err(errno, "send");
		off += (size_t)w;
	}
	return 0;
}

/* One byte within timeout_ms: 1, 0 on timeout, or a KERR_*. */
static int
read_byte(struct tcp_priv *t, int timeout_ms, uint8_t *b)
{
	struct pollfd p = {.fd = t->fd, .events = POLLIN};
	int r = poll(&p, 1, timeout_ms);
	if (r == 0)
		return 0;
	if (r < 0)
		return errno_err(errno, "poll");
	ssize_t got = recv(t->fd, b, 1, 0);
	if (got == 0)
		return KERR_NODEV; /* the peer closed */
	if (got < 0)
		return errno == EAGAIN ? 0 : errno_err(errno, "recv");
	return 1;
}

static int
tcp_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms)
{
	struct tcp_priv *t = dev->priv;
	int to = timeout_ms > 0 ? timeout_ms : 1000;
	uint8_t junk[256];
	ssize_t got;
	while ((got = recv(t->fd, junk, sizeof(junk), MSG_DONTWAIT)) > 0)
		; /* stale replies */
	if (got == 0)
		return KERR_NODEV;
	memset(st, 0, sizeof(*st));
	st->online = true;
	for (int n = ESCPOS_ST_PRINTER; n <= ESCPOS_ST_PAPER; n++) {
		uint8_t q[3], b = 0;
		escpos_status_query((enum escpos_status_kind)n, q);
		int rc = tcp_write(dev, q, sizeof(q), to);
		if (rc < 0)
			return rc;
		bool junk_seen = false;
		for (;;) {
			rc = read_byte(t, to, &b);
			if (rc < 0)
				return rc;
			if (rc == 0)
				return junk_seen ? KERR_PROTO : KERR_TIMEOUT;
			if (escpos_is_status_byte(b))
				break;
			junk_seen = true; /* ASB, XON/XOFF, noise: wait for the reply itself */
		}
		rc = escpos_status_parse((enum escpos_status_kind)n, b, st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const struct printer_ops printer_tcp_ops = {
        .name = "tcp",
        .open = tcp_open,
        .close = tcp_close,
        .write = tcp_write,
        .status = tcp_status,
        .control = NULL,
};
