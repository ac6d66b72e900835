/** API keys and their exchange for short-lived access tokens. */
package dev.konfig.auth.apikey;
