import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const gateway = process.env.KONFIG_GATEWAY_URL ?? 'http://localhost:8080';
const proxy = { '^/(api|v3)/': gateway };

// The gateway serves the build under its root; hashed files go to assets/ (cached for a year).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/konfig-console',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  // `npx vite` (development) and `npx vite preview` pass the API to a running gateway.
  server: { proxy },
  preview: {
    proxy,
    // The gateway's policy (ConsoleConfiguration), so a preview shows what production refuses.
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
