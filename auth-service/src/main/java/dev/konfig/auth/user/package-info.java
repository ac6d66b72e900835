/** Users and their memberships in organizations. */
package dev.konfig.auth.user;
