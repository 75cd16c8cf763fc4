//! TF Playground links read with TF Playground's own rules (`State.deserializeState` in its
//! state.ts, the noise clamp in playground.ts): every key it writes, its defaults, and notices
//! (never failures) for what does not apply.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::data::DatasetKind;
use nnplay::engine::nn::{Activation, Init};
use nnplay::engine::scene::playground_link::{from_playground_link, is_playground_link};
use nnplay::engine::scene::{Activations, Regularization, Scene};

/// The lecture deck's link, as TF Playground writes it (every key).
const DECK: &str = "https://playground.tensorflow.org/#activation=relu&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.003&regularizationRate=0&noise=0&networkShape=3&seed=0.13116&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false";

fn read(link: &str) -> (Scene, Vec<String>) {
    from_playground_link(link).unwrap_or_else(|e| panic!("{link}: {e}"))
}

/// The notices a link gives (what it could not set).
fn problems(notices: &[String]) -> Vec<&String> {
    notices.iter().collect()
}

#[test]
fn the_lecture_decks_link_gives_its_scene() {
    let (scene, notices) = read(DECK);
    assert!(problems(&notices).is_empty(), "{notices:?}");
    assert_eq!(scene.network.activation, Activations::All(Activation::Relu));
    assert_eq!(scene.network.hidden, vec![3]);
    assert_eq!(scene.network.init, Init::Playground);
    assert_eq!(scene.data.dataset, Some(DatasetKind::Circle));
    assert_eq!(scene.data.samples, Some(500));
    assert_eq!(scene.data.noise, 0.0);
    assert_eq!(scene.data.train_fraction, 0.5);
    assert_eq!(scene.data.features, ["x", "y"]);
    assert_eq!(scene.training.learning_rate, 0.003);
    assert_eq!(scene.training.batch_size, 10);
    assert_eq!(scene.training.regularization, Regularization::None);
    assert!(scene.training.playground_compatible);
    assert_eq!(scene.view.show_test_data, Some(false));
    assert_eq!(scene.view.discretize, Some(false));
    assert_eq!(scene.view.presenting, None);
    // The same seed string gives the same scene; another gives another seed.
    assert_eq!(read(DECK).0, scene);
    assert_ne!(read(&DECK.replace("0.13116", "0.13117")).0.seed, scene.seed);
}

#[test]
fn missing_keys_keep_tf_playgrounds_defaults_and_booleans_are_true_unless_false() {
    let (scene, notices) = read("https://playground.tensorflow.org/#");
    assert!(problems(&notices).is_empty(), "{notices:?}");
    assert_eq!(scene.network.hidden, vec![4, 2]);
    assert_eq!(scene.network.activation, Activations::All(Activation::Tanh));
    assert_eq!(scene.training.learning_rate, 0.03);
    assert_eq!(scene.data.features, ["x", "y"]);
    // "no" is not "false"; a blank value counts as absent.
    let (scene, _) = read("#xSquared=no&ySquared=false&sinX=&showTestData=1");
    assert_eq!(scene.data.features, ["x", "y", "x^2"]);
    assert_eq!(scene.view.show_test_data, Some(true));
    // An empty network shape means no hidden layer (TF Playground's parseArray).
    let (scene, _) = read("#networkShape=");
    assert!(scene.network.hidden.is_empty());
}

#[test]
fn every_setting_a_link_carries_reaches_the_scene() {
    let (scene, notices) = read(
        "#activation=sigmoid&regularization=L2&regularizationRate=0.03&batchSize=30\
         &learningRate=0.1&noise=35&networkShape=8,8,5&percTrainData=70&x=false&y=true\
         &xTimesY=true&sinY=true&initZero=true&discretize=true&showTestData=true",
    );
    assert!(problems(&notices).is_empty(), "{notices:?}");
    assert_eq!(
        scene.network.activation,
        Activations::All(Activation::Sigmoid)
    );
    assert_eq!(scene.training.regularization, Regularization::L2);
    assert_eq!(scene.training.regularization_rate, 0.03);
    assert_eq!(scene.training.batch_size, 30);
    assert_eq!(scene.training.learning_rate, 0.1);
    assert_eq!(scene.data.noise, 0.35);
    assert_eq!(scene.network.hidden, vec![8, 8, 5]);
    assert_eq!(scene.data.train_fraction, 0.7);
    assert_eq!(scene.data.features, ["y", "xy", "sin(y)"]);
    assert_eq!(
        scene.network.init,
        Init::Uniform {
            scale: 0.0,
            bias: 0.1
        }
    );
    assert_eq!(scene.view.discretize, Some(true));
    let (scene, _) = read("#problem=regression&regDataset=reg-gauss&dataset=spiral");
    assert_eq!(scene.data.dataset, Some(DatasetKind::RegGauss));
    assert_eq!(scene.data.samples, Some(1200));
    let (scene, _) = read("#dataset=spiral");
    assert_eq!(scene.data.dataset, Some(DatasetKind::Spiral));
}

#[test]
fn hidden_controls_and_hidden_text_mean_presenter_mode() {
    let (scene, _) = read("#hideText=true");
    assert_eq!(scene.view.presenting, Some(true));
    // A hidden input is left out of the network, as TF Playground deletes it.
    let (scene, _) = read("#x_hide=true&learningRate_hide=true");
    assert_eq!(scene.view.presenting, Some(true));
    assert_eq!(scene.data.features, ["y"]);
    let (scene, _) = read("#x_hide=false&hideText=false");
    assert_eq!(scene.view.presenting, None);
}

#[test]
fn tf_playgrounds_noise_clamp_applies() {
    // Up to 80 stays (the slider's maximum is raised), beyond it is 50, below 0 it is 0.
    let (scene, notices) = read("#noise=70");
    assert_eq!(scene.data.noise, 0.7);
    assert!(problems(&notices).is_empty());
    let (scene, notices) = read("#noise=95");
    assert_eq!(scene.data.noise, 0.5);
    assert!(
        notices.iter().any(|n| n.contains("noise=95 set to 50")),
        "{notices:?}"
    );
    let (scene, _) = read("#noise=-5");
    assert_eq!(scene.data.noise, 0.0);
}

#[test]
fn unknown_keys_and_values_out_of_range_are_notices_not_failures() {
    let (scene, notices) = read(
        "#activation=softplus&dataset=moons&learningRate=abc&regularizationRate=99\
         &batchSize=0&networkShape=4,0&percTrainData=150&problem=ranking&colour=red",
    );
    let text = problems(&notices)
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "activation=softplus",
        "dataset=moons",
        "learningRate=abc is not a number",
        "training.regularization_rate",
        "batchSize=0",
        "networkShape=4,0",
        "percTrainData=150",
        "problem=ranking",
        "unknown key `colour`",
    ] {
        assert!(text.contains(expected), "no notice for {expected}:\n{text}");
    }
    // What did not apply kept TF Playground's defaults.
    assert_eq!(scene.network.activation, Activations::All(Activation::Tanh));
    assert_eq!(scene.data.dataset, Some(DatasetKind::Circle));
    assert_eq!(scene.training.learning_rate, 0.03);
    assert_eq!(scene.training.regularization_rate, 0.0);
    assert_eq!(scene.training.batch_size, 10);
    assert_eq!(scene.network.hidden, vec![4, 2]);
    assert_eq!(scene.data.train_fraction, 0.5);
}

#[test]
fn only_links_are_taken_for_links_and_one_without_settings_is_refused() {
    assert!(is_playground_link(DECK));
    assert!(is_playground_link("#activation=relu"));
    assert!(!is_playground_link("presets/spiral.toml"));
    assert!(!is_playground_link("spiral"));
    let e = from_playground_link("https://playground.tensorflow.org/").unwrap_err();
    assert!(e.contains("after '#'"), "{e}");
}

#[test]
fn a_link_read_and_written_again_is_the_same_link() {
    use nnplay::engine::scene::playground_link::to_playground_link;
    let (scene, _) = read(DECK);
    let (link, notes) = to_playground_link(&scene).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(link, DECK);
}

#[test]
fn presets_tf_playground_can_show_are_written_as_links_that_read_back() {
    use nnplay::engine::scene::playground_link::to_playground_link;
    let mut written = Vec::new();
    for p in nnplay::engine::presets::PRESETS {
        let scene = p.scene().unwrap();
        let Ok((link, notes)) = to_playground_link(&scene) else {
            continue;
        };
        if !notes.is_empty() {
            continue;
        }
        let (back, _) = read(&link);
        // What a link carries, compared as one value.
        let carried = |s: &Scene| {
            format!(
                "{:?} {:?} {} {} {:?} {:?} {} {} {:?}",
                s.data.dataset,
                s.data.features,
                s.data.noise,
                s.data.train_fraction,
                s.network.hidden,
                s.network.activation,
                s.training.learning_rate,
                s.training.batch_size,
                s.training.regularization
            )
        };
        assert_eq!(carried(&back), carried(&scene), "{}", p.id);
        written.push(p.id);
    }
    for id in ["circle-deck", "spiral", "activations", "l2-gauss"] {
        assert!(
            written.contains(&id),
            "{id} was not written as a link: {written:?}"
        );
    }
    // What TF Playground cannot show is refused, saying why.
    let jets = nnplay::engine::presets::find("top-tagging")
        .unwrap()
        .scene()
        .unwrap();
    assert!(
        to_playground_link(&jets)
            .unwrap_err()
            .contains("no jets dataset")
    );
    let trees = nnplay::engine::presets::find("bdt-jets")
        .unwrap()
        .scene()
        .unwrap();
    assert!(
        to_playground_link(&trees)
            .unwrap_err()
            .contains("not tree models")
    );
    // A scene trained its own way is written with a note on what the link leaves out.
    let mut adam = nnplay::engine::presets::find("circle-deck")
        .unwrap()
        .scene()
        .unwrap();
    adam.training.playground_compatible = false;
    adam.training.optimizer = nnplay::engine::scene::OptimizerKind::Adam;
    adam.data.validation_fraction = 0.2;
    let (_, notes) = to_playground_link(&adam).unwrap();
    assert!(notes.iter().any(|n| n.contains("plain SGD")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("no validation split")),
        "{notes:?}"
    );
}
