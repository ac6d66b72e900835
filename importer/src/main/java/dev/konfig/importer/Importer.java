package dev.konfig.importer;

import java.io.PrintStream;
import java.util.Map;

import dev.konfig.importer.konfig.KonfigSource;
import dev.konfig.importer.printshop.PrintshopSource;

/**
 * {@code importer <source> --from postgresql://USER@HOST:PORT/DB [source options] [--dry-run]}.
 * Exit status: 0 when every item was imported or already there, 1 when some were refused (the
 * report says which and why), 2 when the run stopped (bad arguments, unreadable source, the
 * suite unreachable); a stopped run can simply be started again.
 */
public final class Importer {

	/** Every source the command knows; a new one is one more entry. */
	static final Map<String, Source> SOURCES = Map.of(KonfigSource.NAME, new KonfigSource(), PrintshopSource.NAME,
			new PrintshopSource());

	private Importer() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	/** Runs one import; {@code out} gets the report, {@code err} progress and failures. */
	public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
		ImportArguments arguments;
		try {
			arguments = ImportArguments.parse(args, environment, SOURCES.keySet());
		}
		catch (IllegalArgumentException ex) {
			err.println("import: " + ex.getMessage());
			err.println(ImportArguments.USAGE);
			return 2;
		}
		Report report = new Report(arguments.source(), arguments.dryRun());
		try (SuiteTarget suite = SuiteTarget.fromEnvironment(environment, arguments.dryRun())) {
			SOURCES.get(arguments.source()).run(arguments, suite, report, new Progress(err));
		}
		catch (ImportStoppedException ex) {
			report.stopped(ex.getMessage());
		}
		catch (RuntimeException ex) {
			// Whatever went wrong, the report of what was done so far is still printed.
			report.stopped("unexpected failure: " + ex);
		}
		report.print(out);
		return report.exitStatus();
	}

}
