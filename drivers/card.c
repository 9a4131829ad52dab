/*
 * card.c - wrappers of the card class (see card.h): the one home for argument checks and for
 * turning a missing optional op into KERR_NOTSUP. Backends are found through registry.c.
 */
#include "card.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "registry.h"

#include <string.h>

int
card_open(struct card_dev *dev, const struct kiosk_config *cfg)
{
	memset(dev, 0, sizeof(*dev));
	const struct card_ops *ops = registry_card(cfg->card_backend);
	if (!ops) {
		klog(KLOG_ERR, "card", "no card backend called '%s'", cfg->card_backend);
		return KERR_CONFIG;
	}
	dev->ops = ops;
	int rc = ops->open(dev, cfg);
	if (rc < 0) {
		ops->close(dev);
		dev->ops = NULL;
	}
	return rc;
}

void
card_close(struct card_dev *dev)
{
	if (dev->ops)
		dev->ops->close(dev);
	dev->ops = NULL;
	dev->priv = NULL;
}

int
card_wait(struct card_dev *dev, int timeout_ms, enum card_event *out)
{
	*out = CARD_EV_NONE;
	if (!dev->ops)
		return KERR_STATE;
	return dev->ops->wait(dev, timeout_ms, out);
}

int
card_connect(struct card_dev *dev, uint8_t *atr, size_t *atr_len)
{
	if (!dev->ops || *atr_len < CARD_ATR_MAX)
		return KERR_INVAL;
	return dev->ops->connect(dev, atr, atr_len);
}

void
card_disconnect(struct card_dev *dev)
{
	if (dev->ops && dev->ops->disconnect)
		dev->ops->disconnect(dev);
}

int
card_transmit(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen)
{
	if (!dev->ops || n < 4 || n > CARD_APDU_MAX || *rlen < 2)
		return KERR_INVAL;
	int rc = dev->ops->transmit(dev, apdu, n, resp, rlen);
	if (rc == 0 && *rlen < 2)
		return KERR_BADCARD; /* every answer ends in SW1 SW2 */
	return rc;
}

int
card_control(struct card_dev *dev, const char *cmd)
{
	if (!dev->ops || !dev->ops->control)
		return KERR_NOTSUP;
	return dev->ops->control(dev, cmd);
}

void
card_cancel(struct card_dev *dev)
{
	if (dev->ops && dev->ops->cancel)
		dev->ops->cancel(dev);
}
