package dev.konfig.tenant.shop;

import dev.konfig.platform.web.NotFoundException;

/** Unknown, deleted, or another organization's shop: all answer the same 404. */
class ShopNotFoundException extends NotFoundException {

	ShopNotFoundException(Object id) {
		super("Shop", id);
	}

	/** The organization in the path is not one of the caller's (or does not exist). */
	static NotFoundException organization(Object organizationId) {
		return new NotFoundException("Organization", organizationId);
	}

}
