package dev.konfig.print.system;

import java.util.UUID;

import dev.konfig.platform.web.NotFoundException;

/** Ids in paths: one that is not even a UUID names no resource, so it is a 404, not a 400. */
public final class PathIds {

	private PathIds() {
	}

	public static UUID of(String resource, String id) {
		try {
			UUID parsed = UUID.fromString(id);
			if (parsed.toString().equalsIgnoreCase(id)) {
				return parsed;
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to 404
		}
		throw new NotFoundException("The " + resource + " was not found");
	}

}
