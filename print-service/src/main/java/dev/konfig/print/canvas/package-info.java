/** Canvas configs (spec §2): print sizes of product designs with gang-sheet DPI and spacing. */
package dev.konfig.print.canvas;
