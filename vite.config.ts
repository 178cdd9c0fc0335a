import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The browser app lives in client/ and is built into dist/client, which the server serves.
// `npm run dev:client` proxies the API and Socket.IO to a server on :3000.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
