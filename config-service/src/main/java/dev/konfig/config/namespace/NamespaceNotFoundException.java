package dev.konfig.config.namespace;

import dev.konfig.platform.web.NotFoundException;

/** No namespace of the caller's organization has this id or name. */
public class NamespaceNotFoundException extends NotFoundException {

	public NamespaceNotFoundException(String reference) {
		super("Namespace", reference);
	}

}
