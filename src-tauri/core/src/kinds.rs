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
    // A service blueprint's lanes (version 2 of the file).
    /// What the customer sees and touches: the shop, the invoice, the e-mail.
    Evidence,
    /// What staff do in front of the customer.
    Frontstage,
    /// What staff do out of the customer's sight.
    Backstage,
    /// The systems and other teams behind the staff.
    Support,
    /// Named numbers per stage (CSAT, NPS, conversion…), each drawn as a
    /// small chart across the stages (version 2 of the file).
    Metrics,
    /// Pictures: screenshots of touchpoints, photos of the shop, workshop
    /// sketches, one a row across their cell, their text a caption
    /// (version 2 of the file).
    Images,
}

/// Where a lane sits in a service blueprint. Between the zones of
/// consecutive lanes the map draws the blueprint's lines: the line of
/// interaction above the frontstage, the line of visibility above the
/// backstage, the line of internal interaction above the support processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// The customer's journey: every kind of a journey map.
    Customer,
    /// The physical evidence, on the customer's side of every line.
    Evidence,
    Frontstage,
    Backstage,
    Support,
}

/// A line of a service blueprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlueprintLine {
    Interaction,
    Visibility,
    InternalInteraction,
}

impl Zone {
    /// How deep behind the customer the zone is: 0 on the customer's side.
    pub fn depth(self) -> u8 {
        match self {
            Zone::Customer | Zone::Evidence => 0,
            Zone::Frontstage => 1,
            Zone::Backstage => 2,
            Zone::Support => 3,
        }
    }

    /// The line drawn above the first lane of this zone.
    pub fn line_above(self) -> Option<BlueprintLine> {
        match self {
            Zone::Customer | Zone::Evidence => None,
            Zone::Frontstage => Some(BlueprintLine::Interaction),
            Zone::Backstage => Some(BlueprintLine::Visibility),
            Zone::Support => Some(BlueprintLine::InternalInteraction),
        }
    }
}

impl BlueprintLine {
    /// Its name's key in the catalogues (`i18n/`).
    pub fn key(self) -> &'static str {
        match self {
            BlueprintLine::Interaction => "blueprint.line.interaction",
            BlueprintLine::Visibility => "blueprint.line.visibility",
            BlueprintLine::InternalInteraction => "blueprint.line.internal",
        }
    }
}

/// The blueprint lines of a map's lanes, in order: for each lane, the line
/// drawn above it, if any. A line is drawn above the first lane that goes
/// deeper than every lane above it, and never above the first lane (there is
/// nothing to separate it from).
pub fn blueprint_lines(kinds: impl IntoIterator<Item = LaneKind>) -> Vec<Option<BlueprintLine>> {
    let mut deepest = 0;
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            let zone = k.spec().zone;
            let line = (zone.depth() > deepest && i > 0)
                .then(|| zone.line_above())
                .flatten();
            deepest = deepest.max(zone.depth());
            line
        })
        .collect()
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
    /// A metric's value at a stage, any number, with its unit; the text is
    /// the metric's name.
    Metric,
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
    /// A small line chart per metric, with its values.
    Metrics,
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
    /// Cards are pictures first: one a row, the picture across the card,
    /// the text its caption; adding one asks for the picture.
    pub pictures: bool,
    /// Where the lane sits in a service blueprint.
    pub zone: Zone,
}

impl LaneKind {
    pub const ALL: [LaneKind; 17] = [
        LaneKind::Actions,
        LaneKind::Touchpoints,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::Pains,
        LaneKind::Opportunities,
        LaneKind::Owners,
        LaneKind::Kpis,
        LaneKind::Funnel,
        LaneKind::Metrics,
        LaneKind::Strategies,
        LaneKind::Images,
        LaneKind::Text,
        LaneKind::Evidence,
        LaneKind::Frontstage,
        LaneKind::Backstage,
        LaneKind::Support,
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
            LaneKind::Evidence => "evidence",
            LaneKind::Frontstage => "frontstage",
            LaneKind::Backstage => "backstage",
            LaneKind::Support => "support",
            LaneKind::Metrics => "metrics",
            LaneKind::Images => "images",
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
            LaneKind::Evidence => (Holds::Text, false, "#A0612B"),
            LaneKind::Frontstage => (Holds::Text, false, "#1864AB"),
            LaneKind::Backstage => (Holds::Text, false, "#862E9C"),
            LaneKind::Support => (Holds::Text, false, "#5C940D"),
            LaneKind::Metrics => (Holds::Metric, false, "#364FC7"),
            LaneKind::Images => (Holds::Text, false, "#0CA678"),
        };
        let zone = match self {
            LaneKind::Evidence => Zone::Evidence,
            LaneKind::Frontstage => Zone::Frontstage,
            LaneKind::Backstage => Zone::Backstage,
            LaneKind::Support => Zone::Support,
            _ => Zone::Customer,
        };
        let (one_per_stage, drawing) = match holds {
            Holds::Text => (false, Drawing::Cards),
            Holds::Score => (true, Drawing::Curve),
            Holds::Value => (true, Drawing::Funnel),
            Holds::Metric => (false, Drawing::Metrics),
        };
        KindSpec {
            kind: self,
            holds,
            one_per_stage,
            touchpoints,
            color,
            drawing,
            pictures: matches!(self, LaneKind::Images),
            zone,
        }
    }

    /// Whether a file holding a lane of this kind needs version 2.
    pub fn needs_version_2(self) -> bool {
        self.spec().zone != Zone::Customer || matches!(self, LaneKind::Metrics | LaneKind::Images)
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

    #[test]
    fn the_blueprint_lines_fall_where_the_lanes_go_deeper_behind_the_customer() {
        use BlueprintLine::*;
        use LaneKind::*;
        let lines = |kinds: &[LaneKind]| blueprint_lines(kinds.iter().copied());
        // The classic blueprint: evidence, customer actions, then each zone.
        assert_eq!(
            lines(&[Evidence, Actions, Frontstage, Backstage, Support]),
            [
                None,
                None,
                Some(Interaction),
                Some(Visibility),
                Some(InternalInteraction)
            ]
        );
        // Two lanes of a zone: one line, above the first.
        assert_eq!(
            lines(&[Actions, Frontstage, Owners, Frontstage, Backstage, Backstage]),
            [None, Some(Interaction), None, None, Some(Visibility), None]
        );
        // Going back up draws nothing; a zone skipped draws the deeper line only.
        assert_eq!(
            lines(&[Actions, Backstage, Frontstage, Support]),
            [None, Some(Visibility), None, Some(InternalInteraction)]
        );
        // Nothing to separate the first lane from; a journey map has no lines.
        assert_eq!(lines(&[Frontstage, Backstage]), [None, Some(Visibility)]);
        let journey: Vec<LaneKind> = LaneKind::ALL
            .into_iter()
            .filter(|k| k.spec().zone == Zone::Customer)
            .collect();
        assert!(lines(&journey).iter().all(Option::is_none));
        let v1: Vec<&LaneKind> = journey.iter().filter(|k| !k.needs_version_2()).collect();
        assert_eq!(v1.len(), 11, "the eleven kinds of version 1");
        assert!(Metrics.needs_version_2());
        assert!(Images.needs_version_2());
        let pictures: Vec<LaneKind> = LaneKind::ALL
            .into_iter()
            .filter(|k| k.spec().pictures)
            .collect();
        assert_eq!(pictures, [Images], "only the image lane is pictures first");
        assert_eq!(Images.spec().drawing, Drawing::Cards);
        assert!([Evidence, Frontstage, Backstage, Support]
            .iter()
            .all(|k| k.needs_version_2()));
    }
}
