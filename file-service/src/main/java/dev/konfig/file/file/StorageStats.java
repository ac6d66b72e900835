package dev.konfig.file.file;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of storage stats (FS-16, FS-17) from count rows: totals and {@code by_type} of
 * stored files that are not archived, counts {@code by_status}, and archived files apart.
 */
public final class StorageStats {

	private StorageStats() {
	}

	public static Map<String, Object> summary(List<FileRepository.TypeStatusCount> rows) {
		long totalFiles = 0;
		long totalBytes = 0;
		long archivedFiles = 0;
		long archivedBytes = 0;
		Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
		Map<String, Long> byStatus = new LinkedHashMap<>();
		for (FileType type : FileType.values()) {
			byType.put(type.value(), counts(0, 0));
		}
		for (FileStatus status : FileStatus.values()) {
			byStatus.put(status.value(), 0L);
		}
		for (FileRepository.TypeStatusCount row : rows) {
			byStatus.merge(row.status(), row.count(), Long::sum);
			if (FileStatus.ARCHIVED.value().equals(row.status())) {
				archivedFiles += row.count();
				archivedBytes += row.bytes();
			}
			else if (FileStatus.READY.value().equals(row.status()) || FileStatus.PROCESSING.value().equals(row.status())) {
				totalFiles += row.count();
				totalBytes += row.bytes();
				Map<String, Long> type = byType.computeIfAbsent(row.fileType(), name -> counts(0, 0));
				type.merge("count", row.count(), Long::sum);
				type.merge("bytes", row.bytes(), Long::sum);
			}
		}
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("total_files", totalFiles);
		stats.put("total_bytes", totalBytes);
		stats.put("by_type", byType);
		stats.put("by_status", byStatus);
		stats.put("archived", counts(archivedFiles, archivedBytes));
		return stats;
	}

	private static Map<String, Long> counts(long count, long bytes) {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put("count", count);
		counts.put("bytes", bytes);
		return counts;
	}

}
