//! The channel icon set (`icons/channels/*.svg`, Tabler Icons, MIT): 24×24
//! outline icons drawn with a 2px round stroke in the current colour.

const SOURCES: &[(&str, &str)] = &[
    ("web", include_str!("../../../icons/channels/web.svg")),
    ("app", include_str!("../../../icons/channels/app.svg")),
    ("email", include_str!("../../../icons/channels/email.svg")),
    ("social", include_str!("../../../icons/channels/social.svg")),
    ("search", include_str!("../../../icons/channels/search.svg")),
    ("ads", include_str!("../../../icons/channels/ads.svg")),
    ("phone", include_str!("../../../icons/channels/phone.svg")),
    ("chat", include_str!("../../../icons/channels/chat.svg")),
    ("store", include_str!("../../../icons/channels/store.svg")),
    ("event", include_str!("../../../icons/channels/event.svg")),
    ("print", include_str!("../../../icons/channels/print.svg")),
    (
        "word_of_mouth",
        include_str!("../../../icons/channels/word_of_mouth.svg"),
    ),
    (
        "marketplace",
        include_str!("../../../icons/channels/marketplace.svg"),
    ),
    ("other", include_str!("../../../icons/channels/other.svg")),
];

/// The path data of an icon's strokes (the invisible 24×24 frame left out);
/// an unknown name gets the "other" icon.
pub fn paths(name: &str) -> Vec<&'static str> {
    let src = SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .or_else(|| SOURCES.iter().find(|(n, _)| *n == "other"))
        .map(|(_, s)| *s)
        .unwrap_or("");
    let mut out = Vec::new();
    for element in src.split("<path").skip(1) {
        let element = element.split("/>").next().unwrap_or("");
        if element.contains("stroke=\"none\"") {
            continue;
        }
        if let Some(d) = element
            .split("d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            out.push(d);
        }
    }
    out
}

/// Every icon name in the set.
pub fn names() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_icon_has_strokes_and_the_frame_is_left_out() {
        for name in super::names() {
            let p = super::paths(name);
            assert!(!p.is_empty(), "{name} has no paths");
            assert!(
                p.iter().all(|d| *d != "M0 0h24v24H0z"),
                "{name} kept its frame"
            );
        }
        assert_eq!(super::paths("no-such"), super::paths("other"));
    }
}
