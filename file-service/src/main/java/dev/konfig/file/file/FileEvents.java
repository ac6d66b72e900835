package dev.konfig.file.file;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Mono;

/**
 * The audit events of files (spec §12, entity {@code file}), appended to the outbox: callers
 * run these inside the change's transaction. Nothing secret is in them; a deduplicated upload
 * records nothing.
 */
@Component
public class FileEvents {

	private final Outbox outbox;

	FileEvents(Outbox outbox) {
		this.outbox = outbox;
	}

	public Mono<Void> uploaded(StoredFile file) {
		Map<String, Object> data = summary(file);
		data.put("mime_type", file.mimeType());
		data.put("width_px", file.image().widthPx());
		data.put("height_px", file.image().heightPx());
		data.put("dpi_x", file.image().dpiX());
		data.put("dpi_y", file.image().dpiY());
		return record(file, "file.uploaded", AuditEvent.SUCCESS, data);
	}

	public Mono<Void> uploadFailed(StoredFile file, String reason) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("filename", file.filename());
		data.put("file_type", file.fileType());
		data.put("reason", reason);
		return record(file, "file.upload_failed", AuditEvent.FAILURE, data);
	}

	public Mono<Void> updated(StoredFile after, Map<String, Object> before, Map<String, Object> changed) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("filename", after.filename());
		data.put("before", before);
		data.put("after", changed);
		return record(after, "file.updated", AuditEvent.SUCCESS, data);
	}

	public Mono<Void> archived(StoredFile file) {
		return record(file, "file.archived", AuditEvent.SUCCESS, summary(file));
	}

	public Mono<Void> restored(StoredFile file) {
		return record(file, "file.restored", AuditEvent.SUCCESS, summary(file));
	}

	public Mono<Void> deleted(StoredFile file) {
		return record(file, "file.deleted", AuditEvent.SUCCESS, summary(file));
	}

	public Mono<Void> append(AuditEvent event) {
		return this.outbox.appendFromRequest(event);
	}

	private static Map<String, Object> summary(StoredFile file) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("filename", file.filename());
		data.put("file_type", file.fileType());
		data.put("file_size", file.fileSize());
		data.put("sha256", file.sha256());
		return data;
	}

	private Mono<Void> record(StoredFile file, String type, String outcome, Map<String, Object> data) {
		return this.outbox
			.appendFromRequest(AuditEvent.of(file.organizationId(), type, "file", file.id(), outcome, data));
	}

}
