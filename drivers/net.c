/*
 * net.c - wrappers of the network class (see net.h): the only entry points callers use.
 *
 * Picks the backend by name through the registry, initialises the caller's response before
 * every request (so kbuf_free() is always safe), and checks arguments once for every backend.
 * net_global_init()/net_global_cleanup() live in net/curl.c because only drivers/net/ may
 * include the curl headers.
 */
#include "net.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "registry.h"

#include <string.h>

int
net_open(struct net_dev *dev, const struct kiosk_config *cfg)
{
	memset(dev, 0, sizeof(*dev));
	const struct net_ops *ops = registry_net(cfg->net_backend);
	if (!ops) {
		klog(KLOG_ERR, "net", "no network backend called '%s'", cfg->net_backend);
		return KERR_CONFIG;
	}
	dev->ops = ops;
	int rc = ops->open(dev, cfg);
	if (rc < 0) {
		ops->close(dev);
		dev->ops = NULL;
		dev->priv = NULL;
	}
	return rc;
}

void
net_close(struct net_dev *dev)
{
	if (!dev)
		return;
	if (dev->ops)
		dev->ops->close(dev);
	dev->ops = NULL;
	dev->priv = NULL;
}

int
net_request(struct net_dev *dev, const struct net_request *req, struct net_response *resp)
{
	resp->status = 0;
	kbuf_init(&resp->body, NET_RESP_MAX);
	if (!dev->ops)
		return KERR_STATE;
	if (!req->method || !req->path || req->path[0] != '/' || (req->body_len && !req->body))
		return KERR_INVAL;
	return dev->ops->request(dev, req, resp);
}

int
net_control(struct net_dev *dev, const char *cmd)
{
	if (!dev->ops)
		return KERR_STATE;
	if (!dev->ops->control)
		return KERR_NOTSUP;
	return dev->ops->control(dev, cmd);
}
