/** Reactions to other services' events: forgetting a deleted organization's files. */
package dev.konfig.file.organization;
