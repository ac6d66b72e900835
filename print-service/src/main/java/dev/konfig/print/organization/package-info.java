/** Forgetting a deleted organization (XS-4). */
package dev.konfig.print.organization;
