package dev.konfig.file.upload;

import dev.konfig.file.file.StoredFile;

/** A finished upload: the stored file, and whether it was there already (deduplicated). */
record UploadResult(StoredFile file, boolean deduplicated) {
}
