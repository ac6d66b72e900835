/**
 * The suite's public health answer at {@code GET /health}, in konfig's shape, from the
 * readiness of the services behind the gateway.
 */
@NonNullApi
package dev.konfig.gateway.health;

import org.springframework.lang.NonNullApi;
