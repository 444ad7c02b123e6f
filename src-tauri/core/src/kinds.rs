//! The lane kinds, and everything a kind decides, in one table: what its
//! cards hold, whether a stage takes more than one, whether they are
//! touchpoints, the colour a lane of the kind takes when it sets none, and
//! how its row is drawn. The layout, the edits, the reader and the UI (which
//! gets the table as `ui/src/lib/bindings/LANE_KINDS.ts`) all read it here.
//!
//! A new kind is a variant of [`LaneKind`], its name in `as_str`, and its row
//! in [`LaneKind::spec`] (the compiler lists each match that must learn it).

use serde::{Deserialize, Serialize};

/// The kinds of lane (rows of the map), in the order the UI offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    Actions,
    Touchpoints,
    Thoughts,
    Emotions,
    Pains,
    Opportunities,
    Owners,
    Kpis,
    Funnel,
    Strategies,
    Text,
}

/// What a card of a lane holds besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Holds {
    /// Text only.
    Text,
    /// An emotion score from −2 to +2 (a point of the curve), and a note.
    Score,
    /// A number (a funnel bar), and a label.
    Value,
}

/// How a lane's row is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Drawing {
    /// Cards stacked in each cell.
    Cards,
    /// The emotion curve through one point per stage.
    Curve,
    /// Funnel bars, one per stage.
    Funnel,
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindSpec {
    pub kind: LaneKind,
    pub holds: Holds,
    /// At most one card per stage (a curve point, a funnel bar).
    pub one_per_stage: bool,
    /// Cards are touchpoints: a channel, online or not, steps of routes.
    pub touchpoints: bool,
    /// The lane's colour when it sets none (#RRGGBB).
    pub color: &'static str,
    pub drawing: Drawing,
}

impl LaneKind {
    pub const ALL: [LaneKind; 11] = [
        LaneKind::Actions,
        LaneKind::Touchpoints,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::Pains,
        LaneKind::Opportunities,
        LaneKind::Owners,
        LaneKind::Kpis,
        LaneKind::Funnel,
        LaneKind::Strategies,
        LaneKind::Text,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LaneKind::Actions => "actions",
            LaneKind::Touchpoints => "touchpoints",
            LaneKind::Thoughts => "thoughts",
            LaneKind::Emotions => "emotions",
            LaneKind::Pains => "pains",
            LaneKind::Opportunities => "opportunities",
            LaneKind::Owners => "owners",
            LaneKind::Kpis => "kpis",
            LaneKind::Funnel => "funnel",
            LaneKind::Strategies => "strategies",
            LaneKind::Text => "text",
        }
    }

    pub fn parse(s: &str) -> Option<LaneKind> {
        LaneKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Everything this kind decides.
    pub const fn spec(self) -> KindSpec {
        let (holds, touchpoints, color) = match self {
            LaneKind::Actions => (Holds::Text, false, "#4C6EF5"),
            LaneKind::Touchpoints => (Holds::Text, true, "#1098AD"),
            LaneKind::Thoughts => (Holds::Text, false, "#7950F2"),
            LaneKind::Emotions => (Holds::Score, false, "#E8590C"),
            LaneKind::Pains => (Holds::Text, false, "#E03131"),
            LaneKind::Opportunities => (Holds::Text, false, "#2F9E44"),
            LaneKind::Owners => (Holds::Text, false, "#495057"),
            LaneKind::Kpis => (Holds::Text, false, "#1C7ED6"),
            LaneKind::Funnel => (Holds::Value, false, "#0C8599"),
            LaneKind::Strategies => (Holds::Text, false, "#D6336C"),
            LaneKind::Text => (Holds::Text, false, "#868E96"),
        };
        let (one_per_stage, drawing) = match holds {
            Holds::Text => (false, Drawing::Cards),
            Holds::Score => (true, Drawing::Curve),
            Holds::Value => (true, Drawing::Funnel),
        };
        KindSpec {
            kind: self,
            holds,
            one_per_stage,
            touchpoints,
            color,
            drawing,
        }
    }

    /// Lanes that hold at most one card per stage (a curve point, a funnel bar).
    pub fn one_card_per_stage(self) -> bool {
        self.spec().one_per_stage
    }

    /// Every kind's row, in order.
    pub fn table() -> Vec<KindSpec> {
        LaneKind::ALL.into_iter().map(LaneKind::spec).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_and_named_as_it_reads() {
        for (i, k) in LaneKind::ALL.iter().enumerate() {
            assert_eq!(LaneKind::parse(k.as_str()), Some(*k));
            assert!(!LaneKind::ALL[..i].contains(k), "{k:?} twice");
            let json = serde_json::to_value(k).unwrap();
            assert_eq!(json, k.as_str(), "serde and as_str agree");
        }
    }

    #[test]
    fn only_a_score_or_a_value_makes_a_lane_one_card_per_stage() {
        let single: Vec<LaneKind> = LaneKind::ALL
            .into_iter()
            .filter(|k| k.one_card_per_stage())
            .collect();
        assert_eq!(single, [LaneKind::Emotions, LaneKind::Funnel]);
        assert_eq!(LaneKind::Emotions.spec().drawing, Drawing::Curve);
        assert!(LaneKind::Touchpoints.spec().touchpoints);
        for k in LaneKind::ALL {
            let c = k.spec().color;
            assert!(c.len() == 7 && c.starts_with('#'), "{k:?}: {c}");
        }
    }
}
