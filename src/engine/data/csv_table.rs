//! Loading a table from a CSV file with a header row: chosen feature columns plus a label column.

use super::table::{Table, Task};
use super::text_file::TextLines;
pub use super::text_file::{MAX_LINE_BYTES, open_file};
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
    /// The label column's name.
    pub label: String,
    /// Feature columns; empty means every column but the label.
    pub columns: Vec<String>,
    /// Classification (labels are whole numbers, mapped to classes in sorted order) or regression.
    pub classification: bool,
    /// A feature value meaning "missing" (as -999 in the Kaggle Higgs data): such cells are
    /// replaced by the mean of the column's other values, and the notes say so.
    pub missing: Option<f64>,
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

/// Reads a CSV table from any reader. `report` is called with the number of rows read so far.
/// A table that would need more than the scene memory limit is refused while reading.
pub fn read_table(
    reader: impl Read,
    spec: &CsvSpec,
    mut report: impl FnMut(usize),
) -> Result<CsvTable, CsvError> {
    let mut csv = csv_reader(reader);
    let mut records = csv.records();
    let header = header_of(&mut records)?;
    let label_index = header
        .iter()
        .position(|h| *h == spec.label)
        .ok_or_else(|| CsvError::MissingLabel {
            label: spec.label.clone(),
            columns: header.join(", "),
        })?;
    let feature_names: Vec<String> = if spec.columns.is_empty() {
        header
            .iter()
            .filter(|h| **h != spec.label)
            .cloned()
            .collect()
    } else {
        spec.columns.clone()
    };
    let feature_indices = feature_names
        .iter()
        .map(|f| {
            header
                .iter()
                .position(|h| h == f)
                .ok_or_else(|| CsvError::MissingFeature(f.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for (k, record) in records.enumerate() {
        let row = k + 2;
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
        for &c in &feature_indices {
            let value = cell(c)?;
            // Missing cells wait as NaN (the parser never lets one through) until the means
            // are known.
            values.push(if Some(value) == spec.missing {
                f64::NAN
            } else {
                value
            });
        }
        let label = cell(label_index)?;
        if spec.classification && label.fract() != 0.0 {
            return Err(CsvError::FractionalClass {
                row,
                column: spec.label.clone(),
                value: label,
            });
        }
        labels.push(label);
        if labels.len() % 10_000 == 0 {
            report(labels.len());
            let bytes = ((values.len() + labels.len()) * 8) as u64;
            if bytes > crate::engine::scene::budget::MEMORY_LIMIT / 2 {
                return Err(CsvError::TooLarge { row });
            }
        }
    }
    if labels.is_empty() {
        return Err(CsvError::NoRows);
    }
    report(labels.len());
    let notes = fill_missing(&mut values, &feature_names, spec.missing)?;
    let task = if spec.classification {
        let classes: BTreeSet<i64> = labels.iter().map(|&l| l as i64).collect();
        if classes.len() < 2 {
            return Err(CsvError::OneClass(spec.label.clone()));
        }
        let classes: Vec<i64> = classes.into_iter().collect();
        for l in &mut labels {
            *l = classes.binary_search(&(*l as i64)).unwrap_or(0) as f64;
        }
        Task::Classification {
            classes: classes.len(),
        }
    } else {
        Task::Regression
    };
    Ok(CsvTable {
        table: Table {
            columns: feature_names,
            values,
            labels,
            task,
        },
        notes,
    })
}

/// Replaces the missing cells (NaN here) of each column by the mean of its other cells, and
/// says so per column.
fn fill_missing(
    values: &mut [f64],
    columns: &[String],
    sentinel: Option<f64>,
) -> Result<Vec<String>, CsvError> {
    let width = columns.len();
    let rows = values.len() / width.max(1);
    let mut notes = Vec::new();
    for (c, name) in columns.iter().enumerate() {
        let column = || values.iter().skip(c).step_by(width);
        let missing = column().filter(|v| v.is_nan()).count();
        if missing == 0 {
            continue;
        }
        if missing == rows {
            return Err(CsvError::AllMissing(name.clone()));
        }
        let mean = column().filter(|v| !v.is_nan()).sum::<f64>() / (rows - missing) as f64;
        values
            .iter_mut()
            .skip(c)
            .step_by(width)
            .filter(|v| v.is_nan())
            .for_each(|v| *v = mean);
        notes.push(format!(
            "column '{name}': {missing} of {rows} values are {} (missing), replaced by the \
             column mean {mean:.4}",
            sentinel.unwrap_or(f64::NAN)
        ));
    }
    Ok(notes)
}

/// The column names in the header row of CSV text from any reader.
pub fn read_header_from(reader: impl Read) -> Result<Vec<String>, CsvError> {
    header_of(&mut csv_reader(reader).records())
}

/// A reader for headed, possibly ragged (reported, not refused by the parser) CSV text.
fn csv_reader<R: Read>(reader: R) -> csv::Reader<TextLines<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(TextLines::new(reader))
}

/// The first record as column names.
fn header_of<R: Read>(
    records: &mut csv::StringRecordsIter<'_, TextLines<R>>,
) -> Result<Vec<String>, CsvError> {
    let header = match records.next() {
        None => return Err(CsvError::Empty),
        Some(r) => r.map_err(|e| CsvError::Io(e.to_string()))?,
    };
    let columns: Vec<String> = header.iter().map(str::to_string).collect();
    if columns.iter().all(String::is_empty) {
        return Err(CsvError::Empty);
    }
    Ok(columns)
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
        let mut cells: Vec<String> = table.row(r).iter().map(|v| format!("{v:?}")).collect();
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
            label: "label".into(),
            columns: vec![],
            classification: true,
            missing: Some(DEFAULT_MISSING),
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
        assert_eq!(t.table.values, vec![1.0, 6.0, 2.0, 4.0, 3.0, 8.0]);
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
        assert_eq!(t.values, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
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
}
