/** Platform administrators' view of files: usage of every organization and per-organization quotas (FS-15). */
package dev.konfig.file.admin;
