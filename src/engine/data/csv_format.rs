//! CSV files as they come: gzip-compressed or plain, with or without a UTF-8 byte-order mark,
//! a header row or none (columns are then named c0, c1, …), and the delimiter comma,
//! semicolon, tab or runs of spaces (detected from the first line, or as the scene says).
//! Quoted fields and CRLF line ends are the csv crate's.

use super::text_file::{MAX_LINE_BYTES, TextLines};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read};

/// What separates the cells of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;` (spreadsheets in locales with a decimal comma)
    Semicolon,
    /// A tab.
    Tab,
    /// One or more spaces or tabs (fixed-width and whitespace tables); no quoting.
    Spaces,
}

impl Delimiter {
    /// Its name, as a scene file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
            Delimiter::Spaces => "spaces",
        }
    }

    /// The delimiter a first line uses: the most frequent of comma, semicolon and tab outside
    /// quotes; with none of them, runs of spaces if the line has any between cells; else comma.
    pub fn detect(line: &str) -> Delimiter {
        let mut counts = [0usize; 3];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                '\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let best = (0..3)
            .max_by_key(|&k| (counts[k], usize::MAX - k))
            .unwrap_or(0);
        if counts[best] > 0 {
            return [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab][best];
        }
        if line.split_whitespace().count() > 1 {
            Delimiter::Spaces
        } else {
            Delimiter::Comma
        }
    }
}

/// The text of a CSV file, decompressed and without a byte-order mark, with the first line
/// read ahead (for detecting the delimiter).
pub struct CsvText<'a> {
    /// The first line (without its line end), or empty for an empty file.
    pub first_line: String,
    /// Whether the file was gzip-compressed.
    pub compressed: bool,
    /// The whole text, the first line included.
    pub reader: Box<dyn Read + 'a>,
}

/// The gzip magic number.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The UTF-8 byte-order mark.
const BOM: [u8; 3] = [0xef, 0xbb, 0xbf];

/// Opens CSV text from raw file bytes: gzip is decompressed (several members, as `cat a.gz
/// b.gz` makes, included), a byte-order mark dropped, binary content and over-long lines
/// refused (by [`TextLines`]).
pub fn open_text<'a>(raw: impl Read + 'a) -> std::io::Result<CsvText<'a>> {
    let mut raw = BufReader::new(raw);
    let compressed = raw.fill_buf()?.starts_with(&GZIP_MAGIC);
    let decoded: Box<dyn Read + 'a> = if compressed {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    let mut text = BufReader::new(TextLines::new(decoded));
    let mut first = Vec::new();
    text.by_ref()
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', &mut first)?;
    if first.starts_with(&BOM) {
        first.drain(..BOM.len());
    }
    let first_line = String::from_utf8_lossy(&first)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    let reader = Box::new(std::io::Cursor::new(first).chain(text));
    Ok(CsvText {
        first_line,
        compressed,
        reader,
    })
}

/// Turns runs of spaces and tabs into single commas, line by line (leading and trailing ones
/// dropped), so a whitespace table reads as CSV.
pub struct SpacesToCommas<R> {
    inner: R,
    line: String,
    out: Vec<u8>,
    at: usize,
}

impl<R: BufRead> SpacesToCommas<R> {
    /// Reads whitespace-separated text from `inner`.
    pub fn new(inner: R) -> Self {
        SpacesToCommas {
            inner,
            line: String::new(),
            out: Vec::new(),
            at: 0,
        }
    }
}

impl<R: BufRead> Read for SpacesToCommas<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            self.line.clear();
            if self.inner.read_line(&mut self.line)? == 0 {
                return Ok(0);
            }
            self.out.clear();
            self.at = 0;
            let cells: Vec<&str> = self.line.split_whitespace().collect();
            self.out.extend_from_slice(cells.join(",").as_bytes());
            self.out.push(b'\n');
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Whether a first row is data rather than a header: every cell a number.
pub fn looks_like_data(cells: &[String]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| c.trim().parse::<f64>().is_ok())
}

/// Column names for a file without a header: c0, c1, …
pub fn numbered_columns(count: usize) -> Vec<String> {
    (0..count).map(|k| format!("c{k}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected_from_the_first_line() {
        assert_eq!(Delimiter::detect("a,b,c"), Delimiter::Comma);
        assert_eq!(Delimiter::detect("a;b;c"), Delimiter::Semicolon);
        assert_eq!(Delimiter::detect("a\tb\tc"), Delimiter::Tab);
        assert_eq!(Delimiter::detect("  1.0   2.5  3"), Delimiter::Spaces);
        assert_eq!(Delimiter::detect("\"x,y\";z;w"), Delimiter::Semicolon);
        assert_eq!(Delimiter::detect("single"), Delimiter::Comma);
    }

    #[test]
    fn runs_of_spaces_become_single_commas() {
        let mut out = String::new();
        SpacesToCommas::new("  1  2\t 3 \n4 5 6\r\n".as_bytes())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "1,2,3\n4,5,6\n");
    }
}
