//! The scene rules of the window's controls, applied headless: what each edit changes and
//! what else it has to change so the scene still fits together.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::data::features::PLAYGROUND_FEATURES;
use nnplay::engine::data::{DatasetKind, Generator, Task};
use nnplay::engine::nn::{Activation, Loss};
use nnplay::engine::presets;
use nnplay::engine::scene::bounds::MAX_HIDDEN_LAYERS;
use nnplay::engine::scene::{
    Activations, CsvSource, ModelSection, OptimizerKind, Scene, SceneEdit,
};
fn preset(id: &str) -> Scene {
    presets::find(id).and_then(|p| p.scene().ok()).unwrap()
}

#[test]
fn switching_to_regression_swaps_a_class_loss_for_mse_and_drops_weights() {
    let mut scene = preset("l2-gauss");
    scene.training.loss = Loss::Bce;
    scene.model = Some(ModelSection {
        epoch: 3,
        path: None,
        layers: Vec::new(),
        ensemble: None,
    });
    let s = scene
        .edited(&SceneEdit::Problem {
            classification: false,
        })
        .unwrap();
    assert_eq!(s.data.dataset, Some(DatasetKind::RegPlane));
    assert_eq!(s.training.loss, Loss::Mse);
    assert!(s.model.is_none());
    let back = s.edited(&SceneEdit::Dataset(DatasetKind::Circle)).unwrap();
    assert_eq!(back.training.loss, Loss::Mse, "mse also fits classes");
}

#[test]
fn switching_to_jets_takes_its_first_two_columns_standardised() {
    let s = preset("spiral").with_dataset(DatasetKind::Jets);
    assert_eq!(s.data.features, vec!["mass", "tau32"]);
    assert!(s.data.standardise);
    assert!(s.data.noise <= 1.0);
    assert_eq!(
        s.data.samples,
        Some(Generator::default_samples(DatasetKind::Jets))
    );
}

#[test]
fn switching_between_plane_datasets_keeps_the_features_they_share() {
    let mut scene = preset("spiral");
    scene.data.features = vec!["x".into(), "sin(y)".into()];
    let s = scene.with_dataset(DatasetKind::Xor);
    assert_eq!(s.data.features, vec!["x", "sin(y)"]);
    let line = scene.with_dataset(DatasetKind::Line);
    assert_eq!(line.data.features, vec!["x"], "the line has one column");
}

#[test]
fn features_toggle_in_offered_order_and_the_last_one_stays() {
    let mut scene = preset("spiral");
    scene.data.features = vec!["y".into()];
    let s = scene.edited(&SceneEdit::ToggleFeature("x".into())).unwrap();
    assert_eq!(s.data.features, vec!["x", "y"], "x comes first, as offered");
    let only = scene.edited(&SceneEdit::ToggleFeature("y".into()));
    assert!(only.unwrap_err().contains("at least one"));
    let unknown = scene.edited(&SceneEdit::ToggleFeature("mass".into()));
    assert!(unknown.unwrap_err().contains("mass"));
    assert_eq!(scene.offered_features().len(), PLAYGROUND_FEATURES.len());
    let jets = scene.with_dataset(DatasetKind::Jets);
    assert!(jets.offered_features().contains(&"nconst".to_string()));
}

#[test]
fn layers_grow_like_the_last_and_neurons_stay_in_range() {
    let scene = preset("spiral").with_hidden(vec![3], vec![Activation::Relu]);
    let s = scene.edited(&SceneEdit::AddLayer).unwrap();
    assert_eq!(s.network.hidden, vec![3, 3]);
    assert_eq!(s.network.activation, Activations::All(Activation::Relu));
    let s = s
        .edited(&SceneEdit::Activation {
            layer: 1,
            activation: Activation::Tanh,
        })
        .unwrap();
    assert_eq!(
        s.network.activation,
        Activations::PerLayer(vec![Activation::Relu, Activation::Tanh])
    );
    let s = s
        .edited(&SceneEdit::Neurons {
            layer: 0,
            change: -1,
        })
        .unwrap();
    assert_eq!(s.network.hidden, vec![2, 3]);
    let one = s.with_hidden(vec![1], vec![Activation::Relu]);
    let zero = one.edited(&SceneEdit::Neurons {
        layer: 0,
        change: -1,
    });
    assert!(zero.unwrap_err().contains("network.hidden"));
    let none = one.edited(&SceneEdit::Neurons {
        layer: 4,
        change: 1,
    });
    assert!(none.unwrap_err().contains("no hidden layer 5"));
    let bare = one.edited(&SceneEdit::RemoveLayer).unwrap();
    assert!(bare.network.hidden.is_empty());
    assert!(bare.edited(&SceneEdit::RemoveLayer).is_err());
    let mut deep = bare;
    for _ in 0..MAX_HIDDEN_LAYERS {
        deep = deep.edited(&SceneEdit::AddLayer).unwrap();
    }
    assert_eq!(deep.network.hidden, vec![4; MAX_HIDDEN_LAYERS]);
    assert!(deep.edited(&SceneEdit::AddLayer).is_err());
}

#[test]
fn live_settings_are_checked_against_their_bounds() {
    let scene = preset("spiral");
    let lr = scene.edited(&SceneEdit::LearningRate(-1.0)).unwrap_err();
    assert!(lr.contains("training.learning_rate"), "{lr}");
    assert!(scene.edited(&SceneEdit::BatchSize(0)).is_err());
    let playground = preset("circle-deck");
    assert!(playground.training.playground_compatible);
    assert!(
        playground
            .edited(&SceneEdit::Optimizer(OptimizerKind::Adam))
            .is_err()
    );
    let adam = playground
        .edited(&SceneEdit::Loss {
            loss: Loss::Bce,
            playground_compatible: false,
        })
        .and_then(|s| s.edited(&SceneEdit::Optimizer(OptimizerKind::Adam)))
        .unwrap();
    assert_eq!(adam.training.optimizer, OptimizerKind::Adam);
    let back = adam
        .edited(&SceneEdit::Loss {
            loss: Loss::Playground,
            playground_compatible: true,
        })
        .unwrap();
    assert_eq!(back.training.optimizer, OptimizerKind::Sgd);
    assert!(SceneEdit::LearningRate(0.1).is_live());
    assert!(!SceneEdit::AddLayer.is_live());
}

#[test]
fn fractions_never_add_up_past_the_whole() {
    let mut scene = preset("spiral");
    scene.data.validation_fraction = 0.2;
    let s = scene.edited(&SceneEdit::TrainFraction(0.9)).unwrap();
    assert!((s.data.validation_fraction - 0.1).abs() < 1e-12);
    let s = s.edited(&SceneEdit::ValidationFraction(0.5)).unwrap();
    assert!(s.data.train_fraction + s.data.validation_fraction <= 1.0 + 1e-12);
    let seed = s.seed;
    assert_eq!(s.edited(&SceneEdit::Regenerate).unwrap().seed, seed + 1);
}

#[test]
fn a_csv_scene_standardises_and_picks_the_loss_from_its_labels() {
    let source = CsvSource {
        path: "d.csv".into(),
        label: "label".into(),
        classification: true,
        missing_value: -999.0,
        delimiter: None,
        header: None,
        rows: None,
        sample: None,
        classes: Vec::new(),
        weight: None,
    };
    let scene = preset("circle-deck");
    let features = vec!["a".to_string(), "b".to_string()];
    let two = scene.for_csv(
        &source,
        features.clone(),
        Task::Classification { classes: 2 },
    );
    assert_eq!(two.training.loss, Loss::Bce);
    assert!(two.data.standardise && !two.training.playground_compatible);
    assert!(two.data.dataset.is_none() && two.lesson.id.is_empty());
    let three = scene.for_csv(
        &source,
        features.clone(),
        Task::Classification { classes: 3 },
    );
    assert_eq!(three.training.loss, Loss::SoftmaxCe);
    let target = scene.for_csv(&source, features, Task::Regression);
    assert_eq!(target.training.loss, Loss::Mse);
    assert_eq!(target.data_columns(), vec!["a", "b"]);
}

#[test]
fn a_scene_with_weights_reopens_at_its_epoch() {
    let scene = preset("circle-deck");
    let mut session =
        nnplay::engine::train::Session::new(&scene, std::path::Path::new("c.toml")).unwrap();
    for _ in 0..3 {
        session.train_epoch();
    }
    let saved = scene
        .with_weights(session.network().unwrap(), session.epoch())
        .unwrap();
    let text = saved.to_toml();
    let reopened = Scene::parse(&text, std::path::Path::new("saved.toml")).unwrap();
    assert_eq!(reopened.model.as_ref().map(|m| m.epoch), Some(3));
    let resumed =
        nnplay::engine::train::Session::new(&reopened, std::path::Path::new("saved.toml")).unwrap();
    assert_eq!(resumed.epoch(), 3);
    assert_eq!(
        resumed.network().unwrap().layers[0].weights,
        session.network().unwrap().layers[0].weights
    );
}
