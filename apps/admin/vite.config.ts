import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the UI runs on Vite's server and forwards API calls to the API on its default
// port; in production the API serves the built files itself, so calls stay same-origin.
const api = process.env['OPENPAYER_API_URL'] ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/v1': api, '/health': api, '/docs': api, '/openapi.json': api },
  },
  build: { sourcemap: true },
});
