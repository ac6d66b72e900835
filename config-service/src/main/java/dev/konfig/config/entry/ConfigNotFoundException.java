package dev.konfig.config.entry;

import dev.konfig.platform.web.NotFoundException;

/** The namespace has no config of this key (or no such version of it). */
class ConfigNotFoundException extends NotFoundException {

	ConfigNotFoundException(String key) {
		super("Config", key);
	}

	ConfigNotFoundException(String key, long version) {
		super("Version " + version + " of config '" + key + "' was not found");
	}

}
