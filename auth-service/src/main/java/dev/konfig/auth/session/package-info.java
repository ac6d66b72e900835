/** Registration, login, refresh, logout, organization switch and the tenant-service client. */
package dev.konfig.auth.session;
