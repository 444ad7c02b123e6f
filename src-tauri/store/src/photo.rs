//! Persona photos are decoded and written again before they are stored: only
//! the pixels of a PNG or JPEG get in, at most 512 px a side, never the bytes
//! someone sent (no SVG, no scripts, no metadata, no decoder tricks kept).
//! The picture is turned upright first, as its EXIF orientation says (a
//! phone's photo taken upright is stored sideways with a note to turn it),
//! and a PNG stays a PNG, so a cut-out keeps its transparent background.

use std::io::Cursor;

use base64::Engine;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use travesia_core::model::Map;
use travesia_core::Edit;

use crate::{FormatError, StoreError};

/// The longest side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 512;
/// The largest picture we agree to decode, a side.
const MAX_DECODE_SIDE: u32 = 12_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("the photo is not a PNG or JPEG image")]
    NotAnImage,
    #[error("the photo could not be read: {0}")]
    Broken(String),
    #[error("the photo is too large to read ({0} × {1} pixels)")]
    TooLarge(u32, u32),
}

/// The picture, upright, and the format it came in.
fn decode(bytes: &[u8]) -> Result<(DynamicImage, ImageFormat), PhotoError> {
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits.clone());
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    if w > MAX_DECODE_SIDE || h > MAX_DECODE_SIDE {
        return Err(PhotoError::TooLarge(w, h));
    }
    let broken = |e: image::ImageError| PhotoError::Broken(e.to_string());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(broken)?;
    // The whole picture must fit the allowance before it is decoded.
    limits.reserve(decoder.total_bytes()).map_err(broken)?;
    // A missing or unreadable orientation is upright.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(broken)?;
    img.apply_orientation(orientation);
    Ok((img, format))
}

/// The bytes of an image file as a clean `data:` URI, upright and scaled
/// down to 512 px a side: a PNG written again as a PNG (with its
/// transparency, if it has any), a JPEG as a JPEG.
pub fn clean_bytes(bytes: &[u8]) -> Result<String, PhotoError> {
    let (img, format) = decode(bytes)?;
    encode(img, format, MAX_SIDE)
}

/// The longest side of a stored logo, in pixels: sharp in a poster's
/// header at print size.
pub const LOGO_SIDE: u32 = 1024;

/// The bytes of a logo (PNG or JPEG) as a clean `data:` URI, as
/// [`clean_bytes`] makes a photo's, at most [`LOGO_SIDE`] px a side; smaller
/// when that would not fit the format's 2 MiB.
pub fn clean_logo(bytes: &[u8]) -> Result<String, PhotoError> {
    clean_within(bytes, LOGO_SIDE)
}

/// The longest side of a stored card image, in pixels: a card on an A0
/// poster is about 1,200 px wide at 300 dpi, so a screenshot stays sharp.
pub const IMAGE_SIDE: u32 = 2048;

/// The bytes of a card's image (PNG, JPEG or WebP) as a clean `data:` URI:
/// upright, at most [`IMAGE_SIDE`] px a side and within the format's 2 MiB.
/// A WebP is written again as a PNG (with its transparency) or, without
/// transparency, as a JPEG.
pub fn clean_image(bytes: &[u8]) -> Result<String, PhotoError> {
    clean_within(bytes, IMAGE_SIDE)
}

/// A clean `data:` URI at most `most` px a side, halved until it fits the
/// format's 2 MiB.
fn clean_within(bytes: &[u8], most: u32) -> Result<String, PhotoError> {
    let (img, format) = decode(bytes)?;
    let mut side = most;
    loop {
        let uri = encode(img.clone(), format, side)?;
        // The decoded size is three quarters of the base64.
        if uri.len() / 4 * 3 <= travesia_core::validate::PHOTO_MAX_BYTES || side <= 128 {
            return Ok(uri);
        }
        side /= 2;
    }
}

/// The picture scaled down to `side` px a side at most, written as its
/// format (PNG with its transparency, JPEG at quality 88) in a `data:` URI.
fn encode(img: DynamicImage, format: ImageFormat, side: u32) -> Result<String, PhotoError> {
    let img = if img.width() > side || img.height() > side {
        img.resize(side, side, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let mut out = Vec::new();
    let png =
        format == ImageFormat::Png || (format == ImageFormat::WebP && img.color().has_alpha());
    let mime = if png {
        let written = if img.color().has_alpha() {
            img.to_rgba8()
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        } else {
            img.to_rgb8()
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        };
        written.map_err(|e| PhotoError::Broken(e.to_string()))?;
        "png"
    } else {
        let rgb = img.to_rgb8();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut out), 88);
        enc.encode_image(&rgb)
            .map_err(|e| PhotoError::Broken(e.to_string()))?;
        "jpeg"
    };
    Ok(format!(
        "data:image/{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&out)
    ))
}

/// A `data:image/(png|jpeg);base64,…` URI decoded and written again.
pub fn clean_uri(uri: &str) -> Result<String, PhotoError> {
    clean_bytes(&uri_bytes(uri)?)
}

/// A card image's `data:` URI decoded and written again, as
/// [`clean_image`] does.
pub fn clean_image_uri(uri: &str) -> Result<String, PhotoError> {
    clean_image(&uri_bytes(uri)?)
}

/// A logo's `data:` URI decoded and written again, as [`clean_logo`] does.
pub fn clean_logo_uri(uri: &str) -> Result<String, PhotoError> {
    clean_logo(&uri_bytes(uri)?)
}

fn uri_bytes(uri: &str) -> Result<Vec<u8>, PhotoError> {
    let data = uri
        .strip_prefix("data:image/png;base64,")
        .or_else(|| uri.strip_prefix("data:image/jpeg;base64,"))
        .ok_or(PhotoError::NotAnImage)?;
    base64::engine::general_purpose::STANDARD
        .decode(data.trim_end())
        .map_err(|e| PhotoError::Broken(e.to_string()))
}

fn refused(path: &str, e: PhotoError) -> StoreError {
    FormatError::Invalid(vec![travesia_core::format::Issue {
        path: path.to_string(),
        message: e.to_string(),
        problem: travesia_core::validate::Problem::BadPhoto,
    }])
    .into()
}

/// Every persona photo of a map, its logo and its cards' images, cleaned.
pub fn clean_map(map: &mut Map) -> Result<(), StoreError> {
    clean_map_keeping(map, &|_| false)
}

/// As [`clean_map`], but a card image for which `kept` answers true is
/// kept as it is (one the library already holds, written once already).
fn clean_map_keeping(map: &mut Map, kept: &dyn Fn(&str) -> bool) -> Result<(), StoreError> {
    for (i, c) in map.cards.iter_mut().enumerate() {
        if let Some(image) = c.image.as_deref().filter(|i| !kept(i)) {
            let clean =
                clean_image_uri(image).map_err(|e| refused(&format!("map.cards[{i}].image"), e))?;
            c.image = Some(clean);
        }
    }
    if let Some(t) = map.theme.as_mut() {
        if let Some(logo) = &t.logo {
            t.logo = Some(clean_logo_uri(logo).map_err(|e| refused("map.theme.logo", e))?);
        }
    }
    for (i, p) in map.personas.iter_mut().flatten().enumerate() {
        if let Some(photo) = &p.photo {
            let clean =
                clean_uri(photo).map_err(|e| refused(&format!("map.personas[{i}].photo"), e))?;
            p.photo = Some(clean);
        }
    }
    Ok(())
}

/// The edit with every photo it brings cleaned; `None` when it brings none.
/// `map` is the map it applies to, its pictures clean already: a picture it
/// holds (the logo a theme keeps, a card's image pasted again) is not
/// written again.
pub fn clean_edit(edit: &Edit, map: &Map) -> Result<Option<Edit>, StoreError> {
    let logo = map.theme.as_ref().and_then(|t| t.logo.as_deref());
    let held = |uri: &str| map.cards.iter().any(|c| c.image.as_deref() == Some(uri));
    Ok(match edit {
        Edit::InsertCard { card, place, steps }
            if card.image.as_deref().is_some_and(|i| !held(i)) =>
        {
            let mut card = card.clone();
            if let Some(image) = &card.image {
                card.image =
                    Some(clean_image_uri(image).map_err(|e| refused("edit.card.image", e))?);
            }
            Some(Edit::InsertCard {
                card,
                place: *place,
                steps: steps.clone(),
            })
        }
        Edit::UpdateCard { id, patch } => match &patch.image {
            Some(Some(image)) if !held(image) => {
                let mut patch = patch.clone();
                patch.image = Some(Some(
                    clean_image_uri(image).map_err(|e| refused("edit.patch.image", e))?,
                ));
                Some(Edit::UpdateCard {
                    id: id.clone(),
                    patch,
                })
            }
            _ => None,
        },
        Edit::InsertPersona {
            index,
            persona,
            cards,
            steps,
        } if persona.photo.is_some() => {
            let mut persona = persona.clone();
            if let Some(photo) = &persona.photo {
                persona.photo =
                    Some(clean_uri(photo).map_err(|e| refused("edit.persona.photo", e))?);
            }
            Some(Edit::InsertPersona {
                index: *index,
                persona,
                cards: cards.clone(),
                steps: steps.clone(),
            })
        }
        Edit::UpdatePersona { id, patch } => match &patch.photo {
            Some(Some(photo)) => {
                let mut patch = patch.clone();
                patch.photo = Some(Some(
                    clean_uri(photo).map_err(|e| refused("edit.patch.photo", e))?,
                ));
                Some(Edit::UpdatePersona {
                    id: id.clone(),
                    patch,
                })
            }
            _ => None,
        },
        Edit::SetTheme { theme: Some(t) } if t.logo.is_some() && t.logo.as_deref() != logo => {
            let mut t = t.clone();
            if let Some(logo) = &t.logo {
                t.logo = Some(clean_logo_uri(logo).map_err(|e| refused("edit.theme.logo", e))?);
            }
            Some(Edit::SetTheme { theme: Some(t) })
        }
        Edit::ReplaceMap { map: next }
            if next.personas().iter().any(|p| p.photo.is_some())
                || next.theme.as_ref().is_some_and(|t| t.logo.is_some())
                || next.cards.iter().any(|c| c.image.is_some()) =>
        {
            let mut next = next.clone();
            // A version brought back holds the pictures the map has: not written again.
            clean_map_keeping(&mut next, &held)?;
            Some(Edit::ReplaceMap { map: next })
        }
        Edit::Batch { edits } => {
            let mut changed = false;
            let mut out = Vec::with_capacity(edits.len());
            for e in edits {
                match clean_edit(e, map)? {
                    Some(c) => {
                        changed = true;
                        out.push(c);
                    }
                    None => out.push(e.clone()),
                }
            }
            changed.then_some(Edit::Batch { edits: out })
        }
        _ => None,
    })
}
