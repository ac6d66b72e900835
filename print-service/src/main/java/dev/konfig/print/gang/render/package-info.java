/**
 * Rendering gang sheets in bounded memory (RN-2..RN-5): designs decoded (subsampled when much
 * larger than needed), resampled once and rotated, sheets composed in horizontal strips and
 * deflated into a PNG that is written as it is made.
 */
package dev.konfig.print.gang.render;
