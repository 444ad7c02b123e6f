//! Large, realistic maps made up on the spot, for benchmarks and stress tests.

use crate::edit::{
    CardPatch, CardPlace, ChannelPatch, Edit, LanePatch, PersonaPatch, RoutePatch, StagePatch,
};
use crate::model::{
    Card, Channel, Evidence, Lane, LaneKind, Map, OwnChannel, Persona, Route, Stage, Theme,
    CONFIDENCES, SOURCES,
};
use crate::templates;

const WORDS: &[&str] = &[
    "cliente",
    "compara",
    "precios",
    "tienda",
    "envío",
    "reseñas",
    "móvil",
    "duda",
    "garantía",
    "pago",
    "atención",
    "carrito",
    "oferta",
    "búsqueda",
    "recomendación",
    "entrega",
    "talla",
    "devolución",
    "newsletter",
    "fidelización",
    "señal",
    "débil",
    "ñandú",
    "¿por",
    "qué?",
    "rápido",
    "confianza",
    "experiencia",
    "campaña",
    "anuncio",
    "foro",
    "amigos",
    "catálogo",
    "descuento",
];

/// The omnichannel template in `lang` (es, en or pt-BR) with two personas'
/// curves: Carmen's as-is curve (the template's), her to-be curve, and the
/// as-is curve of a second persona, Luis, who shops in store. For tests and
/// screenshots of several curves on one map.
pub fn two_personas(lang: &str) -> Map {
    let mut m = templates::load("omnichannel", lang).unwrap_or_default();
    let pick = |es: &'static str, en: &'static str, pt: &'static str| match lang {
        "en" => en,
        "pt-BR" => pt,
        _ => es,
    };
    m.personas.get_or_insert_with(Vec::new).push(Persona {
        id: "persona-luis".into(),
        name: "Luis Medina".into(),
        role: Some(
            pick(
                "Jubilado; compra en tienda y pide ayuda a su hija",
                "Retired; buys in store and asks his daughter for help",
                "Aposentado; compra na loja e pede ajuda à filha",
            )
            .into(),
        ),
        ..Persona::default()
    });
    let carmen = m.personas().first().map(|p| p.id.clone());
    for c in m.cards.iter_mut().filter(|c| c.lane == "l-emotions") {
        c.persona = carmen.clone();
    }
    let luis = [
        (
            0,
            pick(
                "Solo mira el catálogo en papel",
                "Only looks at the printed catalogue",
                "Só olha o catálogo impresso",
            ),
        ),
        (
            -2,
            pick(
                "No entiende el comparador de la web",
                "Can't make sense of the website's comparison tool",
                "Não entende o comparador do site",
            ),
        ),
        (
            1,
            pick(
                "Lo prueba en tienda con calma",
                "Tries it in store, unhurried",
                "Experimenta na loja com calma",
            ),
        ),
        (
            -1,
            pick(
                "Le piden una cuenta para pagar",
                "Is asked to open an account to pay",
                "Pedem uma conta para pagar",
            ),
        ),
        (
            1,
            pick(
                "Le llaman para concertar la entrega",
                "Gets a call to arrange delivery",
                "Recebe uma ligação para marcar a entrega",
            ),
        ),
    ];
    let to_be = [
        (1, ""),
        (
            1,
            pick(
                "Un comparador claro",
                "A clear comparison",
                "Um comparador claro",
            ),
        ),
        (2, ""),
        (
            1,
            pick(
                "Mismo precio en todos los canales",
                "One price on every channel",
                "Mesmo preço em todos os canais",
            ),
        ),
        (
            2,
            pick("Entrega a tiempo", "Delivery on time", "Entrega no prazo"),
        ),
    ];
    let stages: Vec<String> = m.stages.iter().map(|s| s.id.clone()).collect();
    for (i, stage) in stages.iter().enumerate() {
        let (score, text) = luis[i % luis.len()];
        m.cards.push(Card {
            id: format!("luis-{stage}"),
            stage: stage.clone(),
            lane: "l-emotions".into(),
            text: text.into(),
            score: Some(score),
            persona: Some("persona-luis".into()),
            ..Card::default()
        });
        let (score, text) = to_be[i % to_be.len()];
        m.cards.push(Card {
            id: format!("carmen-to-be-{stage}"),
            stage: stage.clone(),
            lane: "l-emotions".into(),
            text: text.into(),
            score: Some(score),
            persona: carmen.clone(),
            to_be: Some(true),
            ..Card::default()
        });
    }
    m
}

/// The omnichannel template in `lang` with a metrics lane under the
/// emotions: CSAT out of 5 and NPS (below zero at first) at every stage.
pub fn with_metrics(lang: &str) -> Map {
    let mut m = templates::load("omnichannel", lang).unwrap_or_default();
    let at = m.lane_index("l-emotions").map_or(m.lanes.len(), |i| i + 1);
    m.lanes.insert(
        at,
        Lane {
            id: "l-metrics".into(),
            kind: LaneKind::Metrics,
            title: match lang {
                "en" => "Metrics",
                _ => "Métricas",
            }
            .into(),
            color: None,
            collapsed: None,
            print: None,
            extra: Default::default(),
        },
    );
    let csat = [3.5, 4.0, 4.5, 3.0, 4.2];
    let nps = [-10.0, 5.0, 20.0, -5.0, 30.0];
    let stages: Vec<String> = m.stages.iter().map(|s| s.id.clone()).collect();
    for (i, stage) in stages.iter().enumerate() {
        for (name, unit, values) in [("CSAT", "/5", &csat), ("NPS", "pts", &nps)] {
            m.cards.push(Card {
                id: format!("{}-{stage}", name.to_lowercase()),
                stage: stage.clone(),
                lane: "l-metrics".into(),
                text: name.into(),
                value: Some(values[i % values.len()]),
                unit: Some(unit.into()),
                ..Card::default()
            });
        }
    }
    m
}

/// The omnichannel template in `lang` with evidence behind some cards: an
/// assumption, a quote from an interview, a survey's figure and analytics
/// that validate a touchpoint, each with what a team would write.
pub fn with_evidence(lang: &str) -> Map {
    let mut m = templates::load("omnichannel", lang).unwrap_or_default();
    let en = lang == "en";
    let said: [(&str, Option<&str>, &str, Option<&str>); 4] = [
        (
            "assumption",
            Some("assumption"),
            if en {
                "We think they compare prices on their phone in the shop"
            } else {
                "Creemos que comparan precios con el móvil en la tienda"
            },
            None,
        ),
        (
            "some_evidence",
            Some("interview"),
            if en {
                "“I couldn't find the shop's opening hours on the website”"
            } else {
                "«No encontré el horario de la tienda en la web», dijo Begoña"
            },
            Some("2026-11-20"),
        ),
        (
            "validated",
            Some("survey"),
            if en {
                "62 % of 480 answers"
            } else {
                "El 62 % de 480 respuestas"
            },
            Some("2026-10-02"),
        ),
        ("validated", Some("analytics"), "", Some("2026-09-15")),
    ];
    let cards: Vec<usize> = m
        .cards
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            m.lane(&c.lane)
                .is_some_and(|l| l.kind.spec().drawing == crate::kinds::Drawing::Cards)
        })
        .map(|(i, _)| i)
        .step_by(3)
        .take(said.len())
        .collect();
    for (k, i) in cards.into_iter().enumerate() {
        let (confidence, source, note, date) = said[k];
        m.cards[i].evidence = Some(Evidence {
            confidence: Some(confidence.into()),
            source: source.map(str::to_string),
            note: (!note.is_empty()).then(|| note.to_string()),
            date: date.map(str::to_string),
            ..Evidence::default()
        });
    }
    m
}

/// A map set in `lang`: the omnichannel journey, whose "purchase" stage
/// and one of its cards link to two sub-journeys (the three-stage template
/// twice, retitled); the first sub-journey links back to the
/// journey, so a set must stop where it began. Ids are fixed: `viaje`,
/// `subviaje-pago`, `subviaje-devoluciones`.
pub fn map_set(lang: &str) -> Vec<Map> {
    let words = |en: &str, es: &str, pt: &str| match lang {
        "en" => en.to_string(),
        "pt-BR" => pt.to_string(),
        _ => es.to_string(),
    };
    let mut main = templates::load("omnichannel", lang).unwrap_or_default();
    main.id = "viaje".into();
    let mut pay = templates::load("three-stages", lang).unwrap_or_default();
    pay.id = "subviaje-pago".into();
    pay.title = words(
        "Paying in the shop",
        "Pago en la tienda",
        "Pagamento na loja",
    );
    let mut back = templates::load("three-stages", lang).unwrap_or_default();
    back.id = "subviaje-devoluciones".into();
    back.title = words("Returns", "Devoluciones", "Devoluções");
    let last = main.stages.len().saturating_sub(2);
    main.stages[last].link = Some(pay.id.clone());
    if let Some(c) = main
        .cards
        .iter_mut()
        .find(|c| c.score.is_none() && c.value.is_none())
    {
        c.link = Some(back.id.clone());
    }
    if let Some(c) = pay
        .cards
        .iter_mut()
        .find(|c| c.score.is_none() && c.value.is_none())
    {
        c.link = Some(main.id.clone());
    }
    vec![main, pay, back]
}

/// A library's worth of maps for benchmarks: `n` maps of 40 cards, each
/// with its own title ("Recorrido 7") and a first card that names it
/// ("Llamada al proveedor 7 — ñandú-007"; the last three digits repeat
/// every hundred maps, so a search for one finds ten).
pub fn library_maps(n: usize) -> impl Iterator<Item = Map> {
    let base = map_with_cards(40);
    (0..n).map(move |i| {
        let mut m = base.clone();
        m.title = format!("Recorrido {i}");
        m.cards[0].text = format!("Llamada al proveedor {i} — ñandú-{:03}", i % 100);
        m
    })
}

/// A map with `cards` cards over 12 stages and 10 lanes (one emotions and
/// one funnel lane with a point per stage), texts of 4 to 40 words, channels
/// on touchpoints and a few routes. Deterministic for a given size.
pub fn map_with_cards(cards: usize) -> Map {
    let mut m = Map::new("bench", "Mapa de prueba con muchas tarjetas");
    m.description = Some("Generado para medir".into());
    m.locale = Some("es".into());
    m.stages = (0..12)
        .map(|i| Stage {
            id: format!("s{i}"),
            title: format!("Etapa {i}: consideración"),
            ..Stage::default()
        })
        .collect();
    // Every kind of version 1 but free text, in the format's order.
    let kinds: Vec<LaneKind> = LaneKind::ALL
        .into_iter()
        .filter(|k| !k.needs_version_2() && *k != LaneKind::Text)
        .collect();
    let kinds = &kinds[..];
    m.lanes = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| Lane {
            id: format!("l{i}"),
            kind: *k,
            title: format!("Carril {}", k.as_str()),
            color: None,
            collapsed: None,
            print: None,
            extra: Default::default(),
        })
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let free_lanes: Vec<usize> = (0..kinds.len())
        .filter(|i| !kinds[*i].one_card_per_stage())
        .collect();
    for s in 0..12 {
        for (lane, kind) in kinds.iter().enumerate() {
            if kind.one_card_per_stage() && m.cards.len() < cards {
                m.cards.push(Card {
                    id: format!("p{s}-{lane}"),
                    stage: format!("s{s}"),
                    lane: format!("l{lane}"),
                    text: "Se siente escuchado".into(),
                    score: (*kind == LaneKind::Emotions).then_some((s % 5) as i8 - 2),
                    value: (*kind == LaneKind::Funnel).then_some(10_000.0 / (s + 1) as f64),
                    ..Card::default()
                });
            }
        }
    }
    let mut n = 0;
    while m.cards.len() < cards {
        let r = next();
        let lane = free_lanes[(r % free_lanes.len() as u64) as usize];
        let words = 4 + (r >> 8) % 37;
        let text: Vec<&str> = (0..words)
            .map(|k| WORDS[((r >> 16).wrapping_add(k * 7) % WORDS.len() as u64) as usize])
            .collect();
        let touch = kinds[lane] == LaneKind::Touchpoints;
        m.cards.push(Card {
            id: format!("c{n}"),
            stage: format!("s{}", (r >> 24) % 12),
            lane: format!("l{lane}"),
            text: text.join(" "),
            channel: touch.then(|| Channel::ALL[((r >> 32) % 14) as usize].as_str().to_string()),
            online: touch.then_some(r & 1 == 0),
            ..Card::default()
        });
        n += 1;
    }
    let touch: Vec<String> = m
        .cards
        .iter()
        .filter(|c| c.lane == "l1")
        .take(12)
        .map(|c| c.id.clone())
        .collect();
    m.routes = Some(
        touch
            .chunks(4)
            .enumerate()
            .map(|(i, steps)| Route {
                id: format!("r{i}"),
                name: format!("Ruta {i}"),
                color: Some("#1971C2".into()),
                steps: steps.to_vec(),
                extra: Default::default(),
            })
            .collect(),
    );
    m
}

/// The templates in the order the saved fuzz corpus and proptest regression
/// seeds were made with (before the blank map came first in
/// `templates::NAMES`): a seed's number picks the same template as then.
pub const SEEDED_TEMPLATES: [&str; 5] = [
    "five-phases",
    "three-stages",
    "ecommerce",
    "omnichannel",
    "blank",
];

/// Turns random numbers into an edit that makes sense for the current map
/// (most apply; some are refused, which must leave the map untouched).
/// Property tests and fuzzing drive it.
pub fn random_edit(m: &Map, op: u8, a: usize, b: usize, c: usize, serial: &mut usize) -> Edit {
    *serial += 1;
    let pick = Pick {
        m,
        a,
        b,
        c,
        fresh: format!("n{serial}"),
    };
    match op % 34 {
        k @ 2..=5 => pick.stage_edit(k),
        k @ 6..=9 => pick.lane_edit(k),
        k @ (10..=13 | 26) => pick.card_edit(k),
        k @ 14..=17 => pick.persona_edit(k),
        k @ 18..=23 => pick.route_edit(k),
        k @ (24 | 25) => pick.point_edit(k),
        k @ 30..=33 => pick.channel_edit(k),
        k => pick.map_edit(k),
    }
}

const TEXTS: [&str; 5] = [
    "Señal débil: el cliente ¿duda? ñandú €",
    "",
    "<script>alert(1)</script>",
    "مرحبا",
    "línea\nsegunda",
];

fn nth(len: usize, k: usize) -> usize {
    if len == 0 {
        0
    } else {
        k % len
    }
}

/// The numbers an edit is made from, and the map it is made for.
struct Pick<'a> {
    m: &'a Map,
    a: usize,
    b: usize,
    c: usize,
    /// An id no object of the map has.
    fresh: String,
}

impl Pick<'_> {
    fn stage_id(&self, k: usize) -> String {
        let list = &self.m.stages;
        list.get(nth(list.len(), k))
            .map(|s| s.id.clone())
            .unwrap_or_default()
    }

    fn lane_id(&self, k: usize) -> String {
        let list = &self.m.lanes;
        list.get(nth(list.len(), k))
            .map(|l| l.id.clone())
            .unwrap_or_default()
    }

    fn card_id(&self, k: usize) -> String {
        let list = &self.m.cards;
        list.get(nth(list.len(), k))
            .map(|c| c.id.clone())
            .unwrap_or_default()
    }

    fn route_id(&self, k: usize) -> String {
        let list = self.m.routes();
        list.get(nth(list.len(), k))
            .map(|r| r.id.clone())
            .unwrap_or_default()
    }

    fn persona_id(&self, k: usize) -> String {
        let list = self.m.personas();
        list.get(nth(list.len(), k))
            .map(|p| p.id.clone())
            .unwrap_or_default()
    }

    /// The map's own fields, or the whole map.
    fn map_edit(&self, op: u8) -> Edit {
        match op {
            0 => Edit::SetTitle {
                title: format!("Título {}", self.a),
            },
            1 => Edit::SetDescription {
                description: if self.a % 2 == 0 {
                    None
                } else {
                    Some(TEXTS[self.b % 5].into())
                },
            },
            27 => Edit::ReplaceMap {
                map: Box::new(templates::load(SEEDED_TEMPLATES[self.a % 5], "en").unwrap()),
            },
            28 => Edit::SetLocale {
                locale: if self.a % 2 == 0 {
                    Some("en".into())
                } else {
                    None
                },
            },
            29 => Edit::SetTheme {
                theme: Some(Theme {
                    accent: Some("#2F6F4E".into()),
                    font_scale: [None, Some(0.8), Some(1.3)][self.a % 3],
                    company: (self.b % 2 == 0).then(|| "Ñandú & Cía".into()),
                    density: (self.c % 2 == 0).then(|| "compact".into()),
                    footer: Some(vec!["company".into(), "date".into(), "confidential".into()]),
                    ..Default::default()
                }),
            },
            _ => Edit::SetTheme { theme: None },
        }
    }

    /// A stage added, changed, moved or deleted.
    fn stage_edit(&self, op: u8) -> Edit {
        match op {
            2 => Edit::InsertStage {
                index: self.a % (self.m.stages.len() + 1),
                stage: Stage {
                    id: self.fresh.clone(),
                    title: "Nueva".into(),
                    ..Stage::default()
                },
                cards: vec![],
                steps: vec![],
            },
            3 => Edit::UpdateStage {
                id: self.stage_id(self.a),
                patch: StagePatch {
                    title: Some(TEXTS[self.b % 5].into()),
                    color: Some(if self.c % 2 == 0 {
                        None
                    } else {
                        Some("#AA3300".into())
                    }),
                    description: None,
                    link: (self.b % 4 == 0).then(|| Some("sub-viaje".into())),
                    width: Some(match self.c % 3 {
                        0 => None,
                        _ => Some(160.0 + (self.b % 900) as f64),
                    }),
                },
            },
            4 => Edit::MoveStage {
                id: self.stage_id(self.a),
                index: nth(self.m.stages.len(), self.b),
            },
            _ => Edit::DeleteStage {
                id: self.stage_id(self.a),
            },
        }
    }

    /// A lane added, changed, moved or deleted.
    fn lane_edit(&self, op: u8) -> Edit {
        match op {
            6 => Edit::InsertLane {
                index: self.a % (self.m.lanes.len() + 1),
                lane: Lane {
                    id: self.fresh.clone(),
                    kind: LaneKind::ALL[self.b % 12],
                    title: "Carril".into(),
                    color: None,
                    collapsed: None,
                    print: None,
                    extra: Default::default(),
                },
                cards: vec![],
                steps: vec![],
            },
            7 => Edit::UpdateLane {
                id: self.lane_id(self.a),
                patch: LanePatch {
                    kind: if self.b % 3 == 0 {
                        Some(LaneKind::ALL[self.c % 12])
                    } else {
                        None
                    },
                    collapsed: Some(Some(self.c % 2 == 0)),
                    print: (self.c % 3 == 0).then_some(Some(self.b % 2 == 0)),
                    ..Default::default()
                },
            },
            8 => Edit::MoveLane {
                id: self.lane_id(self.a),
                index: nth(self.m.lanes.len(), self.b),
            },
            _ => Edit::DeleteLane {
                id: self.lane_id(self.a),
            },
        }
    }

    /// A card added, changed, moved or deleted, or a paste (a batch).
    fn card_edit(&self, op: u8) -> Edit {
        match op {
            10 => Edit::InsertCard {
                card: Card {
                    id: self.fresh.clone(),
                    stage: self.stage_id(self.a),
                    lane: self.lane_id(self.b),
                    text: TEXTS[self.c % 5].into(),
                    ..Card::default()
                },
                place: CardPlace::InCell(self.c % 3),
                steps: vec![],
            },
            11 => Edit::UpdateCard {
                id: self.card_id(self.a),
                patch: CardPatch {
                    text: Some(TEXTS[self.b % 5].into()),
                    channel: Some(Some(match self.m.channels().get(self.c % 4) {
                        Some(own) => own.id.clone(),
                        None => Channel::ALL[self.c % 14].as_str().to_string(),
                    })),
                    online: Some(if self.c % 3 == 0 {
                        None
                    } else {
                        Some(self.c % 2 == 0)
                    }),
                    value: Some(Some((self.b % 1000) as f64)),
                    // Evidence set, changed, emptied (which is none) or cleared.
                    evidence: match self.b % 4 {
                        0 => None,
                        1 => Some(None),
                        2 => Some(Some(Evidence::default())),
                        _ => Some(Some(Evidence {
                            confidence: Some(CONFIDENCES[self.c % 3].into()),
                            source: (self.a % 2 == 0).then(|| SOURCES[self.a % 5].into()),
                            note: Some(TEXTS[self.c % 5].into()),
                            date: (self.c % 3 == 0).then(|| "2026-11-20".into()),
                            ..Evidence::default()
                        })),
                    },
                    ..Default::default()
                },
            },
            12 => Edit::MoveCard {
                id: self.card_id(self.a),
                stage: self.stage_id(self.b),
                lane: self.lane_id(self.c),
                place: if self.c % 2 == 0 {
                    CardPlace::InCell(self.b % 3)
                } else {
                    CardPlace::At(nth(self.m.cards.len(), self.c))
                },
            },
            13 => Edit::DeleteCard {
                id: self.card_id(self.a),
            },
            _ => Edit::Batch {
                edits: vec![
                    Edit::DeleteCard {
                        id: self.card_id(self.a),
                    },
                    Edit::InsertCard {
                        card: Card {
                            id: self.fresh.clone(),
                            stage: self.stage_id(self.b),
                            lane: self.lane_id(self.c),
                            text: "pegada".into(),
                            ..Card::default()
                        },
                        place: CardPlace::InCell(0),
                        steps: vec![],
                    },
                ],
            },
        }
    }

    /// A persona added, changed, deleted or moved.
    fn persona_edit(&self, op: u8) -> Edit {
        match op {
            14 => Edit::InsertPersona {
                index: 0,
                persona: Persona {
                    id: self.fresh.clone(),
                    name: "Ana".into(),
                    goals: Some(vec!["g".into()]),
                    ..Persona::default()
                },
                cards: vec![],
                steps: vec![],
            },
            15 => Edit::UpdatePersona {
                id: self.persona_id(self.a),
                patch: PersonaPatch {
                    quote: Some(Some(TEXTS[self.b % 5].into())),
                    role: Some(None),
                    ..Default::default()
                },
            },
            16 => Edit::DeletePersona {
                id: self.persona_id(self.a),
            },
            _ => Edit::MovePersona {
                id: self.persona_id(self.a),
                index: nth(self.m.personas().len(), self.b),
            },
        }
    }

    /// A route or one of its steps added, changed, moved or deleted.
    fn route_edit(&self, op: u8) -> Edit {
        match op {
            18 => Edit::InsertRoute {
                index: 0,
                route: Route {
                    id: self.fresh.clone(),
                    name: "Ruta".into(),
                    color: Some("#1971C2".into()),
                    steps: vec![self.card_id(self.a), self.card_id(self.b)]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect(),
                    extra: Default::default(),
                },
            },
            19 => Edit::UpdateRoute {
                id: self.route_id(self.a),
                patch: RoutePatch {
                    name: Some(TEXTS[self.b % 5].into()),
                    color: Some(None),
                },
            },
            20 => Edit::DeleteRoute {
                id: self.route_id(self.a),
            },
            21 => Edit::InsertRouteStep {
                route: self.route_id(self.a),
                index: self.b % 3,
                card: self.card_id(self.c),
            },
            22 => Edit::MoveRouteStep {
                route: self.route_id(self.a),
                from: self.b % 4,
                to: self.c % 4,
            },
            _ => Edit::DeleteRouteStep {
                route: self.route_id(self.a),
                index: self.b % 4,
            },
        }
    }

    /// One of the map's own channels: added, renamed, given another icon, deleted.
    fn channel_edit(&self, op: u8) -> Edit {
        let list = self.m.channels();
        let id = list
            .get(nth(list.len(), self.a))
            .map(|c| c.id.clone())
            .unwrap_or_default();
        match op {
            30 | 31 => Edit::InsertChannel {
                index: nth(list.len() + 1, self.b),
                channel: OwnChannel {
                    id: self.fresh.clone(),
                    name: ["WhatsApp", "Bizum", "Glovo", "Tienda física ñ"][self.c % 4].into(),
                    icon: ["message", "wallet", "bike", "no-such-icon"]
                        .get(self.b % 5)
                        .map(|s| s.to_string()),
                    ..OwnChannel::default()
                },
                cards: vec![],
            },
            32 => Edit::UpdateChannel {
                id,
                patch: ChannelPatch {
                    name: Some(TEXTS[self.b % 5].into()),
                    icon: Some(if self.c % 2 == 0 {
                        None
                    } else {
                        Some("delivery".into())
                    }),
                },
            },
            _ => Edit::DeleteChannel { id },
        }
    }

    /// An emotion score or a funnel value.
    fn point_edit(&self, op: u8) -> Edit {
        match op {
            24 => Edit::SetScore {
                lane: self.lane_id(self.a),
                stage: self.stage_id(self.b),
                score: Some((self.c % 5) as i8 - 2),
                card_id: self.fresh.clone(),
                // Now the general curve, now a persona's, as-is or to-be.
                persona: (self.c % 3 > 0 && !self.m.personas().is_empty())
                    .then(|| self.persona_id(self.b)),
                to_be: (self.c % 4 == 3).then_some(true),
            },
            _ => Edit::SetFunnelValue {
                lane: self.lane_id(self.a),
                stage: self.stage_id(self.b),
                value: if self.c % 4 == 0 {
                    None
                } else {
                    Some(self.c as f64)
                },
                card_id: self.fresh.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_two_personas_map_is_valid_in_every_language() {
        for lang in ["es", "en", "pt-BR"] {
            let m = super::two_personas(lang);
            assert!(crate::validate::validate_map(&m).is_empty(), "{lang}");
            assert_eq!(m.personas().len(), 2);
            assert_eq!(crate::format::version_for(&m), 2);
        }
    }

    #[test]
    fn the_metrics_map_is_valid_and_needs_version_2() {
        let m = super::with_metrics("es");
        assert!(crate::validate::validate_map(&m).is_empty());
        assert_eq!(crate::format::version_for(&m), 2);
    }

    #[test]
    fn the_evidence_map_is_valid_needs_version_2_and_holds_each_confidence() {
        for lang in ["es", "en", "pt-BR"] {
            let m = super::with_evidence(lang);
            assert!(crate::validate::validate_map(&m).is_empty(), "{lang}");
            assert_eq!(crate::format::version_for(&m), 2);
            for c in crate::model::CONFIDENCES {
                assert!(m.cards.iter().any(|k| k.confidence() == Some(c)), "{c}");
            }
        }
    }

    #[test]
    fn sample_maps_are_valid_and_sized() {
        for n in [0, 50, 1500] {
            let m = super::map_with_cards(n);
            assert_eq!(m.cards.len(), n);
            assert!(crate::validate::validate_map(&m).is_empty());
        }
    }
}
