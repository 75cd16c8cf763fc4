//! Reading TTrees from ROOT files with the pure-Rust reader oxyroot: the trees and their
//! branches (with types and entry counts), and chosen numeric branches as table columns.
//!
//! oxyroot panics on what it cannot read (ZSTD compression, damaged baskets), so every call
//! into it runs under [`guarded`], which turns a panic into a one-line message naming the
//! file, tree and branch. ZSTD files are refused from their header before oxyroot sees them.
//!
//! Jagged branches (one value per object, `Muon_Px`) become columns by name: `len(Muon_Px)` is
//! the number of objects in the event, `Muon_Px[0]` the leading object's value (events without
//! one get the column's mean, and the notes say how many).

use super::csv_table::{CsvTable, class_task, fill_missing};
use super::table::{Table, Task};
use super::values::Values;
use oxyroot::{Branch, Named, Object, RootFile, Slice};
use std::cell::{Cell, RefCell};
use std::path::Path;

/// Why a ROOT file could not be listed or read: one line naming the file (and the tree and
/// branch where it applies).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RootError(pub String);

/// The C++ type of a branch's values, as far as a table can use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `bool`, read as 0 or 1.
    Bool,
    /// `int8_t`.
    I8,
    /// `uint8_t`.
    U8,
    /// `int16_t`.
    I16,
    /// `uint16_t`.
    U16,
    /// `int32_t`.
    I32,
    /// `uint32_t`.
    U32,
    /// `int64_t`.
    I64,
    /// `uint64_t`.
    U64,
    /// `float`.
    F32,
    /// `double`.
    F64,
}

impl Scalar {
    /// The scalar named by oxyroot's Rust spelling of a type (`f32`, `i32`, …).
    fn from_rust(name: &str) -> Option<Scalar> {
        Some(match name {
            "bool" => Scalar::Bool,
            "i8" => Scalar::I8,
            "u8" => Scalar::U8,
            "i16" => Scalar::I16,
            "u16" => Scalar::U16,
            "i32" => Scalar::I32,
            "u32" => Scalar::U32,
            "i64" => Scalar::I64,
            "u64" => Scalar::U64,
            "f32" => Scalar::F32,
            "f64" => Scalar::F64,
            _ => return None,
        })
    }
}

/// What a branch holds and so how it can become a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BranchKind {
    /// One number per event: a column as it is.
    Number(Scalar),
    /// Any number of values per event (`float[]` with a counter, `std::vector<float>`): a
    /// column as the count or the leading value.
    Jagged(Scalar),
    /// A string per event: usable as a class label.
    Text,
    /// Anything else (objects, fixed arrays, nested containers): listed, not read.
    Other,
}

/// One branch of a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct RootBranch {
    /// The branch's name.
    pub name: String,
    /// Its C++ type as ROOT names it (`float`, `int32_t`, `float[]`, `char*`).
    pub type_name: String,
    /// What a table can make of it.
    pub kind: BranchKind,
    /// Entries in the branch.
    pub entries: u64,
}

/// One TTree: its name, entries and branches (sub-branches included, in file order).
#[derive(Clone, Debug, PartialEq)]
pub struct RootTree {
    /// The tree's name (the key it is stored under).
    pub name: String,
    /// Number of entries (events).
    pub entries: u64,
    /// Every branch.
    pub branches: Vec<RootBranch>,
}

impl RootTree {
    /// The columns the tree offers: every flat numeric branch, and `len(X)` and `X[0]` for
    /// every jagged branch `X`.
    pub fn columns(&self) -> Vec<String> {
        let mut columns = Vec::new();
        for b in &self.branches {
            match b.kind {
                BranchKind::Number(_) => columns.push(b.name.clone()),
                BranchKind::Jagged(_) => {
                    columns.push(count_column(&b.name));
                    columns.push(leading_column(&b.name));
                }
                BranchKind::Text | BranchKind::Other => {}
            }
        }
        columns
    }

    /// The branches a label can come from: flat numbers and strings.
    pub fn label_candidates(&self) -> Vec<&RootBranch> {
        self.branches
            .iter()
            .filter(|b| matches!(b.kind, BranchKind::Number(_) | BranchKind::Text))
            .collect()
    }

    /// The branch named `name`.
    pub fn branch(&self, name: &str) -> Option<&RootBranch> {
        self.branches.iter().find(|b| b.name == name)
    }
}

/// The column holding the number of objects of jagged branch `branch`.
pub fn count_column(branch: &str) -> String {
    format!("len({branch})")
}

/// The column holding the leading object's value of jagged branch `branch`.
pub fn leading_column(branch: &str) -> String {
    format!("{branch}[0]")
}

/// How a requested column reads its branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Take {
    /// The branch's value (flat branches).
    Value,
    /// The number of objects (jagged branches).
    Count,
    /// The first object's value (jagged branches).
    Leading,
}

/// Which branch a column name reads, and how.
fn parse_column(column: &str) -> (&str, Take) {
    if let Some(inner) = column
        .strip_prefix("len(")
        .and_then(|c| c.strip_suffix(')'))
    {
        (inner, Take::Count)
    } else if let Some(inner) = column.strip_suffix("[0]") {
        (inner, Take::Leading)
    } else {
        (column, Take::Value)
    }
}

/// What to read from a ROOT file.
#[derive(Clone, Debug, PartialEq)]
pub struct RootSpec {
    /// The tree; `None` takes the file's only tree.
    pub tree: Option<String>,
    /// Columns to read: branch names, `len(X)` and `X[0]`; empty means every flat numeric
    /// branch but the label.
    pub columns: Vec<String>,
    /// The label branch: a number (a class index or a regression target) or a string (classes
    /// in sorted order of the names); empty for none (every label 0, as for a file that holds
    /// one class).
    pub label: String,
    /// Treat the label as classes (true) or as a regression target (false).
    pub classification: bool,
    /// The event-weight branch (a flat number): read into the table's weights, never a
    /// column.
    pub weight: Option<String>,
}

thread_local! {
    /// Set while [`guarded`] runs, so the panic hook stays quiet for panics it catches.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` (calls into oxyroot) and turns a panic into the panic's message; the default
/// panic hook stays silent for it (other threads' panics are reported as usual).
fn guarded<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info)
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into())
    })
}

/// Checks a file's ROOT header before oxyroot reads it: the magic bytes, a length that matches
/// the file's size, and a compression the reader handles.
fn check_header(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let file = super::text_file::open_file(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = Vec::with_capacity(64);
    file.take(64)
        .read_to_end(&mut header)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if !header.starts_with(b"root") {
        return Err("not a ROOT file (it does not start with ROOT's signature)".into());
    }
    let be32 = |at: usize| {
        header
            .get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let be64 = |at: usize| {
        header
            .get(at..at + 8)
            .map(|b| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    };
    let truncated = || "the file is truncated (its ROOT header is incomplete)".to_string();
    let version = be32(4).ok_or_else(truncated)?;
    // Files past 2 GB (version >= 1000000) store the end and the free-segments offset in 8
    // bytes.
    let (end, compress_at) = if version >= 1_000_000 {
        (be64(12), 41)
    } else {
        (be32(12).map(u64::from), 33)
    };
    let end = end.ok_or_else(truncated)?;
    if end > size {
        return Err(format!(
            "the file is truncated: ROOT wrote {end} bytes, the file has {size}"
        ));
    }
    let compress = be32(compress_at).ok_or_else(truncated)?;
    if compress / 100 == 5 {
        return Err(
            "it is compressed with ZSTD, which the ROOT reader (oxyroot) cannot read; \
             save it again with zlib, LZ4 or LZMA (for example `hadd -f101 new.root old.root`)"
                .into(),
        );
    }
    Ok(())
}

/// Opens a ROOT file for oxyroot after [`check_header`].
fn open(path: &Path) -> Result<RootFile, RootError> {
    let fail = |why: String| RootError(format!("{}: {why}", path.display()));
    check_header(path).map_err(fail)?;
    match guarded(|| RootFile::open(path)) {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(e)) => Err(fail(format!("cannot open it as a ROOT file: {e}"))),
        Err(panic) => Err(fail(format!(
            "the ROOT reader failed on it ({panic}); the file may be damaged"
        ))),
    }
}

/// The kind of a branch from oxyroot's Rust spelling of its type.
fn kind_of(interpretation: &str) -> BranchKind {
    if interpretation == "String" {
        return BranchKind::Text;
    }
    if let Some(s) = Scalar::from_rust(interpretation) {
        return BranchKind::Number(s);
    }
    let inner = interpretation
        .strip_prefix("Slice<")
        .or_else(|| interpretation.strip_prefix("Vec<"))
        .and_then(|i| i.strip_suffix('>'));
    match inner.and_then(Scalar::from_rust) {
        Some(s) => BranchKind::Jagged(s),
        None => BranchKind::Other,
    }
}

/// Every TTree at the top of a ROOT file, with its branches.
pub fn list_trees(path: &Path) -> Result<Vec<RootTree>, RootError> {
    let mut file = open(path)?;
    let fail = |why: String| RootError(format!("{}: {why}", path.display()));
    let names: Vec<String> = guarded(|| {
        file.keys()
            .iter()
            .filter(|k| matches!(k.class(), "TTree" | "TNtuple" | "TNtupleD"))
            .map(|k| k.name().to_string())
            .collect()
    })
    .map_err(|p| fail(format!("cannot list its contents ({p})")))?;
    let mut trees = Vec::new();
    for name in names {
        if trees.iter().any(|t: &RootTree| t.name == name) {
            continue; // an older cycle of the same tree
        }
        let listed = guarded(|| -> Result<RootTree, String> {
            let tree = file.get_tree(&name).map_err(|e| e.to_string())?;
            let branches = tree
                .branches_r()
                .into_iter()
                .map(|b| RootBranch {
                    name: b.name().to_string(),
                    type_name: b.item_type_name(),
                    kind: kind_of(&b.interpretation()),
                    entries: b.entries().max(0) as u64,
                })
                .collect();
            Ok(RootTree {
                name: name.clone(),
                entries: tree.entries().max(0) as u64,
                branches,
            })
        });
        match listed {
            Ok(Ok(tree)) => trees.push(tree),
            Ok(Err(e)) => return Err(fail(format!("tree '{name}': {e}"))),
            Err(p) => {
                return Err(fail(format!(
                    "tree '{name}': the ROOT reader failed on it ({p}); the file may be damaged"
                )));
            }
        }
    }
    if trees.is_empty() {
        return Err(fail("it holds no TTree".into()));
    }
    Ok(trees)
}

/// Reads a flat numeric branch.
fn flat_values(branch: &Branch, scalar: Scalar) -> Result<Vec<f64>, String> {
    macro_rules! read {
        ($t:ty) => {
            branch
                .as_iter::<$t>()
                .map_err(|e| e.to_string())?
                .map(|v| v as f64)
                .collect()
        };
    }
    Ok(match scalar {
        Scalar::Bool => branch
            .as_iter::<bool>()
            .map_err(|e| e.to_string())?
            .map(|v| f64::from(u8::from(v)))
            .collect(),
        Scalar::I8 => read!(i8),
        Scalar::U8 => read!(u8),
        Scalar::I16 => read!(i16),
        Scalar::U16 => read!(u16),
        Scalar::I32 => read!(i32),
        Scalar::U32 => read!(u32),
        Scalar::I64 => read!(i64),
        Scalar::U64 => read!(u64),
        Scalar::F32 => read!(f32),
        Scalar::F64 => read!(f64),
    })
}

/// Reads a jagged branch as the count of objects or the leading value (NaN without one).
fn jagged_values(
    branch: &Branch,
    scalar: Scalar,
    vector: bool,
    take: Take,
) -> Result<Vec<f64>, String> {
    let pick = |values: &[f64]| match take {
        Take::Count => values.len() as f64,
        _ => values.first().copied().unwrap_or(f64::NAN),
    };
    macro_rules! read {
        ($t:ty, $to:expr) => {
            if vector {
                branch
                    .as_iter::<Vec<$t>>()
                    .map_err(|e| e.to_string())?
                    .map(|v| pick(&v.into_iter().map($to).collect::<Vec<f64>>()))
                    .collect()
            } else {
                branch
                    .as_iter::<Slice<$t>>()
                    .map_err(|e| e.to_string())?
                    .map(|v| pick(&v.into_vec().into_iter().map($to).collect::<Vec<f64>>()))
                    .collect()
            }
        };
    }
    Ok(match scalar {
        Scalar::Bool => read!(bool, |v| f64::from(u8::from(v))),
        Scalar::I8 => read!(i8, f64::from),
        Scalar::U8 => read!(u8, f64::from),
        Scalar::I16 => read!(i16, f64::from),
        Scalar::U16 => read!(u16, f64::from),
        Scalar::I32 => read!(i32, f64::from),
        Scalar::U32 => read!(u32, f64::from),
        Scalar::I64 => read!(i64, |v| v as f64),
        Scalar::U64 => read!(u64, |v| v as f64),
        Scalar::F32 => read!(f32, f64::from),
        Scalar::F64 => read!(f64, |v| v),
    })
}

/// The tree a spec names, or the file's only one.
fn chosen_tree<'a>(trees: &'a [RootTree], spec: &RootSpec) -> Result<&'a RootTree, String> {
    let names = || {
        trees
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &spec.tree {
        Some(name) => trees
            .iter()
            .find(|t| &t.name == name)
            .ok_or_else(|| format!("no tree '{name}' (trees: {})", names())),
        None if trees.len() == 1 => Ok(&trees[0]),
        None => Err(format!(
            "it holds {} trees ({}); name one with `tree`",
            trees.len(),
            names()
        )),
    }
}

/// The branches read from a tree: one vector per requested column, the label per event, and
/// the class names when the label is a string branch.
struct Branches {
    /// Row-major, entries x columns; an event without a leading object is NaN.
    values: Values,
    /// Per column, the events without a leading object.
    empty: Vec<usize>,
    labels: Vec<f64>,
    class_names: Vec<String>,
}

/// Where a message about one branch points: the file, tree and branch.
struct Place<'a> {
    path: &'a Path,
    tree: &'a str,
}

impl Place<'_> {
    fn file(&self, why: impl std::fmt::Display) -> RootError {
        RootError(format!("{}: {why}", self.path.display()))
    }

    fn branch(&self, branch: &str, why: impl std::fmt::Display) -> RootError {
        RootError(format!(
            "{}: tree '{}', branch '{branch}': {why}",
            self.path.display(),
            self.tree
        ))
    }
}

/// Checks every requested column against the listing before anything is read: the branch
/// and how it is taken.
fn plan_columns(
    tree: &RootTree,
    columns: &[String],
    place: &Place<'_>,
) -> Result<Vec<(RootBranch, Take)>, RootError> {
    let mut plan = Vec::with_capacity(columns.len());
    for column in columns {
        let (name, take) = parse_column(column);
        let branch = tree.branch(name).ok_or_else(|| {
            place.file(format!(
                "tree '{}' has no branch '{name}' (columns: {})",
                tree.name,
                tree.columns().join(", ")
            ))
        })?;
        match (branch.kind, take) {
            (BranchKind::Number(_), Take::Value)
            | (BranchKind::Jagged(_), Take::Count | Take::Leading) => {}
            (BranchKind::Jagged(_), Take::Value) => {
                return Err(place.branch(
                    name,
                    format!(
                        "it holds several values per event; take `{}` or `{}`",
                        count_column(name),
                        leading_column(name)
                    ),
                ));
            }
            (BranchKind::Number(_), _) => {
                return Err(place.branch(
                    name,
                    format!("it holds one value per event; take it as `{name}`"),
                ));
            }
            (BranchKind::Text | BranchKind::Other, _) => {
                return Err(place.branch(
                    name,
                    format!("its type {} is not numeric", branch.type_name),
                ));
            }
        }
        plan.push((branch.clone(), take));
    }
    Ok(plan)
}

/// Reads the planned columns and the label branch; a panic in the reader becomes a message
/// naming the branch it was reading.
fn read_branches(
    path: &Path,
    tree: &RootTree,
    plan: &[(RootBranch, Take)],
    label: Option<&RootBranch>,
    place: &Place<'_>,
) -> Result<Branches, RootError> {
    let mut file = open(path)?;
    let current = RefCell::new(String::new());
    let read = guarded(|| -> Result<Branches, RootError> {
        let reader = file
            .get_tree(&tree.name)
            .map_err(|e| place.file(format!("tree '{}': {e}", tree.name)))?;
        let find = |name: &str| {
            *current.borrow_mut() = name.to_string();
            reader
                .branch(name)
                .ok_or_else(|| place.branch(name, "cannot find it"))
        };
        // Each column goes straight into the row-major table, so at most one column is
        // held twice.
        let (rows, width) = (tree.entries as usize, plan.len());
        let mut values = vec![0.0; rows * width];
        let mut empty = vec![0usize; width];
        for (c, (branch, take)) in plan.iter().enumerate() {
            let b = find(&branch.name)?;
            let column = match branch.kind {
                BranchKind::Number(s) => flat_values(b, s),
                BranchKind::Jagged(s) => {
                    jagged_values(b, s, branch.type_name.starts_with("vector"), *take)
                }
                _ => Err("not numeric".into()),
            }
            .map_err(|e| place.branch(&branch.name, e))?;
            if column.len() != rows {
                return Err(place.branch(
                    &branch.name,
                    format!("{} values where the tree has {rows} entries", column.len()),
                ));
            }
            for (r, v) in column.into_iter().enumerate() {
                if v.is_infinite() || (v.is_nan() && *take != Take::Leading) {
                    return Err(place.branch(
                        &branch.name,
                        format!("entry {r} is {v}, not a finite number"),
                    ));
                }
                empty[c] += usize::from(v.is_nan());
                values[r * width + c] = v;
            }
        }
        let Some(label) = label else {
            return Ok(Branches {
                values: values.into(),
                empty,
                labels: vec![0.0; rows],
                class_names: Vec::new(),
            });
        };
        let b = find(&label.name)?;
        let (labels, class_names) = match label.kind {
            BranchKind::Text => text_classes(
                b.as_iter::<String>()
                    .map_err(|e| place.branch(&label.name, e))?
                    .collect(),
            ),
            BranchKind::Number(s) => (
                flat_values(b, s).map_err(|e| place.branch(&label.name, e))?,
                Vec::new(),
            ),
            _ => {
                return Err(place.branch(
                    &label.name,
                    format!(
                        "a label needs one number or one string per event (it is {})",
                        label.type_name
                    ),
                ));
            }
        };
        if labels.len() != rows {
            return Err(place.branch(
                &label.name,
                format!("{} values where the tree has {rows} entries", labels.len()),
            ));
        }
        Ok(Branches {
            values: values.into(),
            empty,
            labels,
            class_names,
        })
    });
    match read {
        Ok(result) => result,
        Err(panic) => Err(place.branch(
            &current.borrow(),
            format!("the ROOT reader failed on it ({panic}); the file may be damaged"),
        )),
    }
}

/// Events without a leading object take the column's mean, and the notes say how many.
fn fill_empty_leading(
    read: &mut Branches,
    names: &[String],
    place: &Place<'_>,
    notes: &mut Vec<String>,
) -> Result<(), RootError> {
    // They wait as NaN, like missing CSV cells, for the mean.
    fill_missing(&mut read.values, names, None).map_err(|e| place.file(e))?;
    let rows = read.labels.len();
    for (name, &count) in names.iter().zip(&read.empty).filter(|(_, n)| **n > 0) {
        notes.push(format!(
            "column '{name}': {count} of {rows} events have no object; they take the column mean"
        ));
    }
    Ok(())
}

/// The task the label poses: classes (numbers that are whole, or strings) or a target.
fn label_task(
    read: &mut Branches,
    spec: &RootSpec,
    place: &Place<'_>,
    notes: &mut Vec<String>,
) -> Result<Task, RootError> {
    let labels = &mut read.labels;
    if let Some(bad) = labels.iter().position(|v| !v.is_finite()) {
        return Err(place.branch(
            &spec.label,
            format!("entry {bad} is {}, not a finite number", labels[bad]),
        ));
    }
    if read.class_names.is_empty() {
        if spec.classification
            && let Some(bad) = labels.iter().position(|l| l.fract() != 0.0)
        {
            return Err(place.branch(
                &spec.label,
                format!(
                    "entry {bad} is {}, not a whole number (a class label); use it as a \
                     regression target or pick another label",
                    labels[bad]
                ),
            ));
        }
        return class_task(labels, spec.classification, &spec.label).map_err(|e| place.file(e));
    }
    if !spec.classification {
        return Err(place.file(format!(
            "the label '{}' holds strings: it can only be a class label",
            spec.label
        )));
    }
    let classes = read.class_names.len();
    if classes < 2 {
        return Err(place.file(format!(
            "the label '{}' holds only one class; at least two are needed",
            spec.label
        )));
    }
    let listed: Vec<String> = read
        .class_names
        .iter()
        .zip(counts_of(labels, classes))
        .enumerate()
        .map(|(k, (name, n))| format!("{name} = class {k} ({n})"))
        .collect();
    notes.push(format!(
        "classes of '{}': {}",
        spec.label,
        listed.join(", ")
    ));
    Ok(Task::Classification { classes })
}

/// Reads the chosen columns and the label of a tree as a table.
pub fn load_root(path: &Path, spec: &RootSpec) -> Result<CsvTable, RootError> {
    let trees = list_trees(path)?;
    let tree =
        chosen_tree(&trees, spec).map_err(|why| RootError(format!("{}: {why}", path.display())))?;
    let place = Place {
        path,
        tree: &tree.name,
    };
    // No label branch (a file that holds one class): every label is 0.
    let label = if spec.label.is_empty() {
        None
    } else {
        Some(tree.branch(&spec.label).ok_or_else(|| {
            let names: Vec<&str> = tree
                .label_candidates()
                .iter()
                .map(|b| b.name.as_str())
                .collect();
            place.file(format!(
                "tree '{}' has no label branch '{}' (numbers and strings: {})",
                tree.name,
                spec.label,
                names.join(", ")
            ))
        })?)
    };
    let mut columns: Vec<String> = if spec.columns.is_empty() {
        tree.branches
            .iter()
            .filter(|b| {
                matches!(b.kind, BranchKind::Number(_))
                    && b.name != spec.label
                    && Some(&b.name) != spec.weight.as_ref()
            })
            .map(|b| b.name.clone())
            .collect()
    } else {
        spec.columns.clone()
    };
    if columns.is_empty() {
        return Err(place.file(format!(
            "tree '{}' has no numeric branch besides the label",
            tree.name
        )));
    }
    // The weight branch is read as one more column, then split off.
    if let Some(weight) = &spec.weight {
        if columns.contains(weight) {
            return Err(place.branch(weight, "it is the event weight; it cannot also be a column"));
        }
        columns.push(weight.clone());
    }
    let plan = plan_columns(tree, &columns, &place)?;
    let rows = tree.entries as usize;
    let bytes = rows.saturating_mul(columns.len() + 1).saturating_mul(8) as u64;
    if bytes > crate::engine::scene::budget::MEMORY_LIMIT / 2 {
        return Err(place.file(format!(
            "{rows} entries x {} columns do not fit in the memory limit; take fewer columns",
            columns.len()
        )));
    }
    let mut read = read_branches(path, tree, &plan, label, &place)?;
    if read.labels.is_empty() {
        return Err(place.file(format!("tree '{}' has no entries", tree.name)));
    }
    let mut notes = vec![format!(
        "ROOT file: tree '{}', {} entries, {} columns",
        tree.name,
        read.labels.len(),
        columns.len()
    )];
    fill_empty_leading(&mut read, &columns, &place, &mut notes)?;
    let task = label_task(&mut read, spec, &place, &mut notes)?;
    let mut table = Table {
        columns,
        values: read.values,
        labels: read.labels,
        task,
        weights: Vec::new(),
    };
    if let Some(weight) = &spec.weight {
        table.take_last_column_as_weights();
        notes.push(format!("branch '{weight}': the event weights"));
    }
    Ok(CsvTable { table, notes })
}

/// Class indices for string labels (the names in sorted order) and the names.
fn text_classes(text: Vec<String>) -> (Vec<f64>, Vec<String>) {
    let names: Vec<String> = text
        .iter()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let labels = text
        .iter()
        .map(|t| names.binary_search(t).unwrap_or(0) as f64)
        .collect();
    (labels, names)
}

/// Rows per class.
fn counts_of(labels: &[f64], classes: usize) -> Vec<usize> {
    let mut counts = vec![0; classes];
    for &l in labels {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_say_how_a_branch_is_read() {
        assert_eq!(parse_column("Muon_Px[0]"), ("Muon_Px", Take::Leading));
        assert_eq!(parse_column("len(Muon_Px)"), ("Muon_Px", Take::Count));
        assert_eq!(parse_column("M"), ("M", Take::Value));
        assert_eq!(count_column("Jet_E"), "len(Jet_E)");
        assert_eq!(leading_column("Jet_E"), "Jet_E[0]");
    }

    #[test]
    fn branch_kinds_follow_the_reader_types() {
        assert_eq!(kind_of("f64"), BranchKind::Number(Scalar::F64));
        assert_eq!(kind_of("Slice<f32>"), BranchKind::Jagged(Scalar::F32));
        assert_eq!(kind_of("Vec<i32>"), BranchKind::Jagged(Scalar::I32));
        assert_eq!(kind_of("String"), BranchKind::Text);
        assert_eq!(kind_of("[f32;3]"), BranchKind::Other);
        assert_eq!(kind_of("TLorentzVector"), BranchKind::Other);
    }

    #[test]
    fn a_caught_panic_becomes_its_message() {
        assert_eq!(guarded(|| 3), Ok(3));
        let r: Result<(), String> = guarded(|| panic!("not implemented"));
        assert_eq!(r, Err("not implemented".into()));
    }
}
