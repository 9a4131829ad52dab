/*
 * table.h - every service of the kiosk. The table is made by the build (scripts/gen-services)
 * from the files services/svc_<name>.c, each of which defines `const struct svc_def
 * svc_<name>`: adding a service is adding its file. The order of the home screen is the
 * services' own `order` (the engine sorts), not the table's.
 */
#ifndef KIOSK_SERVICES_TABLE_H
#define KIOSK_SERVICES_TABLE_H

#include "svc.h"

extern const struct svc_def *const services_all[];
extern const int services_count;

#endif
