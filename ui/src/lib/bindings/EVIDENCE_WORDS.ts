// Generated from travesia_core::model (a card's evidence). Do not edit.

/** The words a card's evidence takes: how sure the team is of it (from least to most), and where it comes from. */
export const EVIDENCE_WORDS = {
  confidences: ["assumption","some_evidence","validated"],
  sources: ["interview","survey","analytics","observation","assumption"],
  colors: {"assumption":"#D9480F","some_evidence":"#1971C2","validated":"#2B8A3E"},
} as const;
