// The IPC types generated from Rust (ts-rs). Import from here, not from the single files.
export type { AppError } from "./AppError";
export type { ErrorCode } from "./ErrorCode";
export type { MapSummary } from "./MapSummary";
export type { TemplateInfo } from "./TemplateInfo";
