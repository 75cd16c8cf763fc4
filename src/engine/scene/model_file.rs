//! Model weights as plain data: the `[model]` section of a scene and the model JSON file.

use crate::engine::nn::{Activation, Layer, Network};
use serde::{Deserialize, Serialize};

/// One dense layer as plain data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerFile {
    /// `weights[i][j]`: from input `i` to neuron `j` (Keras' kernel layout).
    pub weights: Vec<Vec<f64>>,
    /// One bias per neuron.
    pub biases: Vec<f64>,
    /// The layer's activation.
    pub activation: Activation,
}

/// A whole model as plain data (the model JSON file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Names of the input features, in order.
    #[serde(default)]
    pub features: Vec<String>,
    /// Epochs trained to reach these weights.
    #[serde(default)]
    pub epoch: u64,
    /// The layers, input side first (a network).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerFile>,
    /// The trees (a tree model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<crate::engine::trees::Ensemble>,
}

impl LayerFile {
    /// Plain data of a layer.
    pub fn from_layer(layer: &Layer) -> Self {
        Self {
            weights: layer
                .weights
                .chunks_exact(layer.outputs.max(1))
                .map(<[f64]>::to_vec)
                .collect(),
            biases: layer.biases.clone(),
            activation: layer.activation,
        }
    }
}

/// Plain data of every layer of a network.
pub fn layers_of(network: &Network) -> Vec<LayerFile> {
    network.layers.iter().map(LayerFile::from_layer).collect()
}

/// Builds a network from plain layers, checking that shapes chain and values are finite.
pub fn network_from_layers(inputs: usize, layers: &[LayerFile]) -> Result<Network, String> {
    let mut fan_in = inputs;
    let mut built = Vec::with_capacity(layers.len());
    for (k, l) in layers.iter().enumerate() {
        let n = k + 1;
        let outputs = l.biases.len();
        if outputs == 0 {
            return Err(format!("model layer {n} has no neurons"));
        }
        if l.weights.len() != fan_in {
            return Err(format!(
                "model layer {n} has weights for {} inputs where {fan_in} arrive",
                l.weights.len()
            ));
        }
        if let Some(row) = l.weights.iter().position(|r| r.len() != outputs) {
            return Err(format!(
                "model layer {n}, input {}: {} weights for {outputs} neurons",
                row + 1,
                l.weights[row].len()
            ));
        }
        let weights: Vec<f64> = l.weights.iter().flatten().copied().collect();
        if weights.iter().chain(&l.biases).any(|v| !v.is_finite()) {
            return Err(format!(
                "model layer {n} holds a value that is not a finite number"
            ));
        }
        built.push(Layer {
            inputs: fan_in,
            outputs,
            weights,
            biases: l.biases.clone(),
            activation: l.activation,
        });
        fan_in = outputs;
    }
    if built.is_empty() {
        return Err("the model has no layers".into());
    }
    Ok(Network { layers: built })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nn::Init;
    use crate::engine::rng::Rng;

    #[test]
    fn round_trips_a_network() {
        let net = Network::new(
            3,
            &[4, 2],
            &[Activation::Relu, Activation::Linear],
            Init::He,
            &mut Rng::new(1),
        );
        let back = network_from_layers(3, &layers_of(&net)).unwrap();
        assert_eq!(back, net);
    }

    #[test]
    fn shape_errors_are_explained() {
        let net = Network::new(
            3,
            &[4, 2],
            &[Activation::Relu, Activation::Linear],
            Init::He,
            &mut Rng::new(1),
        );
        let layers = layers_of(&net);
        assert_eq!(
            network_from_layers(2, &layers).unwrap_err(),
            "model layer 1 has weights for 3 inputs where 2 arrive"
        );
        let mut bad = layers.clone();
        bad[1].biases[0] = f64::NAN;
        assert!(
            network_from_layers(3, &bad)
                .unwrap_err()
                .contains("not a finite number")
        );
    }
}
