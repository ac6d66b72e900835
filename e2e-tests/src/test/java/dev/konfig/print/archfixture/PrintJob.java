package dev.konfig.print.archfixture;

/** A class of another (future) service, for {@code dev.konfig.e2e.ArchitectureTests} to import wrongly. */
public record PrintJob(String id) {
}
