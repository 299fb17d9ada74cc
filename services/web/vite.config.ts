/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// task-api, which the dev server and `vite preview` pass /api and /ws on to.
const api = process.env.API_URL ?? "http://127.0.0.1:8000";
const proxy = {
  "/api": { target: api, changeOrigin: true },
  "/ws": { target: api.replace(/^http/, "ws"), ws: true, changeOrigin: true },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: { target: "es2022", sourcemap: false },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
