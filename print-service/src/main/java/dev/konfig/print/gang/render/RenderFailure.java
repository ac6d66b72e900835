package dev.konfig.print.gang.render;

/**
 * Why a job's rendering failed, as the job's {@code state_reason} ({@code file-missing},
 * {@code file-unreadable}, {@code unsupported-color-space}, …) and a message for people.
 */
public class RenderFailure extends RuntimeException {

	private final String reason;

	public RenderFailure(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	public RenderFailure(String reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public String reason() {
		return this.reason;
	}

}
