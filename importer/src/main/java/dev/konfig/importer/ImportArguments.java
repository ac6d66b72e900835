package dev.konfig.importer;

import java.nio.file.Path;
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
 * @param filesRoot where the source's files are (the print back office's NAS); null when not given
 * @param referenceFiles {@code --reference}: files stay where they are; otherwise ({@code --copy},
 * the default) their bytes are copied into file-service's storage
 */
public record ImportArguments(String source, SourceDatabase from, String encryptionKey, Path filesRoot,
		boolean referenceFiles, boolean dryRun) {

	static final String USAGE = "usage: import konfig --from postgresql://USER@HOST:PORT/DB "
			+ "--encryption-key KEY [--dry-run]\n"
			+ "       import printshop --from postgresql://USER@HOST:PORT/DB --files-root DIR [--copy|--reference] "
			+ "[--dry-run]";

	public ImportArguments(String source, SourceDatabase from, String encryptionKey, boolean dryRun) {
		this(source, from, encryptionKey, null, false, dryRun);
	}

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
		String filesRoot = null;
		Boolean reference = null;
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--from" -> from = value(args, ++i, "--from");
				case "--encryption-key" -> key = value(args, ++i, "--encryption-key");
				case "--files-root" -> filesRoot = value(args, ++i, "--files-root");
				case "--copy", "--reference" -> {
					boolean referencing = "--reference".equals(args[i]);
					if (reference != null && reference != referencing) {
						throw new IllegalArgumentException("--copy and --reference exclude each other");
					}
					reference = referencing;
				}
				case "--dry-run" -> dryRun = true;
				default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
			}
		}
		if (from == null) {
			throw new IllegalArgumentException("--from is required");
		}
		return new ImportArguments(source, SourceDatabase.parse(from, environment.get("PGPASSWORD")),
				(key == null || key.isEmpty()) ? null : key, filesRoot == null ? null : Path.of(filesRoot),
				Boolean.TRUE.equals(reference), dryRun);
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
