/**
 * An organization's shops (storefronts on Etsy, Shopify, ...): their configuration, their
 * platform credentials sealed at rest, and requests to synchronise them.
 */
package dev.konfig.tenant.shop;
