//! `nnplay figure`: each headline figure is written as a PNG at twice its size in points or
//! as an SVG with its axis labels, legend and (for the rejection) a log axis; the map's
//! pixels show the classes where they are; bad requests give one line and leave no file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use assert_cmd::Command;
use std::path::Path;

fn nnplay() -> Command {
    Command::cargo_bin("nnplay").unwrap()
}

/// A PNG's width and height from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is a PNG",
        path.display()
    );
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// Runs `nnplay figure` and returns its stdout.
fn figure(scene: &str, args: &[&str]) -> String {
    let out = nnplay()
        .arg("figure")
        .arg(scene)
        .args(args)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn headline_figures_are_pngs_at_twice_their_size() {
    let dir = tempfile::tempdir().unwrap();
    for (what, size) in [
        ("map", (1280, 1200)),
        ("loss", (1600, 960)),
        ("roc", (1280, 1200)),
        ("rejection", (1600, 960)),
        ("scores", (1600, 960)),
        ("threshold", (1600, 960)),
        ("histogram", (1600, 960)),
    ] {
        let path = dir.path().join(format!("{what}.png"));
        let said = figure(
            "cut-vs-ml",
            &[
                "--epochs",
                "3",
                "--what",
                what,
                "--out",
                path.to_str().unwrap(),
            ],
        );
        assert!(said.contains("wrote"), "{said}");
        assert_eq!(png_size(&path), size, "{what}");
    }
    let path = dir.path().join("small.png");
    figure(
        "xor",
        &[
            "--epochs",
            "2",
            "--what",
            "loss",
            "--size",
            "500x300",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(png_size(&path), (1000, 600));
}

#[test]
fn svg_figures_carry_labels_legends_and_a_log_rejection_axis() {
    let dir = tempfile::tempdir().unwrap();
    let svg = |what: &str, extra: &[&str]| {
        let path = dir.path().join(format!("{what}.svg"));
        let mut args = vec![
            "--epochs",
            "3",
            "--what",
            what,
            "--out",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        figure("cut-vs-ml", &args);
        std::fs::read_to_string(&path).unwrap()
    };
    let rejection = svg("rejection", &[]);
    assert!(rejection.starts_with("<svg") && rejection.contains(r#"width="800" height="480""#));
    assert!(rejection.contains("background rejection 1/eps_B"));
    assert!(rejection.contains("signal efficiency eps_S"));
    assert!(
        rejection.contains("network, test set (AUC 0."),
        "the legend gives the AUC"
    );
    // Decades on the log axis, and never a mark between them.
    assert!(rejection.contains(">10</text>") && rejection.contains(">100</text>"));
    assert!(!rejection.contains(">50</text>"));
    assert_all_in(
        &svg("roc", &[]),
        "ROC",
        &[
            "ROC curve",
            "chance",
            "background efficiency eps_B",
            "Test set: AUC 0.",
        ],
    );
    assert_all_in(
        &svg("scores", &["--log"]),
        "scores",
        &[
            "classifier score",
            "signal, test",
            "background, train",
            ">0.01</text>",
        ],
    );
    let loss = svg("loss", &[]);
    assert!(loss.contains("train loss") && loss.contains("test loss") && loss.contains(">epoch<"));
}

#[test]
fn the_map_shows_each_class_where_it_lies() {
    // The circle: class 1 (blue) in the middle, class 0 (orange) around it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.png");
    figure(
        "circle-deck",
        &[
            "--epochs",
            "300",
            "--what",
            "map",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    let image = image::open(&path).unwrap().to_rgb8();
    let (w, h) = image.dimensions();
    let at = |x: f64, y: f64| {
        image
            .get_pixel((x * w as f64) as u32, (y * h as f64) as u32)
            .0
    };
    // Mostly blue at the middle of the plot area, mostly orange near its corner (between the
    // dots, which are sampled away by looking at a few pixels).
    let blueish = |p: [u8; 3]| p[2] > p[0] + 40;
    let orangeish = |p: [u8; 3]| p[0] > p[2] + 40;
    let middle: Vec<[u8; 3]> = (0..9).map(|k| at(0.53 + 0.004 * k as f64, 0.50)).collect();
    let corner: Vec<[u8; 3]> = (0..9).map(|k| at(0.14 + 0.004 * k as f64, 0.10)).collect();
    assert!(
        middle.iter().filter(|p| blueish(**p)).count() >= 6,
        "{middle:?}"
    );
    assert!(
        corner.iter().filter(|p| orangeish(**p)).count() >= 6,
        "{corner:?}"
    );
}

#[test]
fn bad_requests_give_one_line_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str, &str); 5] = [
        (&["--what", "nope"], "a.png", "no figure \"nope\""),
        (&[], "a.jpg", "written as .png or .svg"),
        (&[], "missing/a.png", "cannot write"),
        (&["--what", "confusion"], "c.png", "more than two classes"),
        (&["--size", "5x5"], "s.png", "--size 5x5"),
    ];
    for (args, out, says) in cases {
        let run = nnplay()
            .args(["figure", "xor", "--epochs", "1"])
            .args(args)
            .arg("--out")
            .arg(dir.path().join(out))
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(stderr.contains(says), "{args:?} {out}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
}

/// Asserts that the figure `name`'s SVG text holds every one of `texts`.
fn assert_all_in(svg: &str, name: &str, texts: &[&str]) {
    for text in texts {
        assert!(svg.contains(text), "{name} lacks {text}");
    }
}
