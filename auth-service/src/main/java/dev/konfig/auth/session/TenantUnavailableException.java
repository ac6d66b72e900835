package dev.konfig.auth.session;

import dev.konfig.platform.web.ServiceUnavailableException;

/** tenant-service did not answer in time, failed, or its circuit is open. */
class TenantUnavailableException extends ServiceUnavailableException {

	TenantUnavailableException() {
		super("The organization service is unavailable; try again later");
	}

}
