/*
 * listen.h - escpos-render's virtual network printer mode (listen.c).
 */
#ifndef KIOSK_ESCPOS_RENDER_LISTEN_H
#define KIOSK_ESCPOS_RENDER_LISTEN_H

/* Serves HOST:PORT (port 0: any free one) until SIGTERM; the exit status. */
int listen_main(const char *hostport, const char *profile, const char *outdir);

#endif
