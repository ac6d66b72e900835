/**
 * Cross-cutting web pieces every Konfig service shares: RFC 9457 problem responses for
 * domain exceptions, the request id, and log correlation.
 */
@NonNullApi
package dev.konfig.platform.web;

import org.springframework.lang.NonNullApi;
