package dev.konfig.audit.ingestion;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A batch larger than audit-service accepts in one transaction. */
class InvalidBatchException extends BadRequestException {

	InvalidBatchException(int max) {
		super("A batch carries at most " + max + " events",
				List.of(new FieldViolation("events", "must hold at most " + max + " events")));
	}

}
