/*
 * printer.h - the receipt printer device class, and printer profiles (data, not code).
 *
 * Backends: "usb" (printer/usb.c, libusb bulk transfers), "file" (printer/file.c, raw ESC/POS
 * appended to a file), "sim" (printer/sim.c: decodes the ESC/POS it receives and writes each cut
 * receipt as a PNG, answers status queries as configured). A printer_dev is used by one thread at
 * a time: the print worker in app/ owns it.
 */
#ifndef KIOSK_PRINTER_H
#define KIOSK_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kiosk_config;
struct printer_dev;

struct printer_profile {
	const char *name; /* "generic-80": the section of the profiles file */
	int width_dots;   /* printable width of a raster line, multiple of 8 */
	int dpi;
	int band_lines;            /* rows per GS v 0 block */
	uint16_t usb_vid, usb_pid; /* 0 = match by USB printer class */
	bool cutter;
	bool status; /* answers DLE EOT */
};

#define PRINTER_PROFILES_MAX     32
#define PRINTER_PROFILES_DEFAULT "drivers/printer/profiles/printers.ini"

/*
 * Loads the profiles of an INI file (drivers/printer/profiles/printers.ini documents the keys):
 * the number loaded, or KERR_NOTFOUND / KERR_CONFIG (a bad line or value; logged with the line).
 * Profiles are added or updated by name and never removed, so pointers stay valid. Any thread.
 */
int printer_profiles_load(const char *path);

/*
 * The profile called name, or NULL. Loads PRINTER_PROFILES_DEFAULT (relative to the working
 * folder) first when nothing was loaded yet. Static storage, valid until exit.
 */
const struct printer_profile *printer_profile_find(const char *name);

/*
 * "VID:PID" in hex (1..4 digits each, VID not 0) into *vid and *pid; "" gives 0 and 0 (match by
 * USB printer class). KERR_INVAL otherwise, with both 0. Shared by the profiles' usb_id and the
 * usb backend's device setting.
 */
int printer_parse_usb_id(const char *s, uint16_t *vid, uint16_t *pid);

struct printer_status {
	bool online;
	bool cover_open;
	bool paper_near_end;
	bool paper_out;
	bool error; /* cutter jam, overheating, unrecoverable */
};

struct printer_ops {
	const char *name;
	int (*open)(struct printer_dev *dev, const struct kiosk_config *cfg);
	void (*close)(struct printer_dev *dev); /* accepts a half-open dev */
	/* Writes all n bytes or fails; never a zero-length write. */
	int (*write)(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms);
	/* Optional: asks the printer for its state. NULL -> KERR_NOTSUP. */
	int (*status)(struct printer_dev *dev, struct printer_status *st, int timeout_ms);
	/* Optional: simulator control ("paper_out", "cover_open", "ok", "fail_after N"). */
	int (*control)(struct printer_dev *dev, const char *cmd);
};

struct printer_dev {
	const struct printer_ops *ops;
	const struct printer_profile *profile;
	void *priv;
};

int printer_open(struct printer_dev *dev,
                 const struct kiosk_config *cfg); /* cfg->printer_backend */
void printer_close(struct printer_dev *dev);
int printer_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms);
int printer_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms);
int printer_control(struct printer_dev *dev, const char *cmd);

/* Maps a status to the most important KERR_* (0 when ready to print). */
int printer_status_err(const struct printer_status *st);

extern const struct printer_ops printer_usb_ops;
extern const struct printer_ops printer_file_ops;
extern const struct printer_ops printer_sim_ops;
extern const struct printer_ops printer_tcp_ops;

#endif
