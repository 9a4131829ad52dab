/*
 * policy.c - which services the home screen offers, and whether one may start now (see
 * engine_internal.h). A service is offered when it is for one of the person's roles (any role
 * while the backend could not be asked: the home screen then says which ones need it); it may
 * start when what it needs is there: the backend for one that asks it something, the offline
 * policy's leave for one that commits while the backend is unreachable, a working printer for
 * one that prints, a working reader for one that needs a second card, a chosen establishment.
 */
#include "../../common/kerr.h"
#include "engine_internal.h"

static bool
has_step(const struct svc_def *def, enum svc_step_kind kind)
{
	for (int i = 0; i < def->nsteps; i++)
		if (def->steps[i].kind == kind &&
		    (kind != SVC_STEP_QUERY || !def->steps[i].query->local))
			return true; /* a local question (the outbox) needs no backend */
	return false;
}

bool
policy_visible(const struct engine *e, const struct svc_def *def)
{
	unsigned roles = e->s.nparties > 0 ? e->s.party[0].roles : 0;
	if (def->needs & SVC_NEED_TECHNICIAN)
		return e->signed_in && (roles & SVC_ROLE_TECHNICIAN);
	if (!e->signed_in)
		return true; /* roles unknown: everything, refused where it needs the backend */
	if (def->roles != SVC_ROLE_ANY && !(def->roles & roles))
		return false;
	if ((def->needs & SVC_NEED_ESTABLISHMENT) && !session_get(&e->s, "establishment"))
		return false;
	return true;
}

const char *
policy_refusal(const struct engine *e, const struct svc_def *def)
{
	bool asks = (def->needs & SVC_NEED_ONLINE) || has_step(def, SVC_STEP_QUERY);
	if (!e->online || !e->signed_in) {
		if (asks)
			return "refused.needs_connection";
		if (has_step(def, SVC_STEP_COMMIT) && e->p.offline_allowed &&
		    e->p.offline_allowed(e->p.ctx, def->id, def->offline_ok) == KERR_OFFLINE)
			return def->offline_ok ? "refused.offline_limit"
			                       : "refused.needs_connection";
	}
	if ((def->needs & SVC_NEED_PRINTER) && e->printer_state == UI_DEV_FAULT)
		return "refused.printer";
	if ((def->needs & SVC_NEED_SECOND_PARTY) && e->card_state == UI_DEV_FAULT)
		return "refused.reader";
	if ((def->needs & SVC_NEED_ESTABLISHMENT) && !session_get(&e->s, "establishment"))
		return "refused.establishment";
	return NULL;
}
