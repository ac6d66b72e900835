package dev.konfig.file.upload;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.konfig.file.system.FileProblem;
import dev.konfig.file.system.FileProperties;

/**
 * Uploads in flight on this replica, per organization and in all (FS-8). Beyond either limit
 * an upload is refused with 429 and {@code Retry-After} before its body is read.
 */
@Component
class UploadSlots {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final ConcurrentHashMap<UUID, AtomicInteger> perOrganization = new ConcurrentHashMap<>();

	private final AtomicInteger total = new AtomicInteger();

	private final int maxPerOrganization;

	private final int max;

	UploadSlots(FileProperties properties) {
		this.maxPerOrganization = properties.maxConcurrentUploadsPerOrganization();
		this.max = properties.maxConcurrentUploads();
	}

	/** A slot for one upload of the organization; release it exactly once when the upload ends. */
	Slot acquire(UUID organizationId) {
		if (this.total.incrementAndGet() > this.max) {
			this.total.decrementAndGet();
			throw FileProblem.tooManyUploads("This server has too many uploads in flight; retry shortly",
					RETRY_AFTER);
		}
		AtomicInteger count = this.perOrganization.computeIfAbsent(organizationId, id -> new AtomicInteger());
		if (count.incrementAndGet() > this.maxPerOrganization) {
			count.decrementAndGet();
			this.total.decrementAndGet();
			throw FileProblem.tooManyUploads("The organization has " + this.maxPerOrganization
					+ " uploads in flight already; retry when one has finished", RETRY_AFTER);
		}
		return new Slot(organizationId, count);
	}

	int inFlight() {
		return this.total.get();
	}

	/** One upload's place; releasing twice is harmless. */
	final class Slot {

		private final UUID organizationId;

		private final AtomicInteger count;

		private final AtomicBoolean released = new AtomicBoolean();

		private Slot(UUID organizationId, AtomicInteger count) {
			this.organizationId = organizationId;
			this.count = count;
		}

		void release() {
			if (this.released.compareAndSet(false, true)) {
				UploadSlots.this.total.decrementAndGet();
				if (this.count.decrementAndGet() <= 0) {
					UploadSlots.this.perOrganization.remove(this.organizationId, this.count);
				}
			}
		}

	}

}
