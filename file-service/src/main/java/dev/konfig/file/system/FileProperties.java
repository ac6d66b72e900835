package dev.konfig.file.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.konfig.file.file.FileType;

/**
 * file-service's own settings ({@code konfig.file.*}).
 *
 * @param storageRoot the directory every file lives under; shared by the replicas
 * @param maxSize the largest file accepted (413 beyond)
 * @param idleTimeout an upload that sends no byte for this long is cut (408)
 * @param minFreeBytes the free space an upload must leave on the storage (507 otherwise)
 * @param defaultQuotaBytes an organization's quota unless a platform admin set another
 * @param defaultMaxFiles an organization's file count limit unless a platform admin set another
 * @param maxConcurrentUploadsPerOrganization uploads in flight per organization on one replica
 * @param maxConcurrentUploads uploads in flight on one replica
 * @param uploadStaleAfter an upload without progress for this long is abandoned by the sweep
 * @param failedRetention how long failed rows stay before the sweep removes them
 * @param allowedTypes detected media types allowed per file type:
 * {@code type,type:media,media;type:*} ({@code *} allows anything)
 * @param resumableExpiry how long a resumable upload session lives after its last chunk
 * @param sweepInterval how often the upload sweep runs
 * @param orphanSweepInterval how often stored blobs are compared with the rows
 */
@ConfigurationProperties("konfig.file")
public record FileProperties(@DefaultValue(".run/files") Path storageRoot, @DefaultValue("4GB") DataSize maxSize,
		@DefaultValue("60s") Duration idleTimeout, @DefaultValue("1GB") DataSize minFreeBytes,
		@DefaultValue("50GB") DataSize defaultQuotaBytes, @DefaultValue("100000") int defaultMaxFiles,
		@DefaultValue("8") int maxConcurrentUploadsPerOrganization, @DefaultValue("64") int maxConcurrentUploads,
		@DefaultValue("1h") Duration uploadStaleAfter, @DefaultValue("7d") Duration failedRetention,
		@DefaultValue(DEFAULT_ALLOWED_TYPES) String allowedTypes, @DefaultValue("24h") Duration resumableExpiry,
		@DefaultValue("5m") Duration sweepInterval, @DefaultValue("24h") Duration orphanSweepInterval) {

	static final String DEFAULT_ALLOWED_TYPES = "original,design,mockup,watermark,template,print_file:"
			+ "image/png,image/jpeg,image/tiff,image/webp,image/gif,image/svg+xml,application/pdf,"
			+ "image/vnd.adobe.photoshop;export,other:*";

	public FileProperties {
		if (maxSize.toBytes() < 1) {
			throw new IllegalArgumentException("konfig.file.max-size must be positive");
		}
		if (maxConcurrentUploadsPerOrganization < 1 || maxConcurrentUploads < 1) {
			throw new IllegalArgumentException("konfig.file.max-concurrent-uploads* must be at least 1");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("konfig.file.idle-timeout must be positive");
		}
		allowedByType(allowedTypes);
	}

	/** The allowed media types of each file type; an empty set means anything. */
	public Map<FileType, Set<String>> allowed() {
		return allowedByType(this.allowedTypes);
	}

	private static Map<FileType, Set<String>> allowedByType(String spec) {
		Map<FileType, Set<String>> allowed = new LinkedHashMap<>();
		for (String entry : spec.split(";")) {
			if (entry.isBlank()) {
				continue;
			}
			int colon = entry.indexOf(':');
			if (colon < 0) {
				throw new IllegalArgumentException("konfig.file.allowed-types: '" + entry + "' has no ':'");
			}
			List<String> media = List.of(entry.substring(colon + 1).trim().split("\\s*,\\s*"));
			Set<String> types = media.contains("*") ? Set.of() : Set.copyOf(media);
			for (String name : entry.substring(0, colon).split(",")) {
				FileType type = FileType.parse(name.trim())
					.orElseThrow(() -> new IllegalArgumentException(
							"konfig.file.allowed-types: '" + name.trim() + "' is not a file type"));
				allowed.put(type, types);
			}
		}
		for (FileType type : FileType.values()) {
			if (!allowed.containsKey(type)) {
				throw new IllegalArgumentException("konfig.file.allowed-types names no media types for " + type.value());
			}
		}
		return Map.copyOf(allowed);
	}

}
