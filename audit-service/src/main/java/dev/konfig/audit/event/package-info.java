/** Reading the trail: lists, single events, entity trails, actor activity, exports, verification. */
package dev.konfig.audit.event;
