// Runs TF Playground's own data generation and training (its src/dataset.ts and src/nn.ts)
// under node for a few links and writes what it computed: the link, every training and test
// point, the first weights and biases, and the train and test loss after every epoch.
//
// TF Playground's sources are not part of nnplay: check them out (github.com/tensorflow/
// playground) and install its npm dependencies beside this script's working folder:
//
//   npm install typescript@5 d3@3.5.17 seedrandom@2.4.4
//   node make_fixtures.js PATH/TO/playground/src > runs.json
//
// Only the few lines of playground.ts that drive a run (generateData, reset, oneStep, getLoss,
// the input features) are repeated here, as TF Playground itself does them in the browser.
'use strict';
const fs = require('fs');
const path = require('path');
// The npm packages are looked up from the working folder.
const local = (name) => require(require.resolve(name, {paths: [process.cwd()]}));
const ts = local('typescript');

const source = process.argv[2];
if (!source) throw new Error('usage: node make_fixtures.js PATH/TO/playground/src');
// Transpile without type checks into the working folder, where node_modules is.
for (const name of ['dataset', 'nn']) {
  const text = fs.readFileSync(path.join(source, `${name}.ts`), 'utf8');
  const js = ts.transpileModule(text, {compilerOptions: {module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2015}});
  fs.writeFileSync(path.join(process.cwd(), `tfp_${name}.js`), js.outputText);
}
Math.seedrandom = local('seedrandom');
const dataset = require(path.join(process.cwd(), 'tfp_dataset.js'));
const nn = require(path.join(process.cwd(), 'tfp_nn.js'));

// playground.ts's INPUTS.
const INPUTS = {
  x: (x, y) => x,
  y: (x, y) => y,
  xSquared: (x, y) => x * x,
  ySquared: (x, y) => y * y,
  xTimesY: (x, y) => x * y,
  sinX: (x, y) => Math.sin(x),
  sinY: (x, y) => Math.sin(y),
};
const CLASSIFY = {circle: dataset.classifyCircleData, xor: dataset.classifyXORData, gauss: dataset.classifyTwoGaussData, spiral: dataset.classifySpiralData};
const REGRESS = {'reg-plane': dataset.regressPlane, 'reg-gauss': dataset.regressGaussian};

function run(c) {
  const regression = c.problem === 'regression';
  // generateData(true)
  Math.seedrandom(c.seed);
  const generator = regression ? REGRESS[c.regDataset] : CLASSIFY[c.dataset];
  const data = generator(regression ? 1200 : 500, c.noise / 100);
  dataset.shuffle(data);
  const splitIndex = Math.floor(data.length * c.percTrainData / 100);
  const trainData = data.slice(0, splitIndex);
  const testData = data.slice(splitIndex);
  // reset(true)
  const inputIds = c.features;
  const constructInput = (x, y) => inputIds.map((id) => INPUTS[id](x, y));
  const shape = [inputIds.length].concat(c.networkShape).concat([1]);
  const activation = nn.Activations[c.activation.toUpperCase()];
  const output = regression ? nn.Activations.LINEAR : nn.Activations.TANH;
  const regularization = {none: null, L1: nn.RegularizationFunction.L1, L2: nn.RegularizationFunction.L2}[c.regularization];
  const network = nn.buildNetwork(shape, activation, output, regularization, inputIds, false);
  const getLoss = (points) => {
    let loss = 0;
    for (const p of points) {
      const out = nn.forwardProp(network, constructInput(p.x, p.y));
      loss += nn.Errors.SQUARE.error(out, p.label);
    }
    return loss / points.length;
  };
  const parameters = () => network.slice(1).map((layer) => layer.map((node) => ({bias: node.bias, weights: node.inputLinks.map((l) => l.weight)})));
  const first = parameters();
  const losses = [[getLoss(trainData), getLoss(testData)]];
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    // oneStep()
    trainData.forEach((point, i) => {
      nn.forwardProp(network, constructInput(point.x, point.y));
      nn.backProp(network, point.label, nn.Errors.SQUARE);
      if ((i + 1) % c.batchSize === 0) nn.updateWeights(network, c.learningRate, c.regularizationRate);
    });
    losses.push([getLoss(trainData), getLoss(testData)]);
  }
  const flags = Object.keys(INPUTS).map((id) => `${id}=${inputIds.includes(id)}`).join('&');
  const link = 'https://playground.tensorflow.org/#' +
    `activation=${c.activation}&batchSize=${c.batchSize}&dataset=${c.dataset}&regDataset=${c.regDataset}` +
    `&learningRate=${c.learningRate}&regularization=${c.regularization}&regularizationRate=${c.regularizationRate}` +
    `&noise=${c.noise}&networkShape=${c.networkShape.join(',')}&seed=${c.seed}&showTestData=false` +
    `&discretize=false&percTrainData=${c.percTrainData}&${flags}&problem=${c.problem}&initZero=false&hideText=false`;
  const points = (ps) => ps.map((p) => [p.x, p.y, p.label]);
  return {link, epochs: c.epochs, train: points(trainData), test: points(testData), first, last: parameters(), losses};
}

const base = {dataset: 'circle', regDataset: 'reg-plane', problem: 'classification', activation: 'tanh', regularization: 'none', regularizationRate: 0, noise: 0, percTrainData: 50, batchSize: 10, learningRate: 0.03, features: ['x', 'y'], networkShape: [4, 2]};
const cases = [
  {seed: '0.13116', epochs: 200},
  {seed: '0.78236', dataset: 'spiral', networkShape: [8, 8, 8, 8, 8, 8], features: ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'], epochs: 400},
  {seed: '0.5', dataset: 'xor', activation: 'relu', networkShape: [3], noise: 25, percTrainData: 70, regularization: 'L1', regularizationRate: 0.001, learningRate: 0.01, features: ['x', 'y', 'xTimesY'], epochs: 150},
  {seed: '0.99', dataset: 'gauss', activation: 'sigmoid', networkShape: [2], noise: 50, percTrainData: 30, regularization: 'L2', regularizationRate: 0.01, learningRate: 0.1, batchSize: 30, epochs: 100},
  {seed: '0.1234', problem: 'regression', regDataset: 'reg-plane', activation: 'linear', networkShape: [3], noise: 10, learningRate: 0.01, batchSize: 5, epochs: 60},
  {seed: '0.42', problem: 'regression', regDataset: 'reg-gauss', networkShape: [6, 4], noise: 5, features: ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'], epochs: 60},
];
const runs = cases.map((c) => run(Object.assign({}, base, c)));
process.stdout.write(JSON.stringify({made_by: `make_fixtures.js, node ${process.version}, d3 3.5.17, seedrandom 2.4.4`, runs}) + '\n');
