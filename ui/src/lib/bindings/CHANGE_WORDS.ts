// Generated from travesia_core::compare and the layout's colours. Do not edit.

/** A comparison's changes, in the legend's order, and the colour each is drawn in. */
export const CHANGE_WORDS = {
  order: ["added","removed","moved","changed"],
  colors: {"added":"#2B8A3E","removed":"#C92A2A","moved":"#1971C2","changed":"#E67700"},
} as const;
