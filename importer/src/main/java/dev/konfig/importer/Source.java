package dev.konfig.importer;

/** One product whose database can be brought into the suite. */
public interface Source {

	/**
	 * Reads the source database named by the arguments and sends every item to the suite,
	 * recording each outcome in the report. Throws {@link ImportStoppedException} when the run
	 * cannot go on (what was sent so far stays, and a new run resumes).
	 */
	void run(ImportArguments arguments, SuiteTarget suite, Report report, Progress progress);

}
