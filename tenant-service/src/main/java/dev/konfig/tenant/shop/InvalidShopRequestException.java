package dev.konfig.tenant.shop;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A field of a shop request that breaks a rule of its own (400, naming the field). */
class InvalidShopRequestException extends BadRequestException {

	InvalidShopRequestException(String field, String message) {
		super("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

}
