/**
 * What the services receive: exactly one bearer credential, no client-sent identity or
 * forwarding headers, and forwarding headers written by the gateway itself.
 */
package dev.konfig.gateway.headers;
