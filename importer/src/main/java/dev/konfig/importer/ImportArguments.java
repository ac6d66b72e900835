package dev.konfig.importer;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line. The encryption key may come from {@code KONFIG_IMPORT_ENCRYPTION_KEY}
 * instead of {@code --encryption-key}, so it need not show in the process list.
 *
 * @param from the source database, {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB}
 * @param encryptionKey the source's encryption key (konfig's {@code ENCRYPTION_KEY}); null when
 * none was given
 */
public record ImportArguments(String source, SourceDatabase from, String encryptionKey, boolean dryRun) {

	static final String USAGE = "usage: import <source> --from postgresql://USER@HOST:PORT/DB "
			+ "[--encryption-key KEY] [--dry-run]";

	static ImportArguments parse(String[] args, Map<String, String> environment, Set<String> sources) {
		if (args.length == 0) {
			throw new IllegalArgumentException("name the source: one of " + new TreeSet<>(sources));
		}
		String source = args[0];
		if (!sources.contains(source)) {
			throw new IllegalArgumentException("unknown source '" + source + "': one of " + new TreeSet<>(sources));
		}
		String from = null;
		String key = environment.get("KONFIG_IMPORT_ENCRYPTION_KEY");
		boolean dryRun = false;
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--from" -> from = value(args, ++i, "--from");
				case "--encryption-key" -> key = value(args, ++i, "--encryption-key");
				case "--dry-run" -> dryRun = true;
				default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
			}
		}
		if (from == null) {
			throw new IllegalArgumentException("--from is required");
		}
		return new ImportArguments(source, SourceDatabase.parse(from, environment.get("PGPASSWORD")),
				(key == null || key.isEmpty()) ? null : key, dryRun);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length || args[index].startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	@Override
	public String toString() {
		return "ImportArguments[source=" + this.source + ", from=" + this.from + ", dryRun=" + this.dryRun + "]";
	}

}
