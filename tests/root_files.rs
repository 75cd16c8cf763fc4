//! ROOT files: every file in `../shared/data/root/` (written by ROOT itself) loads with the
//! right values or is refused with a message; damaged copies never take the reader down; the
//! Zmumu preset's claim.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::{preset_session, train};
use nnplay::engine::data::Task;
use nnplay::engine::data::root_file::{BranchKind, RootSpec, list_trees, load_root};
use std::path::{Path, PathBuf};

/// The shared test files; tests skip (saying so) only where `../shared` is absent.
fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/root");
    if dir.is_dir() {
        Some(dir.join(name))
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn spec(columns: &[&str], label: &str, classification: bool) -> RootSpec {
    RootSpec {
        tree: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        label: label.into(),
        classification,
        weight: None,
    }
}

const FOUR_VECTORS: [&str; 8] = ["E1", "px1", "py1", "pz1", "E2", "px2", "py2", "pz2"];

#[test]
fn every_readable_zmumu_copy_gives_the_same_events() {
    let Some(zlib) = shared("uproot-Zmumu.root") else {
        return;
    };
    let reference = load_root(&zlib, &spec(&FOUR_VECTORS, "M", false)).unwrap();
    let t = &reference.table;
    assert_eq!(t.rows(), 2304);
    assert_eq!(t.task, Task::Regression);
    // uproot's own test of this file: the first three masses.
    assert_eq!(
        &t.labels[..3],
        &[82.4626915551, 83.6262040052, 83.3084646667]
    );
    let mean = t.labels.iter().sum::<f64>() / 2304.0;
    assert!((mean - 80.2059).abs() < 1e-3, "{mean}");
    // M is the invariant mass of the two four-vectors read from the other branches.
    let mut worst: f64 = 0.0;
    for r in 0..t.rows() {
        let v = t.row(r).to_double();
        let (e, px, py, pz) = (v[0] + v[4], v[1] + v[5], v[2] + v[6], v[3] + v[7]);
        let m = (e * e - px * px - py * py - pz * pz).max(0.0).sqrt();
        worst = worst.max((m - t.labels[r]).abs() / t.labels[r]);
    }
    assert!(worst < 1e-4, "largest relative difference {worst}");
    for copy in [
        "uproot-Zmumu-lz4.root",
        "uproot-Zmumu-lzma.root",
        "uproot-Zmumu-uncompressed.root",
    ] {
        let other = load_root(&shared(copy).unwrap(), &spec(&FOUR_VECTORS, "M", false)).unwrap();
        assert_eq!(other.table, reference.table, "{copy}");
    }
}

#[test]
fn a_string_branch_labels_classes_in_sorted_order() {
    let Some(file) = shared("uproot-Zmumu.root") else {
        return;
    };
    let loaded = load_root(&file, &spec(&["pt1", "pt2"], "Type", true)).unwrap();
    assert_eq!(loaded.table.task, Task::Classification { classes: 3 });
    // The first events are GT, TT, GT (uproot's tutorial).
    assert_eq!(&loaded.table.labels[..3], &[1.0, 2.0, 1.0]);
    let counts = loaded.table.class_counts();
    assert_eq!(counts.iter().sum::<usize>(), 2304);
    let note = loaded
        .notes
        .iter()
        .find(|n| n.contains("classes of 'Type'"))
        .unwrap();
    for (k, name) in ["GG", "GT", "TT"].iter().enumerate() {
        assert!(
            note.contains(&format!("{name} = class {k} ({})", counts[k])),
            "{note}"
        );
    }
    let regression = load_root(&file, &spec(&["pt1"], "Type", false)).unwrap_err();
    assert!(regression.0.contains("strings"), "{regression}");
}

#[test]
fn zstd_is_refused_with_a_message_naming_the_file() {
    let Some(file) = shared("uproot-Zmumu-zstd.root") else {
        return;
    };
    let e = list_trees(&file).unwrap_err().0;
    assert!(
        e.contains("uproot-Zmumu-zstd.root") && e.contains("ZSTD"),
        "{e}"
    );
    assert!(!e.contains('\n'));
}

#[test]
fn the_root5_file_lists_jagged_branches_and_takes_counts_and_leading_values() {
    let Some(file) = shared("uproot-HZZ.root") else {
        return;
    };
    let trees = list_trees(&file).unwrap();
    assert_eq!(trees.len(), 1);
    let tree = &trees[0];
    assert_eq!((tree.name.as_str(), tree.entries), ("events", 2421));
    let px = tree.branch("Muon_Px").unwrap();
    assert!(matches!(px.kind, BranchKind::Jagged(_)), "{px:?}");
    assert_eq!(px.type_name, "float[]");
    assert!(matches!(
        tree.branch("NMuon").unwrap().kind,
        BranchKind::Number(_)
    ));
    let columns = tree.columns();
    assert!(columns.contains(&"len(Muon_Px)".to_string()));
    assert!(columns.contains(&"Muon_Px[0]".to_string()));

    let loaded = load_root(
        &file,
        &spec(
            &[
                "NMuon",
                "len(Muon_Px)",
                "Muon_Px[0]",
                "triggerIsoMu24",
                "EventWeight",
            ],
            "NJet",
            false,
        ),
    )
    .unwrap();
    let t = &loaded.table;
    assert_eq!(t.rows(), 2421);
    for r in 0..t.rows() {
        let v = t.row(r).to_double();
        assert_eq!(
            v[0], v[1],
            "event {r}: NMuon and the count of Muon_Px differ"
        );
        assert!(v[3] == 0.0 || v[3] == 1.0, "a bool reads as 0 or 1");
    }
    // uproot: Muon_Px of the first events is [-52.899456, 37.73778], [-0.81645936], …
    assert_eq!(t.value(0, 2), f64::from(-52.899456_f32));
    assert_eq!(t.value(1, 2), f64::from(-0.81645936_f32));
    let without = (0..t.rows()).filter(|&r| t.value(r, 0) == 0.0).count();
    assert!(without > 0);
    let note = loaded
        .notes
        .iter()
        .find(|n| n.contains("'Muon_Px[0]'"))
        .unwrap();
    assert!(
        note.contains(&format!("{without} of 2421 events have no object")),
        "{note}"
    );
}

#[test]
fn wrong_requests_name_the_tree_and_branch() {
    let Some(file) = shared("uproot-HZZ.root") else {
        return;
    };
    let cases = [
        (
            spec(&["Muon_Px"], "NJet", false),
            "take `len(Muon_Px)` or `Muon_Px[0]`",
        ),
        (spec(&["NMuon[0]"], "NJet", false), "take it as `NMuon`"),
        (spec(&["nothing"], "NJet", false), "no branch 'nothing'"),
        (
            spec(&["NMuon"], "nothing", false),
            "no label branch 'nothing'",
        ),
        (spec(&["NMuon"], "EventWeight", true), "not a whole number"),
        (
            RootSpec {
                tree: Some("other".into()),
                ..spec(&["NMuon"], "NJet", false)
            },
            "no tree 'other' (trees: events)",
        ),
    ];
    for (spec, wanted) in cases {
        let e = load_root(&file, &spec).unwrap_err().0;
        assert!(e.contains(wanted) && e.contains("uproot-HZZ.root"), "{e}");
    }
}

#[test]
fn files_that_are_not_root_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("events.root");
    std::fs::write(&text, "x,y,label\n1,2,0\n").unwrap();
    let empty = dir.path().join("empty.root");
    std::fs::write(&empty, "").unwrap();
    for (path, wanted) in [
        (&text, "not a ROOT file"),
        (&empty, "not a ROOT file"),
        (&dir.path().to_path_buf(), "is a folder"),
        (&dir.path().join("absent.root"), "absent.root"),
    ] {
        let e = list_trees(path).unwrap_err().0;
        assert!(e.contains(wanted), "{e}");
    }
    if let Some(file) = shared("uproot-Zmumu.root") {
        let bytes = std::fs::read(file).unwrap();
        let half = dir.path().join("half.root");
        std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
        let e = list_trees(&half).unwrap_err().0;
        assert!(e.contains("truncated"), "{e}");
    }
}

/// A small deterministic generator for the damaged copies.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn truncated_and_byte_flipped_copies_never_panic() {
    let Some(first) = shared("uproot-Zmumu.root") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut outcomes = [0usize; 2];
    for name in [
        "uproot-Zmumu.root",
        "uproot-Zmumu-lz4.root",
        "uproot-Zmumu-lzma.root",
        "uproot-Zmumu-uncompressed.root",
        "uproot-Zmumu-zstd.root",
        "uproot-HZZ.root",
    ] {
        let bytes = std::fs::read(first.with_file_name(name)).unwrap();
        for k in 0..40 {
            let mut copy = bytes.clone();
            if k % 4 == 0 {
                copy.truncate(random.next() as usize % copy.len());
            } else {
                for _ in 0..=k % 6 {
                    let at = random.next() as usize % copy.len();
                    copy[at] ^= 1 << (random.next() % 8);
                }
            }
            let path = dir.path().join(format!("{k}-{name}"));
            std::fs::write(&path, &copy).unwrap();
            // Every column a tree offers, read in full: a panic inside the reader would fail
            // the test here (it must come back as an error).
            let result = list_trees(&path).and_then(|trees| {
                let tree = &trees[0];
                let label = tree.label_candidates().first().cloned().cloned();
                let label = label.map_or((String::new(), false), |b| {
                    (b.name, b.kind == BranchKind::Text)
                });
                load_root(
                    &path,
                    &RootSpec {
                        tree: Some(tree.name.clone()),
                        columns: tree.columns(),
                        label: label.0,
                        classification: label.1,
                        weight: None,
                    },
                )
            });
            match result {
                Ok(_) => outcomes[0] += 1,
                Err(e) => {
                    assert!(!e.0.is_empty() && !e.0.contains('\n'), "{e:?}");
                    outcomes[1] += 1;
                }
            }
        }
    }
    eprintln!(
        "damaged copies: {} read, {} refused with a message",
        outcomes[0], outcomes[1]
    );
    assert!(outcomes[1] > 0);
}

/// Half the central 68% interval of `values`: the width physicists quote for a resolution.
fn central_width(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    0.5 * (at(0.84) - at(0.16))
}

/// The test split's residuals (prediction minus M) and labels.
fn test_residuals(s: &mut nnplay::engine::train::Session) -> (Vec<f64>, Vec<f64>) {
    let table = s.table().clone();
    let splits = s.splits();
    let first = splits.train.rows() + splits.validation.rows();
    let rows: Vec<f64> = (first..table.rows())
        .flat_map(|r| table.row(r).to_double().to_vec())
        .collect();
    let (mut inputs, mut out) = (Vec::new(), Vec::new());
    s.predict_columns(&rows, &mut inputs, &mut out);
    let labels = table.labels[first..].to_vec();
    let residuals = out.iter().zip(&labels).map(|(p, m)| p - m).collect();
    (residuals, labels)
}

#[test]
fn a_network_learns_the_dimuon_mass_better_from_pt_eta_phi() {
    // measured after 200 epochs (seed 1): four-vectors test R^2 0.932, residual width 3.18
    // GeV; pt, eta, phi R^2 0.950, width 3.00 GeV; the mass itself spreads 15.26 GeV (half its
    // central 68%)
    let mut four = preset_session("zmumu-mass", Some("E, px, py, pz"));
    let r2_four = train(&mut four, 200).r2.unwrap();
    let mut angles = preset_session("zmumu-mass", Some("pt, eta, phi"));
    let r2_angles = train(&mut angles, 200).r2.unwrap();
    let (res_four, masses) = test_residuals(&mut four);
    let (res_angles, _) = test_residuals(&mut angles);
    let (w_four, w_angles, w_mass) = (
        central_width(res_four),
        central_width(res_angles),
        central_width(masses),
    );
    eprintln!(
        "R^2 {r2_four:.3} vs {r2_angles:.3}; residual widths {w_four:.2} vs {w_angles:.2} GeV; \
         mass spread {w_mass:.2} GeV"
    );
    assert!(r2_four > 0.9 && r2_angles > 0.94 && r2_angles > r2_four);
    assert!(w_four < 0.4 * w_mass && w_angles < w_four);
}

#[test]
fn a_scene_naming_an_unknown_bundled_file_is_refused() {
    for section in [
        "[data.root]\npath = \"bundled:nothing.root\"\nlabel = \"M\"",
        "[data.csv]\nclasses = [{ path = \"bundled:a.csv\" }, { path = \"b.csv\" }]",
    ] {
        let text = format!(
            "format = 1\n[data]\nfeatures = [\"x\"]\n{section}\n[network]\nhidden = [2]\n\
             [training]\nloss = \"mse\"\noptimizer = \"sgd\"\nlearning_rate = 0.1\nbatch_size = 10\n"
        );
        let e = nnplay::engine::scene::Scene::parse(&text, Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("bundled: uproot-Zmumu.root"), "{e}");
    }
}
