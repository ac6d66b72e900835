package dev.konfig.platform.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request body Jackson refused, told to the client as a 400 naming the field by its JSON path
 * ({@code settings.limits[2]}, in the snake_case names of the wire) and saying what the value
 * must be. The detail never repeats the value: it may be hostile (NUL, a megabyte of text) or a
 * secret.
 */
record JsonInputProblem(String field, String message) {

	/** The problem for an input error caused by Jackson, or null when Jackson had no part in it. */
	static JsonInputProblem of(Throwable error) {
		JacksonException jackson = find(error);
		if (jackson == null) {
			return null;
		}
		if (jackson instanceof StreamConstraintsException) {
			return new JsonInputProblem(null, "The request body exceeds the limits of nesting depth, "
					+ "number length or string length");
		}
		String field = path(jackson);
		if (jackson instanceof UnsafeInputException unsafe) {
			return new JsonInputProblem(field, unsafe.rule());
		}
		if (jackson instanceof MismatchedInputException mismatch && field != null) {
			return new JsonInputProblem(field, "must be " + expected(mismatch.getTargetType()));
		}
		if (jackson instanceof ValueInstantiationException instantiation && field != null) {
			// A creator refused the value (an enum's name it does not know, a number for it).
			return new JsonInputProblem(field, "must be " + expected(instantiation.getType().getRawClass()));
		}
		return null;
	}

	ProblemDetail toProblem(String instance) {
		if (this.field == null) {
			return Problems.of(HttpStatus.BAD_REQUEST, this.message, instance, List.of());
		}
		return Problems.of(HttpStatus.BAD_REQUEST, "'" + this.field + "' " + this.message, instance,
				List.of(new FieldViolation(this.field, this.message)));
	}

	private static JacksonException find(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return jackson;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private static String path(JacksonException error) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : error.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? null : path.toString();
	}

	private static String expected(Class<?> type) {
		if (type == null || JsonNode.class.isAssignableFrom(type)) {
			return "a valid JSON value";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "a boolean";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class || type == BigInteger.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
				|| type == BigDecimal.class) {
			return "a number";
		}
		if (type.isEnum()) {
			return "one of the allowed values";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "an object";
		}
		return "a value of the expected type";
	}

}
