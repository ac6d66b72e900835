package dev.konfig.print.system;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.security.KonfigPrincipal;

/** Who acts, as rows record it ({@code created_by}, history actors) and as events name it. */
public final class Actors {

	/** The lease sweeper and other work the service does by itself. */
	public static final AuditEvent.Actor SELF = new AuditEvent.Actor("print-service", "service");

	private Actors() {
	}

	public static AuditEvent.Actor of(KonfigPrincipal principal) {
		return new AuditEvent.Actor(principal.subject(), principal.type().claim());
	}

}
