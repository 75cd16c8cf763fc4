//! Loading a table from a CSV file: chosen feature columns plus a label column, the file as it
//! comes (see `csv_format`: gzip, byte-order mark, header or none, the delimiter), all of it or
//! only its first rows or a seeded random sample of rows, in one pass.

pub use super::csv_format::Delimiter;
use super::csv_format::{SpacesToCommas, looks_like_data, numbered_columns, open_text};
use super::table::{Table, Task};
pub use super::text_file::{MAX_LINE_BYTES, open_file};
use super::values::Values;
use std::collections::BTreeSet;
use std::io::Read;
use thiserror::Error;

/// Why a CSV file could not become a table. Rows count from 1 for the header, as an editor shows.
#[derive(Debug, Error, PartialEq)]
pub enum CsvError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// No header row.
    #[error("the file is empty (a header row is needed)")]
    Empty,
    /// A header but no data rows.
    #[error("the file has a header but no data rows")]
    NoRows,
    /// The label column is not in the header.
    #[error("no label column '{label}' in the header (columns: {columns})")]
    MissingLabel {
        /// The requested label column.
        label: String,
        /// The header's columns.
        columns: String,
    },
    /// The weight column named as a feature.
    #[error("'{0}' is the event weight; it cannot also be a feature")]
    WeightAsFeature(String),
    /// A requested feature column is not in the header.
    #[error("no feature column '{0}' in the header")]
    MissingFeature(String),
    /// A row with a different number of cells than the header.
    #[error("row {row}: {found} cells where the header has {expected}")]
    Ragged {
        /// 1-based line.
        row: usize,
        /// Cells found.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A cell that is not a finite number.
    #[error("row {row}, column '{column}': '{cell}' is not a finite number")]
    BadCell {
        /// 1-based line.
        row: usize,
        /// Column name.
        column: String,
        /// The cell's text.
        cell: String,
    },
    /// The path is not a regular file (a folder, a device, a pipe).
    #[error("{0}")]
    NotAFile(String),
    /// More data than the memory limit allows.
    #[error(
        "row {row}: the file holds more data than fits in the memory limit (half of it for \
         the table); use fewer rows or columns"
    )]
    TooLarge {
        /// The row where reading stopped.
        row: usize,
    },
    /// A classification label column holding a single class.
    #[error("the label column '{0}' holds only one class; at least two are needed")]
    OneClass(String),
    /// A feature column whose every value is the missing-value sentinel.
    #[error("column '{0}' has no values: every cell is the missing-value marker")]
    AllMissing(String),
    /// Class labels that are not whole numbers.
    #[error("row {row}, column '{column}': class label {value} is not a whole number")]
    FractionalClass {
        /// 1-based line.
        row: usize,
        /// Column name.
        column: String,
        /// The label.
        value: f64,
    },
}

/// Which columns to read and what the labels mean.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvSpec {
    /// The label column's name; empty for a file without one (every label 0, as for a file
    /// that holds one class).
    pub label: String,
    /// Feature columns; empty means every column but the label and the weight.
    pub columns: Vec<String>,
    /// The event-weight column (Kaggle Higgs' `Weight`): read into the table's weights,
    /// never a feature.
    pub weight: Option<String>,
    /// Classification (labels are whole numbers, mapped to classes in sorted order) or regression.
    pub classification: bool,
    /// A feature value meaning "missing" (as -999 in the Kaggle Higgs data): such cells are
    /// replaced by the mean of the column's other values, and the notes say so.
    pub missing: Option<f64>,
    /// How the file is laid out and how much of it to read.
    pub format: CsvFormat,
    /// Keep the columns in `f64` (else `f32`, half the memory).
    pub double: bool,
}

/// How a CSV file is laid out and how much of it to read; what is left out is detected.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvFormat {
    /// The delimiter (detected from the first line when left out).
    pub delimiter: Option<Delimiter>,
    /// Whether the first row names the columns (left out: it does unless every cell is a
    /// number); without one the columns are c0, c1, …
    pub header: Option<bool>,
    /// Read only the first this many data rows.
    pub rows: Option<usize>,
    /// Keep a random sample of this many data rows, drawn with this seed in one pass over the
    /// file, in the file's order.
    pub sample: Option<(usize, u64)>,
}

/// The sentinel for missing feature values unless a scene says otherwise.
pub const DEFAULT_MISSING: f64 = -999.0;

/// A table read from CSV, and what the reader changed on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvTable {
    /// The table.
    pub table: Table,
    /// One line per column with missing values: how many, and what replaced them.
    pub notes: Vec<String>,
}

/// The records of CSV text, its column names and what the reader made of its layout.
struct Records<'a> {
    header: Vec<String>,
    /// The first row, when it is data rather than a header.
    first_row: Option<csv::StringRecord>,
    rows: csv::StringRecordsIntoIter<Box<dyn Read + 'a>>,
    /// What the layout was, when it is not a plain comma-separated file with a header.
    notes: Vec<String>,
}

/// Opens CSV text laid out as `format` says (or as detected).
fn records<'a>(reader: impl Read + 'a, format: &CsvFormat) -> Result<Records<'a>, CsvError> {
    let text = open_text(reader).map_err(|e| CsvError::Io(e.to_string()))?;
    let mut notes = Vec::new();
    if text.compressed {
        notes.push("gzip-compressed".to_string());
    }
    let delimiter = format
        .delimiter
        .unwrap_or_else(|| Delimiter::detect(&text.first_line));
    if delimiter != Delimiter::Comma {
        let how = if format.delimiter.is_some() {
            "as set"
        } else {
            "detected"
        };
        notes.push(format!("cells separated by {} ({how})", delimiter.name()));
    }
    let (source, byte): (Box<dyn Read + 'a>, u8) = match delimiter {
        Delimiter::Spaces => (
            Box::new(SpacesToCommas::new(std::io::BufReader::new(text.reader))),
            b',',
        ),
        Delimiter::Comma => (text.reader, b','),
        Delimiter::Semicolon => (text.reader, b';'),
        Delimiter::Tab => (text.reader, b'\t'),
    };
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(byte)
        .from_reader(source)
        .into_records();
    let first = match rows.next() {
        None => return Err(CsvError::Empty),
        Some(r) => r.map_err(|e| CsvError::Io(e.to_string()))?,
    };
    let cells: Vec<String> = first.iter().map(str::to_string).collect();
    if cells.iter().all(String::is_empty) {
        return Err(CsvError::Empty);
    }
    let headed = format.header.unwrap_or(!looks_like_data(&cells));
    if headed {
        return Ok(Records {
            header: cells,
            first_row: None,
            rows,
            notes,
        });
    }
    notes.push(format!(
        "no header row: columns named c0 to c{}",
        cells.len().saturating_sub(1)
    ));
    Ok(Records {
        header: numbered_columns(cells.len()),
        first_row: Some(first),
        rows,
        notes,
    })
}

/// Where read rows go: all of them, or a seeded random sample kept in the file's order.
struct Kept {
    width: usize,
    values: Values,
    labels: Vec<f64>,
    /// With a sample: its size, the generator, and each kept row's place in the file.
    sample: Option<(usize, crate::engine::rng::Rng, Vec<usize>)>,
}

impl Kept {
    /// Offers row `index` (0-based among data rows).
    fn offer(&mut self, index: usize, row: &[f64], label: f64) {
        let Some((size, rng, places)) = self.sample.as_mut() else {
            self.values.push(row);
            self.labels.push(label);
            return;
        };
        // Algorithm R: the first `size` rows fill the sample; row i then replaces a random one
        // with probability size / (i + 1).
        let slot = if places.len() < *size {
            places.push(index);
            self.values.push(row);
            self.labels.push(label);
            return;
        } else {
            rng.below(index + 1)
        };
        if slot < *size {
            places[slot] = index;
            self.values.set(slot * self.width, row);
            self.labels[slot] = label;
        }
    }

    /// The rows kept, in the file's order.
    fn into_rows(self) -> (Values, Vec<f64>) {
        let Some((_, _, places)) = self.sample else {
            return (self.values, self.labels);
        };
        let mut order: Vec<usize> = (0..places.len()).collect();
        order.sort_by_key(|&k| places[k]);
        let values = self.values.rows_in_order(&order, self.width);
        let labels = order.iter().map(|&k| self.labels[k]).collect();
        (values, labels)
    }
}

/// Reads a CSV table from any reader. `report` is called with the number of rows read so far.
/// A table that would need more than the scene memory limit is refused while reading.
pub fn read_table(
    reader: impl Read,
    spec: &CsvSpec,
    mut report: impl FnMut(usize),
) -> Result<CsvTable, CsvError> {
    let mut records = records(reader, &spec.format)?;
    let header = records.header.clone();
    // No label column (a file that holds one class): every label is 0.
    let label_index = if spec.label.is_empty() {
        None
    } else {
        Some(
            header
                .iter()
                .position(|h| *h == spec.label)
                .ok_or_else(|| CsvError::MissingLabel {
                    label: spec.label.clone(),
                    columns: header.join(", "),
                })?,
        )
    };
    let mut feature_names: Vec<String> = if spec.columns.is_empty() {
        header
            .iter()
            .filter(|h| **h != spec.label && Some(*h) != spec.weight.as_ref())
            .cloned()
            .collect()
    } else {
        spec.columns.clone()
    };
    // The weight column is read as one more column, then split off.
    if let Some(weight) = &spec.weight {
        if feature_names.contains(weight) {
            return Err(CsvError::WeightAsFeature(weight.clone()));
        }
        feature_names.push(weight.clone());
    }
    let feature_indices = feature_names
        .iter()
        .map(|f| {
            header
                .iter()
                .position(|h| h == f)
                .ok_or_else(|| CsvError::MissingFeature(f.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut kept = Kept {
        width: feature_indices.len(),
        values: Values::empty(spec.double),
        labels: Vec::new(),
        sample: spec
            .format
            .sample
            .map(|(size, seed)| (size.max(1), crate::engine::rng::Rng::new(seed), Vec::new())),
    };
    let limit = spec.format.rows.unwrap_or(usize::MAX);
    let mut row_values = Vec::with_capacity(feature_indices.len());
    // Lines count from 1 as an editor shows them; the header is line 1 when there is one.
    let first_line = if records.first_row.is_some() { 1 } else { 2 };
    let first = records.first_row.take().map(Ok);
    let mut seen = 0usize;
    let mut all = first.into_iter().chain(records.rows.by_ref()).enumerate();
    while seen < limit {
        let Some((k, record)) = all.next() else { break };
        let row = first_line + k;
        let record = record.map_err(|e| CsvError::Io(e.to_string()))?;
        if record.len() == 1 && record.get(0) == Some("") {
            continue; // blank line
        }
        if record.len() != header.len() {
            return Err(CsvError::Ragged {
                row,
                found: record.len(),
                expected: header.len(),
            });
        }
        let cell = |c: usize| -> Result<f64, CsvError> {
            let text = record.get(c).unwrap_or("");
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| CsvError::BadCell {
                    row,
                    column: header[c].clone(),
                    cell: text.to_string(),
                })
        };
        row_values.clear();
        for &c in &feature_indices {
            let value = cell(c)?;
            // Missing cells wait as NaN (the parser never lets one through) until the means
            // are known.
            row_values.push(if Some(value) == spec.missing {
                f64::NAN
            } else {
                value
            });
        }
        let label = label_index.map_or(Ok(0.0), cell)?;
        if spec.classification && label.fract() != 0.0 {
            return Err(CsvError::FractionalClass {
                row,
                column: spec.label.clone(),
                value: label,
            });
        }
        kept.offer(seen, &row_values, label);
        seen += 1;
        if seen.is_multiple_of(10_000) {
            report(seen);
            let bytes = (kept.values.bytes() + kept.labels.len() * 8) as u64;
            if bytes > crate::engine::scene::budget::MEMORY_LIMIT / 2 {
                return Err(CsvError::TooLarge { row });
            }
        }
    }
    report(seen);
    let mut layout = std::mem::take(&mut records.notes);
    let more = all.next().is_some();
    let (mut values, mut labels) = kept.into_rows();
    match spec.format.sample {
        Some((size, seed)) if seen > size.max(1) => layout.push(format!(
            "a random {} of the {seen} rows{} (seed {seed})",
            labels.len(),
            if more { " read" } else { "" }
        )),
        _ if more => layout.push(format!("the first {seen} rows only")),
        _ => {}
    }
    if labels.is_empty() {
        return Err(CsvError::NoRows);
    }
    let mut notes: Vec<String> = if layout.is_empty() {
        Vec::new()
    } else {
        vec![format!("CSV file: {}", layout.join(", "))]
    };
    notes.extend(fill_missing(&mut values, &feature_names, spec.missing)?);
    let task = class_task(&mut labels, spec.classification, &spec.label)?;
    let mut table = Table {
        columns: feature_names,
        values,
        labels,
        task,
        weights: Vec::new(),
    };
    if let Some(weight) = &spec.weight {
        table.take_last_column_as_weights();
        notes.push(format!("column '{weight}': the event weights"));
    }
    Ok(CsvTable { table, notes })
}

/// The task of a label column: for classification the labels (whole numbers, as the caller
/// has checked) become class indices in sorted order (at least two classes), otherwise a regression target.
pub(super) fn class_task(
    labels: &mut [f64],
    classification: bool,
    label: &str,
) -> Result<Task, CsvError> {
    if !classification {
        return Ok(Task::Regression);
    }
    let classes: BTreeSet<i64> = labels.iter().map(|&l| l as i64).collect();
    if classes.len() < 2 {
        return Err(CsvError::OneClass(label.to_string()));
    }
    let classes: Vec<i64> = classes.into_iter().collect();
    for l in labels.iter_mut() {
        *l = classes.binary_search(&(*l as i64)).unwrap_or(0) as f64;
    }
    Ok(Task::Classification {
        classes: classes.len(),
    })
}

/// Replaces the missing cells (NaN here) of each column by the mean of its other cells, and
/// says so per column.
pub(super) fn fill_missing(
    values: &mut Values,
    columns: &[String],
    sentinel: Option<f64>,
) -> Result<Vec<String>, CsvError> {
    let width = columns.len();
    let rows = values.len() / width.max(1);
    let mut notes = Vec::new();
    for (c, name) in columns.iter().enumerate() {
        let column = || (c..values.len()).step_by(width).map(|i| values.get(i));
        let missing = column().filter(|v| v.is_nan()).count();
        if missing == 0 {
            continue;
        }
        if missing == rows {
            return Err(CsvError::AllMissing(name.clone()));
        }
        let mean = column().filter(|v| !v.is_nan()).sum::<f64>() / (rows - missing) as f64;
        values.replace_nan_in_column(c, width, mean);
        notes.push(format!(
            "column '{name}': {missing} of {rows} values are {} (missing), replaced by the \
             column mean {mean:.4}",
            sentinel.unwrap_or(f64::NAN)
        ));
    }
    Ok(notes)
}

/// The column names of CSV text from any reader (c0, c1, … for a file without a header).
pub fn read_header_from(reader: impl Read, format: &CsvFormat) -> Result<Vec<String>, CsvError> {
    records(reader, format).map(|r| r.header)
}

/// Reads a CSV table from a file.
pub fn load_table(path: &std::path::Path, spec: &CsvSpec) -> Result<CsvTable, CsvError> {
    let file = open_file(path)?;
    read_table(std::io::BufReader::new(file), spec, |_| {})
}

/// Writes a table as CSV: the feature columns, then the label column named `label`.
pub fn write_table(table: &Table, label: &str, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    header.push(label);
    w.write_record(&header)?;
    for r in 0..table.rows() {
        let width = table.columns.len();
        let mut cells: Vec<String> = (r * width..(r + 1) * width)
            .map(|i| table.values.format(i))
            .collect();
        cells.push(format!("{:?}", table.labels[r]));
        w.write_record(&cells)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> CsvSpec {
        CsvSpec {
            weight: None,
            label: "label".into(),
            columns: vec![],
            classification: true,
            missing: Some(DEFAULT_MISSING),
            format: CsvFormat::default(),
            double: false,
        }
    }

    fn read(text: &str) -> Result<Table, CsvError> {
        read_table(text.as_bytes(), &spec(), |_| {}).map(|t| t.table)
    }

    #[test]
    fn missing_markers_become_the_column_mean_and_are_reported() {
        let t = read_table(
            "a,b,label\n1,-999,0\n-999,4,1\n3,8,1\n".as_bytes(),
            &spec(),
            |_| {},
        )
        .unwrap();
        assert_eq!(
            t.table.values.to_double(),
            vec![1.0, 6.0, 2.0, 4.0, 3.0, 8.0]
        );
        assert_eq!(
            t.notes,
            vec![
                "column 'a': 1 of 3 values are -999 (missing), replaced by the column mean 2.0000",
                "column 'b': 1 of 3 values are -999 (missing), replaced by the column mean 6.0000",
            ]
        );
        assert_eq!(
            read("a,label\n-999,0\n-999,1\n").unwrap_err(),
            CsvError::AllMissing("a".into())
        );
        // a label of -999 is a value like any other
        let no_marker = CsvSpec {
            classification: false,
            ..spec()
        };
        let t = read_table("a,label\n1,-999\n2,5\n".as_bytes(), &no_marker, |_| {}).unwrap();
        assert_eq!(t.table.labels, vec![-999.0, 5.0]);
    }

    #[test]
    fn reads_features_and_maps_classes_in_sorted_order() {
        let t = read("a,label,b\n1,-1,2\n3,1,4\n5,1,6\n").unwrap();
        assert_eq!(t.columns, vec!["a", "b"]);
        assert_eq!(t.values.to_double(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(t.labels, vec![0.0, 1.0, 1.0]);
        assert_eq!(t.task, Task::Classification { classes: 2 });
    }

    #[test]
    fn junk_gives_row_and_column() {
        assert_eq!(
            read("a,label\n1,0\nfoo,1\n").unwrap_err().to_string(),
            "row 3, column 'a': 'foo' is not a finite number"
        );
        assert!(
            read("a,label\nNaN,0\n")
                .unwrap_err()
                .to_string()
                .contains("'NaN' is not a finite number")
        );
        assert!(
            read("a,label\ninf,0\n")
                .unwrap_err()
                .to_string()
                .contains("row 2")
        );
        assert_eq!(
            read("a,label\n1,0,7\n").unwrap_err(),
            CsvError::Ragged {
                row: 2,
                found: 3,
                expected: 2
            }
        );
        assert_eq!(read("").unwrap_err(), CsvError::Empty);
        assert_eq!(read("a,label\n").unwrap_err(), CsvError::NoRows);
        assert_eq!(
            read("a,label\n1,1\n2,1\n").unwrap_err(),
            CsvError::OneClass("label".into())
        );
        assert!(
            read("a,b\n1,1\n")
                .unwrap_err()
                .to_string()
                .contains("no label column 'label'")
        );
    }

    #[test]
    fn round_trips_through_write_table() {
        let t = read("x,y,label\n0.1,0.2,0\n-3,4e-3,1\n").unwrap();
        let mut buf = Vec::new();
        write_table(&t, "label", &mut buf).unwrap();
        assert_eq!(read(std::str::from_utf8(&buf).unwrap()).unwrap(), t);
    }

    fn with_format(format: CsvFormat, label: &str) -> CsvSpec {
        CsvSpec {
            weight: None,
            label: label.into(),
            format,
            ..spec()
        }
    }

    fn gzip(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn files_as_they_come_read_to_the_same_table() {
        let plain = read_table("a,b,label\n1,2,0\n3,4,1\n".as_bytes(), &spec(), |_| {}).unwrap();
        let texts = [
            "\u{feff}a,b,label\r\n1,2,0\r\n3,4,1\r\n".to_string(),
            "a;b;label\n1;2;0\n3;4;1\n".to_string(),
            "a\tb\tlabel\n1\t2\t0\n3\t4\t1\n".to_string(),
            "  a   b  label\n 1  2   0\n3 4 1\n".to_string(),
            "\"a\",\"b\",\"label\"\n\"1\",2,0\n3,\"4\",1\n".to_string(),
        ];
        for text in &texts {
            let t = read_table(text.as_bytes(), &spec(), |_| {})
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(t.table, plain.table, "{text:?}");
        }
        let zipped = read_table(gzip(&texts[1]).as_slice(), &spec(), |_| {}).unwrap();
        assert_eq!(zipped.table, plain.table);
        assert_eq!(
            zipped.notes,
            vec!["CSV file: gzip-compressed, cells separated by semicolon (detected)"]
        );
    }

    #[test]
    fn a_file_without_a_header_names_its_columns_c0_c1_and_so_on() {
        // UCI HIGGS: no header, the label in the first column.
        let text = "1.0,0.5,0.25\n0.0,1.5,2.5\n1.0,3.0,4.0\n";
        let t = read_table(
            text.as_bytes(),
            &with_format(CsvFormat::default(), "c0"),
            |_| {},
        )
        .unwrap();
        assert_eq!(t.table.columns, ["c1", "c2"]);
        assert_eq!(t.table.labels, [1.0, 0.0, 1.0]);
        assert_eq!(t.table.rows(), 3, "the first row is data");
        assert_eq!(
            t.notes,
            vec!["CSV file: no header row: columns named c0 to c2"]
        );
        // Said outright, a header of numbers is a header; junk names its line.
        let told = CsvFormat {
            header: Some(true),
            ..Default::default()
        };
        let t = read_table(text.as_bytes(), &with_format(told, "1.0"), |_| {}).unwrap();
        assert_eq!(t.table.rows(), 2);
        let junk = "1,2,0\n3,x,1\n";
        let e = read_table(
            junk.as_bytes(),
            &with_format(CsvFormat::default(), "c2"),
            |_| {},
        )
        .unwrap_err();
        assert_eq!(
            e,
            CsvError::BadCell {
                row: 2,
                column: "c1".into(),
                cell: "x".into()
            }
        );
    }

    #[test]
    fn the_first_rows_or_a_seeded_sample_are_read_in_one_pass() {
        let mut text = "x,label\n".to_string();
        for k in 0..1000 {
            text += &format!("{k},{}\n", k % 2);
        }
        let first = CsvFormat {
            rows: Some(10),
            ..Default::default()
        };
        let t = read_table(text.as_bytes(), &with_format(first, "label"), |_| {}).unwrap();
        assert_eq!(
            t.table.values.to_double(),
            (0..10).map(f64::from).collect::<Vec<_>>()
        );
        assert_eq!(t.notes, vec!["CSV file: the first 10 rows only"]);
        let sample = |seed| CsvFormat {
            sample: Some((100, seed)),
            ..Default::default()
        };
        let a = read_table(text.as_bytes(), &with_format(sample(7), "label"), |_| {}).unwrap();
        let b = read_table(text.as_bytes(), &with_format(sample(7), "label"), |_| {}).unwrap();
        let c = read_table(text.as_bytes(), &with_format(sample(8), "label"), |_| {}).unwrap();
        assert_eq!(a.table, b.table, "the same seed, the same rows");
        assert_ne!(a.table.values, c.table.values);
        assert_eq!(a.table.rows(), 100);
        // Kept in the file's order, spread over the whole file.
        let values = a.table.values.to_double();
        assert!(values.windows(2).all(|w| w[0] < w[1]));
        assert!(values[99] > 800.0 && values[0] < 200.0, "{values:?}");
        assert_eq!(
            a.notes,
            vec!["CSV file: a random 100 of the 1000 rows (seed 7)"]
        );
        // Asking for more rows than there are reads them all.
        let more = CsvFormat {
            sample: Some((5000, 7)),
            ..Default::default()
        };
        let t = read_table(text.as_bytes(), &with_format(more, "label"), |_| {}).unwrap();
        assert_eq!(t.table.rows(), 1000);
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }
}
