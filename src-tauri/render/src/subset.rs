//! Fonts cut down to the glyphs a file uses (with a Unicode cmap, so text
//! maps to glyphs as usual): the PDF's fonts, and the SVG's CJK fallback.

use std::collections::BTreeSet;

use skrifa::MetadataProvider;

/// `bytes` (a TrueType or OpenType font) cut down to the glyphs of `chars`,
/// or none when it cannot be cut.
pub(crate) fn subset_chars(bytes: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let font = skrifa::FontRef::new(bytes).ok()?;
    let map = font.charmap();
    let gids: Vec<u16> = chars
        .iter()
        .filter_map(|c| map.map(*c))
        .filter_map(|g| u16::try_from(g.to_u32()).ok())
        .collect();
    subset_glyphs(bytes, gids)
}

/// `bytes` cut down to glyphs `gids` (and the missing glyph, 0).
pub(crate) fn subset_glyphs(bytes: &[u8], mut gids: Vec<u16>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    gids.retain(|g| *g != 0);
    gids.sort_unstable();
    gids.dedup();
    gids.insert(0, 0);
    ReadScope::new(bytes)
        .read::<FontData>()
        .ok()
        .and_then(|f| f.table_provider(0).ok())
        .and_then(|p| subset(&p, &gids, &SubsetProfile::Minimal, CmapTarget::Unicode).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use travesia_layout::text::{CJK_FILE, FONT_FILES};

    #[test]
    fn a_cut_font_keeps_the_characters_asked_for_and_little_else() {
        let (_, whole) = FONT_FILES.iter().find(|(n, _)| *n == CJK_FILE).unwrap();
        let chars: BTreeSet<char> = "顾客旅程고객ジャ".chars().collect();
        let cut = subset_chars(whole, &chars).expect("the font can be cut");
        assert!(cut.len() < 40_000, "{} bytes of {}", cut.len(), whole.len());
        let font = skrifa::FontRef::new(&cut).expect("the cut font is a font");
        let map = font.charmap();
        for c in &chars {
            assert!(map.map(*c).is_some_and(|g| g.to_u32() != 0), "{c}");
        }
        assert!(map.map('中').is_none(), "only what was asked for");
    }
}
