package dev.konfig.file.file;

import dev.konfig.platform.web.NotFoundException;

/** No file of the caller's organization has this id (or the id is no id at all). */
public class FileNotFoundException extends NotFoundException {

	public FileNotFoundException(String reference) {
		super("File", reference);
	}

}
