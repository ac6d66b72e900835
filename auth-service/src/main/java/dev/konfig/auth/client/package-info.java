/** OAuth2 client credentials for the suite services. */
package dev.konfig.auth.client;
