package dev.konfig.audit.chain;

import java.util.UUID;

import org.springframework.lang.Nullable;

/**
 * The outcome of recomputing a range of one organization's chain.
 *
 * @param intact whether every checked link holds
 * @param checked events checked, up to and including the first broken one
 * @param firstBroken the first broken link in chain order; {@code null} when intact
 */
public record Verification(boolean intact, long checked, @Nullable BrokenLink firstBroken) {

	/**
	 * @param id the event whose stored hash does not match
	 * @param sequence its place in the organization's chain
	 * @param reason what does not match
	 */
	public record BrokenLink(UUID id, long sequence, String reason) {
	}

}
