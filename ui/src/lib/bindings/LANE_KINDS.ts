// Generated from travesia_core::kinds (the lane-kind table). Do not edit.
import type { KindSpec } from "./KindSpec";

/** Every lane kind, in the order the UI offers them, with what it decides. */
export const LANE_KINDS: readonly KindSpec[] = [
  {"kind":"actions","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#4C6EF5","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"touchpoints","holds":"text","one_per_stage":false,"touchpoints":true,"color":"#1098AD","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"thoughts","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#7950F2","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"emotions","holds":"score","one_per_stage":true,"touchpoints":false,"color":"#E8590C","drawing":"curve","pictures":false,"zone":"customer"},
  {"kind":"pains","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#E03131","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"opportunities","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#2F9E44","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"owners","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#495057","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"kpis","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#1C7ED6","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"funnel","holds":"value","one_per_stage":true,"touchpoints":false,"color":"#0C8599","drawing":"funnel","pictures":false,"zone":"customer"},
  {"kind":"metrics","holds":"metric","one_per_stage":false,"touchpoints":false,"color":"#364FC7","drawing":"metrics","pictures":false,"zone":"customer"},
  {"kind":"strategies","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#D6336C","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"images","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#0CA678","drawing":"cards","pictures":true,"zone":"customer"},
  {"kind":"text","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#868E96","drawing":"cards","pictures":false,"zone":"customer"},
  {"kind":"evidence","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#A0612B","drawing":"cards","pictures":false,"zone":"evidence"},
  {"kind":"frontstage","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#1864AB","drawing":"cards","pictures":false,"zone":"frontstage"},
  {"kind":"backstage","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#862E9C","drawing":"cards","pictures":false,"zone":"backstage"},
  {"kind":"support","holds":"text","one_per_stage":false,"touchpoints":false,"color":"#5C940D","drawing":"cards","pictures":false,"zone":"support"},
];
