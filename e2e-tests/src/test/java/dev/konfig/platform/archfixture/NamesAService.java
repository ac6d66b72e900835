package dev.konfig.platform.archfixture;

import dev.konfig.print.archfixture.PrintJob;

/** Platform code that knows a service: what the rules forbid. */
public final class NamesAService {

	private NamesAService() {
	}

	public static String jobId(PrintJob job) {
		return job.id();
	}

}
