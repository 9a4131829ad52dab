/*
 * registry.c - the list of every backend of every device class, looked up by name.
 * Adding a backend: write drivers/<class>/<name>.c exporting one ops symbol, add it here.
 */
#include "registry.h"

#include "card.h"
#include "clock.h"
#include "net.h"
#include "printer.h"

#include <string.h>

static const struct card_ops *const cards[] = {&card_pcsc_ops, &card_sim_ops};
static const struct printer_ops *const printers[] = {&printer_usb_ops, &printer_file_ops,
                                                     &printer_sim_ops, &printer_tcp_ops};
static const struct net_ops *const nets[] = {&net_curl_ops, &net_sim_ops};
static const struct clock_ops *const clocks[] = {&clock_system_ops, &clock_fake_ops};

#define FIND(table, name)                                                                          \
	for (size_t i = 0; name && i < sizeof(table) / sizeof(table[0]); i++)                      \
		if (strcmp(table[i]->name, name) == 0)                                             \
			return table[i];                                                           \
	return NULL

const struct card_ops *
registry_card(const char *name)
{
	FIND(cards, name);
}

const struct printer_ops *
registry_printer(const char *name)
{
	FIND(printers, name);
}

const struct net_ops *
registry_net(const char *name)
{
	FIND(nets, name);
}

const struct clock_ops *
registry_clock(const char *name)
{
	FIND(clocks, name);
}
