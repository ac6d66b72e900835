import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the build under its root; hashed files go to assets/ (cached for a year).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/konfig-console',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/v3': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
