// Generated from travesia_core::kinds (the lane-kind table). Do not edit.
import type { KindSpec } from "./KindSpec";

/** Every lane kind, in the order the UI offers them, with what it decides. */
export const LANE_KINDS: readonly KindSpec[] = [
  {"kind":"actions","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#4C6EF5","drawing":"cards"},
  {"kind":"touchpoints","holds":"text","one_per_stage":false,"touchpoints":true,"color":"#1098AD","drawing":"cards"},
  {"kind":"thoughts","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#7950F2","drawing":"cards"},
  {"kind":"emotions","holds":"score","one_per_stage":true,"touchpoints":false,"color":"#E8590C","drawing":"curve"},
  {"kind":"pains","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#E03131","drawing":"cards"},
  {"kind":"opportunities","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#2F9E44","drawing":"cards"},
  {"kind":"owners","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#495057","drawing":"cards"},
  {"kind":"kpis","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#1C7ED6","drawing":"cards"},
  {"kind":"funnel","holds":"value","one_per_stage":true,"touchpoints":false,"color":"#0C8599","drawing":"funnel"},
  {"kind":"strategies","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#D6336C","drawing":"cards"},
  {"kind":"text","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#868E96","drawing":"cards"},
];
