//! The batched engine in TF-Playground-compatible mode against a direct, one-sample-at-a-time
//! transcription of TF Playground's training loop (`oneStep`, `forwardProp`, `backProp`,
//! `updateWeights` in its nn.ts). Both use V8's tanh, so they must agree bit for bit.
#![allow(clippy::needless_range_loop)] // index loops mirror nn.ts line by line
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use nnplay::engine::train::Session;
use nnplay::engine::v8_math::tanh;

/// A network as TF Playground stores it: per layer, per neuron, its input weights and bias.
struct Reference {
    weights: Vec<Vec<Vec<f64>>>,
    biases: Vec<Vec<f64>>,
    dead: Vec<Vec<Vec<bool>>>,
    acc_w: Vec<Vec<Vec<f64>>>,
    acc_b: Vec<Vec<f64>>,
    count: Vec<Vec<usize>>,
}

impl Reference {
    fn from_session(s: &Session) -> Self {
        let layers = &s.network().unwrap().layers;
        let weights: Vec<Vec<Vec<f64>>> = layers
            .iter()
            .map(|l| {
                (0..l.outputs)
                    .map(|j| (0..l.inputs).map(|i| l.weight(i, j)).collect())
                    .collect()
            })
            .collect();
        let zeros_w: Vec<Vec<Vec<f64>>> = weights
            .iter()
            .map(|l| l.iter().map(|n| vec![0.0; n.len()]).collect())
            .collect();
        Self {
            dead: weights
                .iter()
                .map(|l| l.iter().map(|n| vec![false; n.len()]).collect())
                .collect(),
            biases: layers.iter().map(|l| l.biases.clone()).collect(),
            acc_b: layers.iter().map(|l| vec![0.0; l.outputs]).collect(),
            count: layers.iter().map(|l| vec![0; l.outputs]).collect(),
            acc_w: zeros_w,
            weights,
        }
    }

    /// Outputs of every layer (tanh everywhere, as in the scenes below).
    fn forward(&self, input: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (mut totals, mut outputs) = (Vec::new(), vec![input.to_vec()]);
        for (w, b) in self.weights.iter().zip(&self.biases) {
            let prev = outputs.last().unwrap();
            let total: Vec<f64> = w
                .iter()
                .zip(b)
                .map(|(wn, &bn)| {
                    let mut t = bn;
                    for (wi, xi) in wn.iter().zip(prev) {
                        t += wi * xi;
                    }
                    t
                })
                .collect();
            outputs.push(total.iter().map(|&t| tanh(t)).collect());
            totals.push(total);
        }
        (totals, outputs)
    }

    fn backprop(&mut self, input: &[f64], target: f64) {
        let (_totals, outputs) = self.forward(input);
        let last = self.weights.len() - 1;
        let mut output_der = vec![outputs[last + 1][0] - target];
        for l in (0..=last).rev() {
            let input_der: Vec<f64> = output_der
                .iter()
                .zip(&outputs[l + 1])
                .map(|(d, o)| d * (1.0 - o * o))
                .collect();
            for (j, &d) in input_der.iter().enumerate() {
                self.acc_b[l][j] += d;
                self.count[l][j] += 1;
                for i in 0..self.weights[l][j].len() {
                    if !self.dead[l][j][i] {
                        self.acc_w[l][j][i] += d * outputs[l][i];
                    }
                }
            }
            if l > 0 {
                output_der = (0..self.weights[l - 1].len())
                    .map(|i| {
                        let mut s = 0.0;
                        for (j, d) in input_der.iter().enumerate() {
                            s += self.weights[l][j][i] * d;
                        }
                        s
                    })
                    .collect();
            }
        }
    }

    fn update(&mut self, lr: f64, l1_rate: f64) {
        for l in 0..self.weights.len() {
            for j in 0..self.weights[l].len() {
                let n = self.count[l][j] as f64;
                if self.count[l][j] == 0 {
                    continue;
                }
                self.biases[l][j] -= lr * self.acc_b[l][j] / n;
                for i in 0..self.weights[l][j].len() {
                    if self.dead[l][j][i] {
                        continue;
                    }
                    let w = self.weights[l][j][i];
                    let der = if w < 0.0 {
                        -1.0
                    } else if w > 0.0 {
                        1.0
                    } else {
                        0.0
                    };
                    let w = w - (lr / n) * self.acc_w[l][j][i];
                    let new = w - (lr * l1_rate) * der;
                    if l1_rate > 0.0 && w * new < 0.0 {
                        self.weights[l][j][i] = 0.0;
                        self.dead[l][j][i] = true;
                    } else {
                        self.weights[l][j][i] = new;
                    }
                    self.acc_w[l][j][i] = 0.0;
                }
                self.acc_b[l][j] = 0.0;
                self.count[l][j] = 0;
            }
        }
    }

    fn loss(&self, inputs: &[f64], targets: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (x, &t) in inputs.chunks(2).zip(targets) {
            let o = self.forward(x).1.last().unwrap()[0];
            sum += 0.5 * (o - t) * (o - t);
        }
        sum / targets.len() as f64
    }
}

#[test]
fn batched_training_matches_the_per_sample_reference_bit_for_bit() {
    // Batch 7 does not divide the 250 training rows, so gradients carry across epochs; L1 cuts links.
    let text = common::CIRCLE
        .replace("\"circle\"", "\"gauss\"")
        .replace("samples = 500", "samples = 500\nnoise = 0.3")
        .replace(
            "batch_size = 10",
            "batch_size = 7\nregularization = \"l1\"\nregularization_rate = 0.01",
        )
        .replace("[4, 2]", "[5, 3]");
    let mut session = common::session(&text);
    let mut reference = Reference::from_session(&session);
    let (train, test) = (&session.splits().train, &session.splits().test);
    assert!(
        train.inputs.is_double(),
        "a compatible run reads f64 inputs"
    );
    let (train_inputs, train_targets) =
        (train.inputs.to_double().into_owned(), train.targets.clone());
    let (test_inputs, test_targets) = (test.inputs.to_double().into_owned(), test.targets.clone());
    let mut cut_links = 0;
    for epoch in 1..=40 {
        for (k, (x, &t)) in train_inputs.chunks(2).zip(&train_targets).enumerate() {
            reference.backprop(x, t);
            if (k + 1) % 7 == 0 {
                reference.update(0.03, 0.01);
            }
        }
        session.train_epoch();
        let record = session.history().last().unwrap();
        assert_eq!(
            record.train_loss.to_bits(),
            reference.loss(&train_inputs, &train_targets).to_bits(),
            "epoch {epoch}"
        );
        assert_eq!(
            record.test_loss.unwrap().to_bits(),
            reference.loss(&test_inputs, &test_targets).to_bits(),
            "epoch {epoch}"
        );
        cut_links = reference
            .dead
            .iter()
            .flatten()
            .flatten()
            .filter(|&&d| d)
            .count();
    }
    assert!(
        cut_links > 0,
        "the L1 clamp never fired; the scene does not test it"
    );
}
