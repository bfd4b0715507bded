//! PDF documents (invitation letters, certificates of attendance): A4 pages of text in the PDF
//! standard fonts Helvetica and Helvetica-Bold, written with `pdf-writer`, and PNG or JPEG images
//! (a meeting's letterhead and signature). The standard fonts need no embedded font file and are
//! in every reader; their WinAnsi encoding covers English, French and Portuguese (a character it
//! lacks is written as `?`). Text is laid out here: wrapped to the page's width with Helvetica's
//! metrics, left-aligned, centred or right-aligned, flowing onto a new page when one is full.

use crate::domain::{ErrorCode, FieldError};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN_X: f32 = 64.0;
const MARGIN_TOP: f32 = 48.0;
const MARGIN_BOTTOM: f32 = 56.0;
/// Images larger than this (pixels a side) are refused: a letterhead is a few thousand wide.
const MAX_SIDE: u32 = 4000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// What a page holds, top to bottom.
#[derive(Clone, Debug)]
pub enum Block {
    /// Text in `size` points, wrapped to the text width.
    Text { text: String, size: f32, bold: bool, align: Align },
    /// Two texts on one line: one at the left margin, one at the right (a reference and a date).
    Split { left: String, right: String, size: f32 },
    /// An image (index into the document's images), `width` points wide at most (the text width
    /// when larger), its height following its proportions, at most `max_height` points.
    Image { index: usize, width: f32, max_height: f32, align: Align },
    /// Vertical space in points.
    Space(f32),
    /// Starts a new page.
    PageBreak,
}

/// A decoded image, ready for the PDF.
#[derive(Clone, Debug)]
pub struct Image {
    width: u32,
    height: u32,
    data: ImageData,
}

#[derive(Clone, Debug)]
enum ImageData {
    /// JPEG bytes as they are (the PDF reader decodes them), with their number of components.
    Jpeg { bytes: Vec<u8>, components: u8 },
    /// 8-bit RGB, zlib-compressed, and the alpha channel when there is one.
    Flate { rgb: Vec<u8>, alpha: Option<Vec<u8>> },
}

impl Image {
    /// Reads a PNG or JPEG (decided by the content). A file that is neither, or that cannot be
    /// decoded, or that is huge, is refused as a `field` error.
    pub fn read(field: &str, bytes: &[u8]) -> Result<Image, FieldError> {
        let refuse = || FieldError::new(field, ErrorCode::FileType);
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return png_image(bytes).ok_or_else(refuse);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            let (width, height, components) = jpeg_size(bytes).ok_or_else(refuse)?;
            if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || ![1, 3, 4].contains(&components) {
                return Err(refuse());
            }
            return Ok(Image { width, height, data: ImageData::Jpeg { bytes: bytes.to_vec(), components } });
        }
        Err(refuse())
    }
}

fn png_image(bytes: &[u8]) -> Option<Image> {
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: 64 * 1024 * 1024 });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut buf).ok()?;
    let pixels = &buf[..frame.buffer_size()];
    let (rgb, alpha): (Vec<u8>, Option<Vec<u8>>) = match frame.color_type {
        png::ColorType::Rgb => (pixels.to_vec(), None),
        png::ColorType::Rgba => {
            (pixels.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect(), Some(pixels.chunks_exact(4).map(|p| p[3]).collect()))
        }
        png::ColorType::Grayscale => (pixels.iter().flat_map(|g| [*g, *g, *g]).collect(), None),
        png::ColorType::GrayscaleAlpha => {
            (pixels.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0]]).collect(), Some(pixels.chunks_exact(2).map(|p| p[1]).collect()))
        }
        png::ColorType::Indexed => return None,
    };
    // An alpha channel that hides nothing is left out.
    let alpha = alpha.filter(|a| a.iter().any(|v| *v != 255));
    let zip = |b: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(b, 6);
    Some(Image { width: w, height: h, data: ImageData::Flate { rgb: zip(&rgb), alpha: alpha.map(|a| zip(&a)) } })
}

/// A JPEG's width, height and components, from its first start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            return Some((w, h, bytes[i + 9]));
        }
        i += 2 + len;
    }
    None
}

/// The character's code in WinAnsiEncoding, `?` when it has none.
fn win_ansi(c: char) -> u8 {
    match c as u32 {
        0x20..=0x7E | 0xA0..=0xFF => c as u32 as u8,
        _ => match c {
            '\u{20AC}' => 0x80,
            '\u{201A}' => 0x82,
            '\u{0192}' => 0x83,
            '\u{201E}' => 0x84,
            '\u{2026}' => 0x85,
            '\u{2020}' => 0x86,
            '\u{2021}' => 0x87,
            '\u{02C6}' => 0x88,
            '\u{2030}' => 0x89,
            '\u{0160}' => 0x8A,
            '\u{2039}' => 0x8B,
            '\u{0152}' => 0x8C,
            '\u{017D}' => 0x8E,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{02DC}' => 0x98,
            '\u{2122}' => 0x99,
            '\u{0161}' => 0x9A,
            '\u{203A}' => 0x9B,
            '\u{0153}' => 0x9C,
            '\u{017E}' => 0x9E,
            '\u{0178}' => 0x9F,
            '\u{202F}' | '\u{2009}' => 0xA0,
            _ => b'?',
        },
    }
}

/// Helvetica's advance widths (thousandths of an em) of the printable ASCII characters.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/// The width of an encoded character: the table for ASCII; for the rest of WinAnsi, the width
/// of a letter of the same kind (accented letters are as wide as their base letter, near enough
/// for wrapping and centring).
fn char_width(code: u8, bold: bool) -> f32 {
    let w = match code {
        0x20..=0x7E => HELVETICA[(code - 0x20) as usize] as f32,
        0x96 => 556.0,
        0x97 | 0x89 => 1000.0,
        0x91 | 0x92 | 0x82 => 222.0,
        0x93 | 0x94 | 0x84 => 333.0,
        0xC0..=0xDE => 722.0,
        _ => 556.0,
    };
    // Helvetica-Bold is a little wider.
    if bold {
        w * 1.06
    } else {
        w
    }
}

fn text_width(encoded: &[u8], size: f32, bold: bool) -> f32 {
    encoded.iter().map(|c| char_width(*c, bold)).sum::<f32>() * size / 1000.0
}

/// Splits encoded text into lines no wider than `width` (at spaces; a word longer than the line
/// is cut). Line breaks in the text are kept.
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<Vec<u8>> {
    let mut lines = vec![];
    for para in text.split('\n') {
        let mut line: Vec<u8> = vec![];
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<u8> = word.chars().map(win_ansi).collect();
            let candidate = if line.is_empty() { word.clone() } else { [line.as_slice(), b" ", word.as_slice()].concat() };
            if text_width(&candidate, size, bold) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            while text_width(&word, size, bold) > width && word.len() > 1 {
                let mut cut = word.len() - 1;
                while cut > 1 && text_width(&word[..cut], size, bold) > width {
                    cut -= 1;
                }
                lines.push(word[..cut].to_vec());
                word = word[cut..].to_vec();
            }
            line = word;
        }
        lines.push(line);
    }
    lines
}

/// Lays the blocks out on A4 pages and writes the PDF (`title` in its document information).
pub fn render(title: &str, blocks: &[Block], images: &[Image]) -> Vec<u8> {
    let text_w = PAGE_W - 2.0 * MARGIN_X;
    let mut pages: Vec<Content> = vec![Content::new()];
    let mut y = PAGE_H - MARGIN_TOP;
    let x_for = |align: Align, w: f32| match align {
        Align::Left => MARGIN_X,
        Align::Center => (PAGE_W - w) / 2.0,
        Align::Right => PAGE_W - MARGIN_X - w,
    };
    fn line(c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, text: &[u8]) {
        c.begin_text();
        c.set_font(Name(font), size);
        c.next_line(x, y);
        c.show(Str(text));
        c.end_text();
    }
    for block in blocks {
        match block {
            Block::Text { text, size, bold, align } => {
                let font: &[u8] = if *bold { b"F2" } else { b"F1" };
                let lead = size * 1.35;
                for l in wrap(text, *size, *bold, text_w) {
                    if y - lead < MARGIN_BOTTOM {
                        pages.push(Content::new());
                        y = PAGE_H - MARGIN_TOP;
                    }
                    y -= lead;
                    let x = x_for(*align, text_width(&l, *size, *bold));
                    line(pages.last_mut().expect("a page"), font, *size, x, y + size * 0.3, &l);
                }
            }
            Block::Split { left, right, size } => {
                let lead = size * 1.35;
                if y - lead < MARGIN_BOTTOM {
                    pages.push(Content::new());
                    y = PAGE_H - MARGIN_TOP;
                }
                y -= lead;
                let (l, r): (Vec<u8>, Vec<u8>) = (left.chars().map(win_ansi).collect(), right.chars().map(win_ansi).collect());
                let page = pages.last_mut().expect("a page");
                line(page, b"F1", *size, MARGIN_X, y + size * 0.3, &l);
                line(page, b"F1", *size, x_for(Align::Right, text_width(&r, *size, false)), y + size * 0.3, &r);
            }
            Block::Image { index, width, max_height, align } => {
                let Some(img) = images.get(*index) else { continue };
                let mut w = width.min(text_w);
                let mut h = w * img.height as f32 / img.width as f32;
                if h > *max_height {
                    h = *max_height;
                    w = h * img.width as f32 / img.height as f32;
                }
                if y - h < MARGIN_BOTTOM {
                    pages.push(Content::new());
                    y = PAGE_H - MARGIN_TOP;
                }
                y -= h;
                let name = format!("Im{index}");
                let page = pages.last_mut().expect("a page");
                page.save_state();
                page.transform([w, 0.0, 0.0, h, x_for(*align, w), y]);
                page.x_object(Name(name.as_bytes()));
                page.restore_state();
            }
            Block::Space(s) => y -= s,
            Block::PageBreak => {
                pages.push(Content::new());
                y = PAGE_H - MARGIN_TOP;
            }
        }
    }

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let (catalog, tree, regular, bold, info) = (alloc(), alloc(), alloc(), alloc(), alloc());
    let image_refs: Vec<(Ref, Ref)> = images.iter().map(|_| (alloc(), alloc())).collect();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().map(|(p, _)| *p)).count(page_refs.len() as i32);
    pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info).title(TextStr(title)).creator(TextStr("MIDSA Dialogue")).producer(TextStr("MIDSA Dialogue"));
    for (img, (id, mask_id)) in images.iter().zip(&image_refs) {
        match &img.data {
            ImageData::Jpeg { bytes, components } => {
                let mut x = pdf.image_xobject(*id, bytes);
                x.filter(Filter::DctDecode);
                x.width(img.width as i32);
                x.height(img.height as i32);
                match components {
                    1 => x.color_space().device_gray(),
                    4 => x.color_space().device_cmyk(),
                    _ => x.color_space().device_rgb(),
                }
                x.bits_per_component(8);
                x.finish();
            }
            ImageData::Flate { rgb, alpha } => {
                let mut x = pdf.image_xobject(*id, rgb);
                x.filter(Filter::FlateDecode);
                x.width(img.width as i32);
                x.height(img.height as i32);
                x.color_space().device_rgb();
                x.bits_per_component(8);
                if alpha.is_some() {
                    x.s_mask(*mask_id);
                }
                x.finish();
                if let Some(a) = alpha {
                    let mut m = pdf.image_xobject(*mask_id, a);
                    m.filter(Filter::FlateDecode);
                    m.width(img.width as i32);
                    m.height(img.height as i32);
                    m.color_space().device_gray();
                    m.bits_per_component(8);
                    m.finish();
                }
            }
        }
    }
    let names: Vec<String> = (0..images.len()).map(|i| format!("Im{i}")).collect();
    for (content, (page_id, content_id)) in pages.into_iter().zip(&page_refs) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(*content_id);
        let mut resources = page.resources();
        resources.fonts().pair(Name(b"F1"), regular).pair(Name(b"F2"), bold);
        let mut x_objects = resources.x_objects();
        for (name, (id, _)) in names.iter().zip(&image_refs) {
            x_objects.pair(Name(name.as_bytes()), *id);
        }
        x_objects.finish();
        resources.finish();
        page.finish();
        let data = miniz_oxide::deflate::compress_to_vec_zlib(content.finish().as_slice(), 6);
        pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_for_winansi_and_wrapped_to_the_width() {
        assert_eq!("Ação é".chars().map(win_ansi).collect::<Vec<_>>(), vec![b'A', 0xE7, 0xE3, b'o', b' ', 0xE9]);
        assert_eq!(win_ansi('’'), 0x92);
        assert_eq!(win_ansi('\u{4E2D}'), b'?');
        let lines = wrap("one two three four five six seven", 12.0, false, 60.0);
        assert!(lines.len() > 2 && lines.iter().all(|l| text_width(l, 12.0, false) <= 60.0), "{lines:?}");
        assert_eq!(wrap("a\nb", 12.0, false, 100.0), vec![b"a".to_vec(), b"b".to_vec()]);
        let long = wrap(&"x".repeat(200), 12.0, false, 100.0);
        assert!(long.len() > 1 && long.iter().all(|l| text_width(l, 12.0, false) <= 100.0));
    }

    #[test]
    fn a_jpegs_size_is_read_from_its_frame_header() {
        // SOI, an APP0 segment, then SOF0: precision 8, height 40, width 120, 3 components.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 40, 0x00, 120, 0x03]);
        jpeg.extend_from_slice(&[0; 16]);
        assert_eq!(jpeg_size(&jpeg), Some((120, 40, 3)));
        let img = Image::read("f", &jpeg).unwrap();
        assert_eq!((img.width, img.height), (120, 40));
        let pdf = render("t", &[Block::Image { index: 0, width: 200.0, max_height: 50.0, align: Align::Center }], &[img]);
        assert!(pdf.windows(9).any(|w| w == b"DCTDecode"));
    }

    #[test]
    fn long_text_flows_onto_new_pages() {
        let blocks: Vec<Block> =
            (0..120).map(|i| Block::Text { text: format!("Line {i}"), size: 11.0, bold: false, align: Align::Left }).collect();
        let pdf = render("t", &blocks, &[]);
        let pages = pdf.windows(10).filter(|w| w == b"/Type /Pag" || w == b"/Type/Page").count();
        assert!(pages >= 3, "{pages} page objects (and the tree)");
    }

    #[test]
    fn images_are_read_by_content_and_refused_otherwise() {
        assert!(Image::read("f", b"%PDF-1.4").is_err());
        assert!(Image::read("f", b"\x89PNG\r\n\x1a\nbroken").is_err());
        assert!(Image::read("f", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0]).is_err());
    }
}
