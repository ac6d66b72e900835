/**
 * Volume limits at the gateway: token buckets in Redis (Spring Cloud Gateway's Redis rate
 * limiter) per API key, per user and organization, and per client address on the anonymous
 * endpoints, answered with 429 problems and the IETF RateLimit headers.
 */
package dev.konfig.gateway.ratelimit;
