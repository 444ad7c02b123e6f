//! The journey map as docs/FORMAT.md describes it.
//!
//! Every struct keeps the fields it does not know in `extra`, so a file made by
//! a newer tool survives a round trip through this one. Optional fields stay
//! `Option` (also the arrays the format makes optional) so that what was absent
//! stays absent when written back.

use serde::{Deserialize, Serialize};
use serde_json::{Map as JsonObject, Value};

/// Fields this version does not know, kept verbatim.
pub type Extra = JsonObject<String, Value>;

pub use crate::kinds::LaneKind;

/// Channels of a touchpoint; each has an icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    App,
    Email,
    Social,
    Search,
    Ads,
    Phone,
    Chat,
    Store,
    Event,
    Print,
    WordOfMouth,
    Marketplace,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 14] = [
        Channel::Web,
        Channel::App,
        Channel::Email,
        Channel::Social,
        Channel::Search,
        Channel::Ads,
        Channel::Phone,
        Channel::Chat,
        Channel::Store,
        Channel::Event,
        Channel::Print,
        Channel::WordOfMouth,
        Channel::Marketplace,
        Channel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::App => "app",
            Channel::Email => "email",
            Channel::Social => "social",
            Channel::Search => "search",
            Channel::Ads => "ads",
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Store => "store",
            Channel::Event => "event",
            Channel::Print => "print",
            Channel::WordOfMouth => "word_of_mouth",
            Channel::Marketplace => "marketplace",
            Channel::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A channel of the map's own (format version 2): a name people know
/// ("WhatsApp", "Bizum") and an icon of the bundled set. Cards name it by id,
/// as they name a built-in channel by its name.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OwnChannel {
    pub id: String,
    pub name: String,
    /// An icon of the bundled set (`icons/channels`); none, or one this
    /// version does not have, is drawn with the "other" icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// The densities a map is set in: the first is the default.
pub const DENSITIES: [&str; 2] = ["comfortable", "compact"];

/// The typefaces a map is set in: Inter (the default), Source Serif 4,
/// Nunito.
pub const FONTS: [&str; 3] = ["sans", "serif", "rounded"];

/// The family name of the typeface `theme.font` names (Inter for none, or
/// for a name this version does not know).
pub fn font_family(font: Option<&str>) -> &'static str {
    match font {
        Some("serif") => "Source Serif 4",
        Some("rounded") => "Nunito",
        _ => "Inter",
    }
}

/// What a poster's footer line can say: the company's name, the name of
/// the map's newest version, the map's date, and "confidential".
pub const FOOTER_FIELDS: [&str; 4] = ["company", "version", "date", "confidential"];

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Theme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_scale: Option<f64>,
    /// The company's name, in the poster's header and footer (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The company's logo, in the poster's header (version 2): a
    /// `data:image/png;base64,…` or JPEG URI, as a persona's photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `comfortable` (none) or `compact`: smaller cards and gaps, and more
    /// cards a row where a cell is wide (version 2). See [`DENSITIES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub density: Option<String>,
    /// What the poster's footer line says, in this order (version 2). See
    /// [`FOOTER_FIELDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<Vec<String>>,
    /// The typeface: `sans` (Inter, none), `serif` or `rounded` (version
    /// 2). See [`FONTS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl Theme {
    /// Set compact.
    pub fn compact(&self) -> bool {
        self.density.as_deref() == Some("compact")
    }

    /// Whether it uses anything format version 2 added.
    pub fn needs_version_2(&self) -> bool {
        self.company.is_some()
            || self.logo.is_some()
            || self.density.is_some()
            || self.footer.is_some()
            || self.font.is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Persona {
    pub id: String,
    pub name: String,
    /// The colour of the persona's emotion curves (format version 2); none
    /// takes the persona's place in [`PERSONA_COLORS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frustrations: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// `data:image/png;base64,…` or `data:image/jpeg;base64,…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stage {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The column's width in layout units (format version 2); none is the
    /// standard width.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "number::serialize_opt"
    )]
    pub width: Option<f64>,
    /// Another map of the library that details this stage (format version
    /// 2): its id. See [`Card::link`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lane {
    pub id: String,
    pub kind: LaneKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
    /// `false`: the lane is on the canvas but left out of posters and
    /// slides (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print: Option<bool>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Card {
    pub id: String,
    pub stage: String,
    pub lane: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// A built-in channel's name (`web`, `store`…) or the id of one of the
    /// map's own channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i8>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "number::serialize_opt"
    )]
    pub value: Option<f64>,
    /// In a metrics lane (format version 2): the unit of `value` ("%",
    /// "/5", "€"…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// In an emotions lane (format version 2): the persona whose curve the
    /// point is on; none is the map's general curve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persona: Option<String>,
    /// In an emotions lane (format version 2): the point is on the to-be
    /// curve (the journey as it should be), not the as-is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_be: Option<bool>,
    /// What backs the card (format version 2): where it comes from, a quote
    /// or note, a date and how sure the team is of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// A picture on the card (format version 2): a screenshot of a
    /// touchpoint, a photo of the shop, a workshop's sketch. A
    /// `data:image/png;base64,…` or JPEG URI, as a persona's photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Another map of the library that details this card, a sub-journey
    /// (format version 2): its id. Clicking the card's link opens it; the
    /// poster marks the card, and a map set prints both with a link between.
    /// A map that is not in the library (a file opened elsewhere) leaves the
    /// link as it is, shown as not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

/// How sure the team is of a card, from least to most: a guess nobody has
/// checked yet, something some research points at, something research has
/// shown. See [`Evidence::confidence`].
pub const CONFIDENCES: [&str; 3] = ["assumption", "some_evidence", "validated"];

/// Where a card's evidence comes from. See [`Evidence::source`].
pub const SOURCES: [&str; 5] = [
    "interview",
    "survey",
    "analytics",
    "observation",
    "assumption",
];

/// What backs a card (format version 2). Every field may be absent.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// One of [`CONFIDENCES`]: shown as a badge on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub confidence: Option<String>,
    /// One of [`SOURCES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub source: Option<String>,
    /// A customer's words, or the team's note on what was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
    /// When it was found: `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub date: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl Evidence {
    /// Nothing said: the same as no evidence.
    pub fn is_empty(&self) -> bool {
        self.confidence.is_none()
            && self.source.is_none()
            && self.note.is_none()
            && self.date.is_none()
            && self.extra.is_empty()
    }
}

/// The emotion curve a point is on: a persona's (none: the map's general
/// curve), as-is or to-be. An emotions lane holds one point per stage of
/// each curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Curve<'a> {
    pub persona: Option<&'a str>,
    pub to_be: bool,
}

impl Card {
    /// How sure the team is of the card (one of [`CONFIDENCES`]), if said.
    pub fn confidence(&self) -> Option<&str> {
        self.evidence.as_ref()?.confidence.as_deref()
    }

    /// The curve this card is a point of, in an emotions lane.
    pub fn curve(&self) -> Curve<'_> {
        Curve {
            persona: self.persona.as_deref(),
            to_be: self.to_be == Some(true),
        }
    }
}

/// The colours of the personas' curves, in the personas' order, for those
/// that set none: told apart from each other, from the emotions lane's own
/// (the general curve's) and from the routes' blue.
pub const PERSONA_COLORS: [&str; 5] = ["#C2255C", "#0B7285", "#2B8A3E", "#7048E8", "#A0612B"];

/// The most personas whose curves one emotions lane holds.
pub const CURVE_PERSONAS_MAX: usize = 5;

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Route {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    pub steps: Vec<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "JourneyMap"))]
pub struct Map {
    /// Always present inside the library; optional in a file (empty = none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personas: Option<Vec<Persona>>,
    pub stages: Vec<Stage>,
    pub lanes: Vec<Lane>,
    pub cards: Vec<Card>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<Route>>,
    /// The map's own channels (format version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<OwnChannel>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Extra,
}

impl Map {
    /// An empty map with a title: no stages, lanes or cards.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Map {
        Map {
            id: id.into(),
            title: title.into(),
            ..Map::default()
        }
    }

    /// An empty list of personas or routes is the same as none: kept as none,
    /// so an edit and its undo give back the very same map (found by fuzzing:
    /// adding the first persona and undoing it left an empty list behind).
    pub fn tidy_lists(&mut self) {
        if self.personas.as_ref().is_some_and(Vec::is_empty) {
            self.personas = None;
        }
        if self.routes.as_ref().is_some_and(Vec::is_empty) {
            self.routes = None;
        }
        if self.channels.as_ref().is_some_and(Vec::is_empty) {
            self.channels = None;
        }
    }

    pub fn channels(&self) -> &[OwnChannel] {
        self.channels.as_deref().unwrap_or(&[])
    }

    pub fn own_channel(&self, id: &str) -> Option<&OwnChannel> {
        self.channels().iter().find(|c| c.id == id)
    }

    pub fn personas(&self) -> &[Persona] {
        self.personas.as_deref().unwrap_or(&[])
    }

    /// The maps this one links to (from its stages, then its cards), each
    /// once, in the order they are first met.
    pub fn linked_maps(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let links = self.stages.iter().filter_map(|s| s.link.as_deref());
        for l in links.chain(self.cards.iter().filter_map(|c| c.link.as_deref())) {
            if !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }

    pub fn routes(&self) -> &[Route] {
        self.routes.as_deref().unwrap_or(&[])
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn lane(&self, id: &str) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.id == id)
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    pub fn card_index(&self, id: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.id == id)
    }

    pub fn persona_index(&self, id: &str) -> Option<usize> {
        self.personas().iter().position(|p| p.id == id)
    }

    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas().iter().find(|p| p.id == id)
    }

    /// The colour of a persona's curves (#RRGGBB): its own, or its place's.
    pub fn persona_color(&self, id: &str) -> Option<&str> {
        let i = self.persona_index(id)?;
        let p = &self.personas()[i];
        Some(
            p.color
                .as_deref()
                .unwrap_or(PERSONA_COLORS[i % PERSONA_COLORS.len()]),
        )
    }

    /// The map as persona `id`'s journey ("print Carmen's journey"): that
    /// persona alone, and of the curves only its own and the general curve
    /// (the points of other personas' curves leave, with their route steps).
    /// A persona the map does not have leaves the map as it is.
    pub fn for_persona(&self, id: &str) -> Map {
        let mut m = self.clone();
        if self.persona(id).is_none() {
            return m;
        }
        // Alone, the persona keeps the colour of its place among all of them.
        let color = self.persona_color(id).map(str::to_string);
        if let Some(list) = m.personas.as_mut() {
            list.retain(|p| p.id == id);
            for p in list.iter_mut() {
                p.color = p.color.take().or(color.clone());
            }
        }
        let gone: std::collections::HashSet<String> = m
            .cards
            .iter()
            .filter(|c| c.persona.as_deref().is_some_and(|p| p != id))
            .map(|c| c.id.clone())
            .collect();
        if !gone.is_empty() {
            m.cards.retain(|c| !gone.contains(&c.id));
            if let Some(routes) = m.routes.as_mut() {
                for r in routes {
                    r.steps.retain(|s| !gone.contains(s));
                }
            }
        }
        m
    }

    /// The map as posters and slides print it: without the lanes marked not
    /// to print (`print: false`), their cards, and the route steps on those
    /// cards.
    pub fn printed(&self) -> std::borrow::Cow<'_, Map> {
        if !self.lanes.iter().any(|l| l.print == Some(false)) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut m = self.clone();
        let left: std::collections::HashSet<&str> = self
            .lanes
            .iter()
            .filter(|l| l.print == Some(false))
            .map(|l| l.id.as_str())
            .collect();
        let gone: std::collections::HashSet<&str> = self
            .cards
            .iter()
            .filter(|c| left.contains(c.lane.as_str()))
            .map(|c| c.id.as_str())
            .collect();
        m.lanes.retain(|l| !left.contains(l.id.as_str()));
        m.cards.retain(|c| !gone.contains(c.id.as_str()));
        // A route whose every step was on those cards goes with them.
        if let Some(routes) = m.routes.as_mut() {
            routes.retain_mut(|r| {
                let had = !r.steps.is_empty();
                r.steps.retain(|s| !gone.contains(s.as_str()));
                !had || !r.steps.is_empty()
            });
        }
        std::borrow::Cow::Owned(m)
    }

    /// The card that takes the place `card` would have in lane `lane` at
    /// `stage`, in a lane that holds one card per stage (of each curve, in an
    /// emotions lane); none when the lane takes any number, or when the place
    /// is free. `card` itself never counts.
    pub fn place_taken<'a>(&'a self, card: &Card, stage: &str, lane: &str) -> Option<&'a Card> {
        let kind = self.lane(lane)?.kind;
        if !kind.one_card_per_stage() {
            return None;
        }
        let per_curve = kind.spec().holds == crate::kinds::Holds::Score;
        self.cards.iter().find(|c| {
            c.stage == stage
                && c.lane == lane
                && c.id != card.id
                && (!per_curve || c.curve() == card.curve())
        })
    }

    pub fn route_index(&self, id: &str) -> Option<usize> {
        self.routes().iter().position(|r| r.id == id)
    }

    /// The cards of one cell, in their order.
    pub fn cell_cards<'a>(
        &'a self,
        stage: &'a str,
        lane: &'a str,
    ) -> impl Iterator<Item = &'a Card> + 'a {
        self.cards
            .iter()
            .filter(move |c| c.stage == stage && c.lane == lane)
    }

    /// Whether any object of the map already uses `id`.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.stages.iter().any(|s| s.id == id)
            || self.lanes.iter().any(|l| l.id == id)
            || self.cards.iter().any(|c| c.id == id)
            || self.personas().iter().any(|p| p.id == id)
            || self.routes().iter().any(|r| r.id == id)
            || self.channels().iter().any(|c| c.id == id)
    }
}

/// Whole numbers are written without a fraction, so a file that said `1200`
/// says `1200` again after a round trip.
pub(crate) mod number {
    use serde::Serializer;

    pub fn serialize_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            // Exact for every integer up to 2^53, where f64 stops being exact anyway.
            Some(x) if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
                s.serialize_i64(*x as i64)
            }
            Some(x) => s.serialize_f64(*x),
            None => s.serialize_none(),
        }
    }
}
