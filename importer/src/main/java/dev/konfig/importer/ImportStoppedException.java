package dev.konfig.importer;

/** The run cannot go on: the source cannot be read, or the suite cannot be reached. */
public class ImportStoppedException extends RuntimeException {

	public ImportStoppedException(String message) {
		super(message);
	}

	public ImportStoppedException(String message, Throwable cause) {
		super(message, cause);
	}

}
