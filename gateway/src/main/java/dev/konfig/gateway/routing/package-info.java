/** Routing guards and fallbacks: paths never routed and the answer of a failed upstream. */
package dev.konfig.gateway.routing;
