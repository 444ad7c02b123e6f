/**
 * The version the About dialog shows. Kept by hand in step with ui/package.json and
 * src-tauri/tauri.conf.json (about.test.ts fails when they part).
 */
export const APP_VERSION = '0.1.0';
