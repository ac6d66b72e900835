package dev.konfig.file.imports;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.lang.Nullable;

/**
 * Where the importer's referenced files may be ({@code KONFIG_FILE_IMPORTS_REFERENCE_ROOT}): the
 * old system's NAS as file-service sees it. Unset, references are refused (a service could
 * otherwise name any file of the machine), and only copies are accepted.
 */
@ConfigurationProperties("konfig.file.imports")
record ImportProperties(@Nullable String referenceRoot) {

	/** The reference root, or null when none is configured. */
	@Nullable
	Path root() {
		return (this.referenceRoot == null || this.referenceRoot.isBlank()) ? null : Path.of(this.referenceRoot);
	}

}
